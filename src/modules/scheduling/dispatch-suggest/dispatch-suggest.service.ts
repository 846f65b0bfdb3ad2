// POST /v1/ops/dispatch/suggest (spec §11.2): the drivers who can take a move's trip, ranked, and
// why the others cannot (the rule: suggest-rules.ts). It reads; dispatching stays a separate call.
// A move dispatch would refuse (finished, canceled, a cancelation pending, already started) is
// refused here the same way (409 move_not_modifiable).
import type { Database } from '../../../db/database.ts';
import { ApiError, moveNotFound } from '../../../lib/errors.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import type { LatLon } from '../../lanes/route-estimator.ts';
import { checkDispatch } from '../../moves/lifecycle/state-machine.ts';
import { isActiveMove } from '../../moves/move-statuses.ts';
import type { ScenarioView } from '../../moves/move-document.ts';
import { findDriversOnMovesOf, findScenarioIdOfMove, loadScenario } from '../../moves/moves.repository.ts';
import { findRooftop } from '../../rooftops/rooftops.repository.ts';
import { type OccupancyRules, occupiedSpan } from '../capacity/occupancy.ts';
import { findAssignedMovesAround, findDispatchableDrivers, findShiftsHolding } from './dispatch-suggest.repository.ts';
import { suggestAnswerJson } from './suggest-document.ts';
import { type DriverFacts, rankDrivers, type SuggestTrip } from './suggest-rules.ts';
import { groupBy } from '../../../lib/group-by.ts';

/** Shifts are at most a day: a previous trip on the trip's shift ended less than a day before it. */
const DAY_MS = 24 * 3_600_000;

export class DispatchSuggestService {
  constructor(private readonly deps: { database: Database; occupancy: OccupancyRules }) {}

  /** The answer, serialized. */
  async suggest(auth: AuthContext, moveId: number): Promise<string> {
    const db = this.deps.database.db;
    const scenarioId = await findScenarioIdOfMove(db, moveId, auth.rooftopIds);
    const view = scenarioId === undefined ? undefined : await loadScenario(db, scenarioId);
    if (!view) throw moveNotFound();
    const verdict = checkDispatch(view.moves);
    if (!verdict.ok) throw new ApiError('move_not_modifiable', `no driver can be suggested: ${verdict.reason}`);
    const trip = await this.tripOf(view, moveId);
    const facts = await this.driverFacts(auth, trip, view.scenario.id);
    return suggestAnswerJson({ move_id: moveId, ...rankDrivers(trip, facts) });
  }

  private async tripOf(view: ScenarioView, moveId: number): Promise<SuggestTrip> {
    const { scenario, moves } = view;
    // Every scenario has its busy time since migration 018; computed again only if one did not.
    const span =
      scenario.busy_from !== null && scenario.busy_until !== null
        ? { from: Number(scenario.busy_from), until: Number(scenario.busy_until) }
        : occupiedSpan(Number(scenario.ready_by_time), moves.map((m) => view.lanes.get(m.lane_id)!.duration_minutes), this.deps.occupancy);
    const pickup = view.locations.get(moves[0]!.pickup_location_id)!;
    const rooftop = (await findRooftop(this.deps.database.db, scenario.rooftop_id))!;
    return {
      moveId,
      rooftopId: scenario.rooftop_id,
      ...span,
      manual: moves.some((m) => Number(m.vehicle_manual) === 1),
      firstPickup: { lat: Number(pickup.lat), lon: Number(pickup.lon) },
      serviceLot: { lat: Number(rooftop.lat), lon: Number(rooftop.lon) },
    };
  }

  /**
   * What the rule needs of every driver. For an ops client scoped to rooftops, where a driver is
   * stays as private as on GET /v1/ops/drivers: their last position counts only while they are on
   * one of its rooftops' moves, and a previous trip only when it is of its rooftops.
   */
  private async driverFacts(auth: AuthContext, trip: SuggestTrip, scenarioId: number): Promise<DriverFacts[]> {
    const db = this.deps.database.db;
    const drivers = await findDispatchableDrivers(db);
    const shifts = await findShiftsHolding(db, trip.from, trip.until);
    const moves = (await findAssignedMovesAround(db, trip.from - DAY_MS, trip.until, scenarioId)).filter(isActiveMove);
    const located = drivers.filter((d) => d.last_lat !== null && d.last_lon !== null && d.last_located_at !== null).map((d) => Number(d.id));
    const visible = auth.allRooftops ? new Set(located) : new Set(await findDriversOnMovesOf(db, located, auth.rooftopIds));

    const trips = new Map<number, DriverFacts['trips']>();
    for (const scenarioMoves of groupBy(moves, (m) => m.scenarioId).values()) {
      const first = scenarioMoves[0]!;
      const shown = auth.allRooftops || auth.rooftopIds.includes(first.rooftopId);
      const lastDelivery: LatLon | null = shown ? scenarioMoves.at(-1)!.delivery : null;
      const list = trips.get(first.driverId) ?? [];
      list.push({ firstMoveId: first.moveId, from: first.busyFrom, until: first.busyUntil, lastDelivery });
      trips.set(first.driverId, list);
    }
    return drivers.map((d) => {
      const id = Number(d.id);
      return {
        id,
        name: d.name,
        active: Number(d.active) === 1,
        canDriveManual: Number(d.can_drive_manual) === 1,
        lastPosition: visible.has(id) ? { lat: Number(d.last_lat), lon: Number(d.last_lon), at: Number(d.last_located_at) } : null,
        shifts: shifts.filter((s) => s.driverId === id),
        trips: trips.get(id) ?? [],
      };
    });
  }
}
