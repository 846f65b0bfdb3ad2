// GET /track/:token: from a token to what the page shows, or why it shows nothing.
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../lib/clock.ts';
import type { LatLon, RouteEstimator } from '../lanes/route-estimator.ts';
import type { ScenarioView } from '../moves/move-document.ts';
import { loadScenario } from '../moves/moves.repository.ts';
import type { InspectionTimes } from './tracking-timeline.ts';
import { findRooftop } from '../rooftops/rooftops.repository.ts';
import { findDispatchedAt, findScenarioIdByToken, findTrackedDriver } from './tracking.repository.ts';
import { buildTrackingStatus, isExpired, nextStop, type TrackingFacts, type TrackingStatus } from './tracking-view.ts';

export interface TrackingDeps {
  database: Database;
  clock: Clock;
  router: RouteEstimator;
  /** A link keeps working this long after its trip ended (delivered or canceled). */
  expiryHours: number;
}

export type TrackingResult = { kind: 'found'; status: TrackingStatus } | { kind: 'not_found' } | { kind: 'expired' };

/** Tracking tokens are URL-safe base64 (ids.token): anything else is not looked up at all. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** When each move's ends were signed, for the "Vehicle inspected" steps (never the photos or data). */
function inspectionTimes(view: ScenarioView): Map<number, InspectionTimes> {
  const times = new Map<number, InspectionTimes>();
  for (const [moveId, slots] of view.slots) {
    const signed = (slot: string) => slots.find((s) => s.slot === slot)?.signed_at ?? null;
    if (slots.length) times.set(moveId, { pickup: signed('pickup'), delivery: signed('delivery') });
  }
  return times;
}

export class TrackingService {
  constructor(private readonly deps: TrackingDeps) {}

  async track(token: string): Promise<TrackingResult> {
    if (!TOKEN_PATTERN.test(token)) return { kind: 'not_found' };
    const { db } = this.deps.database;
    const now = this.deps.clock.now();
    const scenarioId = await findScenarioIdByToken(db, token);
    const view = scenarioId === undefined ? undefined : await loadScenario(db, scenarioId);
    if (!view || !view.moves.length) return { kind: 'not_found' };
    if (isExpired(view.moves, now, this.deps.expiryHours)) return { kind: 'expired' };

    const leg0 = view.moves[0]!;
    const driverId = view.moves.find((m) => m.driver_id !== null)?.driver_id ?? null;
    const [rooftop, driver, dispatchedAt] = await Promise.all([
      findRooftop(db, leg0.rooftop_id),
      driverId === null ? undefined : findTrackedDriver(db, driverId),
      findDispatchedAt(db, leg0.id),
    ]);
    if (!rooftop) return { kind: 'not_found' };

    // The ETA: from the driver's last position (the leg's pickup when there is none) to the next stop.
    let eta: TrackingFacts['eta'] = null;
    const stop = nextStop(view.moves);
    const target = stop ? view.locations.get(stop.locationId) : undefined;
    const pickup = stop ? view.locations.get(stop.move.pickup_location_id) : undefined;
    if (stop && target && pickup) {
      const known = driver && driver.last_lat !== null && driver.last_lon !== null;
      const from: LatLon = known ? { lat: driver.last_lat!, lon: driver.last_lon! } : { lat: pickup.lat, lon: pickup.lon };
      const estimate = await this.deps.router.estimate(from, { lat: target.lat, lon: target.lon });
      eta = { durationMinutes: estimate.durationMinutes, source: known ? 'driver_position' : 'pickup_location' };
    }

    const status = buildTrackingStatus({
      now,
      scenario: view.scenario,
      moves: view.moves,
      locations: view.locations,
      rooftop,
      driverName: driver?.name ?? null,
      dispatchedAt,
      eta,
      inspections: inspectionTimes(view),
    });
    return { kind: 'found', status };
  }
}
