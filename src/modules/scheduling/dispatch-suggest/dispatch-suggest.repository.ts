// What dispatch suggestions read besides the trip itself: the drivers, their shifts holding the
// trip, and the trips already assigned to them around it (with where each one's last leg ends).
import type { Executor } from '../../../db/executor.ts';
import { servingShifts, shiftRead } from '../capacity/capacity.repository.ts';
import type { DriverRow } from '../../../db/schema.ts';

/** Every driver but the sandbox's own (it is no person to dispatch), by id. */
export async function findDispatchableDrivers(db: Executor): Promise<DriverRow[]> {
  return db.selectFrom('drivers').selectAll().where('sandbox', '=', 0).orderBy('id').execute();
}

/** Shifts that hold [from, until) whole, with the rooftop their region serves (null: every rooftop). */
export async function findShiftsHolding(db: Executor, from: number, until: number) {
  const rows = await db
    .selectFrom('driver_shifts')
    .leftJoin('regions', 'regions.id', 'driver_shifts.region_id')
    .select(['driver_shifts.driver_id', 'driver_shifts.starts_at', 'driver_shifts.ends_at', 'driver_shifts.region_id', 'regions.rooftop_id'])
    .where('driver_shifts.ends_at', '>=', until)
    .where('driver_shifts.starts_at', '<=', from)
    .execute();
  return servingShifts(rows).map(shiftRead);
}

/**
 * The moves assigned to a driver in scenarios other than `exceptScenarioId` whose busy time
 * overlaps [from, until), each with its delivery location's coordinates.
 */
export async function findAssignedMovesAround(db: Executor, from: number, until: number, exceptScenarioId: number) {
  const rows = await db
    .selectFrom('moves')
    .innerJoin('scenarios', 'scenarios.id', 'moves.scenario_id')
    .innerJoin('locations', 'locations.id', 'moves.delivery_location_id')
    .select([
      'moves.id',
      'moves.scenario_id',
      'moves.cardinality',
      'moves.driver_id',
      'moves.status',
      'moves.cancel_status',
      'scenarios.rooftop_id',
      'scenarios.busy_from',
      'scenarios.busy_until',
      'locations.lat',
      'locations.lon',
    ])
    .where('moves.driver_id', 'is not', null)
    .where('scenarios.busy_until', '>', from)
    .where('scenarios.busy_from', '<', until)
    .where('scenarios.id', '!=', exceptScenarioId)
    .orderBy('moves.scenario_id')
    .orderBy('moves.cardinality')
    .execute();
  return rows.map((r) => ({
    moveId: Number(r.id),
    scenarioId: Number(r.scenario_id),
    driverId: Number(r.driver_id),
    status: r.status,
    cancel_status: r.cancel_status,
    rooftopId: Number(r.rooftop_id),
    busyFrom: Number(r.busy_from),
    busyUntil: Number(r.busy_until),
    delivery: { lat: Number(r.lat), lon: Number(r.lon) },
  }));
}
