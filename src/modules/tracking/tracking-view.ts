// What the public tracking page says (spec §8), as pure functions of stored rows and "now". The page
// (tracking-page.ts) and GET /track/:token/status render exactly this object, so the first paint and
// every live update tell the same story; tracking-status.ts is its shape and the privacy boundary.
// The parts: what each place is to the customer (tracking-places.ts), the timeline
// (tracking-timeline.ts), the ETA (tracking-eta.ts), the words (tracking-wording.ts) and local times
// (tracking-time.ts). This file holds where the trip stands: the next stop, the state, the expiry.
import type { LocationRow, MoveRow, RooftopRow, ScenarioRow } from '../../db/schema.ts';
import { formatInstant } from '../../lib/instant.ts';
import { isActiveMove, isCanceled } from '../moves/lifecycle/state-machine.ts';
import { etaTarget, etaView } from './tracking-eta.ts';
import { customerPlaces, customerZone, placeKinds } from './tracking-places.ts';
import type { EtaView, TrackingStatus, TripState } from './tracking-status.ts';
import { localClock, zoneAbbreviation } from './tracking-time.ts';
import { type InspectionTimes, timeline } from './tracking-timeline.ts';
import { firstName, headline, STATE_LABELS } from './tracking-wording.ts';

export type { TrackingStatus } from './tracking-status.ts';

export interface TrackingFacts {
  now: number;
  scenario: ScenarioRow;
  /** In cardinality order. */
  moves: MoveRow[];
  locations: Map<number, LocationRow>;
  rooftop: RooftopRow;
  driverName: string | null;
  /** When the driver was (last) assigned. */
  dispatchedAt: number | null;
  /** The drive estimate to the next stop, when there is one (see etaTarget). */
  eta: { durationMinutes: number; source: EtaView['source'] } | null;
  /** When each move's ends were inspected (signed); moves booked before inspections have none. */
  inspections?: Map<number, InspectionTimes>;
}

export function buildTrackingStatus(f: TrackingFacts): TrackingStatus {
  const { now, rooftop } = f;
  const kinds = placeKinds(f.scenario, f.moves, f.locations, rooftop);
  const zone = customerZone(kinds, f.locations, rooftop);
  const places = customerPlaces(kinds, f.locations, rooftop, f.scenario.hide_service_location === 1);
  const state = tripState(f.moves);
  const canceledAt = state === 'canceled' ? Math.max(...f.moves.map((m) => m.cancel_decided_at ?? m.updated_at)) : null;
  const { legs, current } = timeline({ now, moves: f.moves, dispatchedAt: f.dispatchedAt, zone, place: places.place, canceledAt, inspections: f.inspections });
  const stop = nextStop(f.moves);
  return {
    state,
    state_label: STATE_LABELS[state],
    rooftop: { name: rooftop.name },
    headline: headline(state, current),
    driver: f.driverName ? { first_name: firstName(f.driverName) } : null,
    eta: stop && f.eta ? etaView(now, f.eta.durationMinutes, zone, places.destination(stop.locationId), f.eta.source) : null,
    legs,
    time_zone: { name: zone, abbreviation: zoneAbbreviation(now, zone) },
    updated_at: formatInstant(now),
    updated_at_local: localClock(now, zone, now),
  };
}

/** Canceled when every move was; completed when every move ended; under way from the first pickup start. */
function tripState(moves: Pick<MoveRow, 'status' | 'cancel_status' | 'pickup_started'>[]): TripState {
  if (moves.length > 0 && moves.every(isCanceled)) return 'canceled';
  if (moves.length > 0 && !moves.some(isActiveMove)) return 'completed';
  return moves.some((m) => m.pickup_started !== null) ? 'in_progress' : 'assigned';
}

/** The move whose step comes next: the first active one (neither delivered nor canceled). */
export function activeMove<M extends Pick<MoveRow, 'status' | 'cancel_status'>>(moves: M[]): M | undefined {
  return moves.find(isActiveMove);
}

/** Where the driver is heading next, when the trip is at a step that has an ETA (see etaTarget). */
export function nextStop<M extends Pick<MoveRow, 'status' | 'cancel_status' | 'pickup_location_id' | 'delivery_location_id'>>(
  moves: M[],
): { move: M; locationId: number } | null {
  const move = activeMove(moves);
  const target = move ? etaTarget(move.status) : null;
  if (!move || !target) return null;
  return { move, locationId: target === 'pickup' ? move.pickup_location_id : move.delivery_location_id };
}

// ── expiry ───────────────────────────────────────────────────────────────────────────────────────

type EndFields = Pick<MoveRow, 'status' | 'cancel_status' | 'delivery_successful' | 'cancel_decided_at' | 'updated_at'>;

/** When the trip ended — every move delivered or canceled — or null while it goes on. */
export function tripEndedAt(moves: EndFields[]): number | null {
  if (!moves.length || moves.some(isActiveMove)) return null;
  return Math.max(
    ...moves.map((m) => (isCanceled(m) ? (m.cancel_decided_at ?? m.updated_at) : (m.delivery_successful ?? m.updated_at))),
  );
}

/** A link stops working `expiryHours` after its trip ended. */
export function isExpired(moves: EndFields[], now: number, expiryHours: number): boolean {
  const ended = tripEndedAt(moves);
  return ended !== null && now >= ended + expiryHours * 3_600_000;
}
