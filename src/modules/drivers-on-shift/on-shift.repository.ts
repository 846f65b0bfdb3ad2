// SQL of "who is on shift now": the active drivers with a shift holding the instant, and that shift.
import type { Executor } from '../../db/executor.ts';
import type { DriverRow, DriverShiftRow } from '../../db/schema.ts';

export interface DriverOnShift {
  driver: DriverRow;
  shift: DriverShiftRow;
}

/**
 * Active drivers whose shift holds `at` (starts_at ≤ at < ends_at), by driver id. `rooftopIds`: only
 * shifts for every rooftop and those of regions of these rooftops (null: all), as the shift list
 * scopes them. A driver's shifts never overlap, so each driver comes once; should two ever hold
 * `at`, the earlier-starting one is kept.
 */
export async function findDriversOnShift(db: Executor, q: { at: number; rooftopIds: number[] | null }): Promise<DriverOnShift[]> {
  let query = db
    .selectFrom('driver_shifts')
    .innerJoin('drivers', 'drivers.id', 'driver_shifts.driver_id')
    .leftJoin('regions', 'regions.id', 'driver_shifts.region_id')
    .selectAll('driver_shifts')
    .where('driver_shifts.starts_at', '<=', q.at)
    .where('driver_shifts.ends_at', '>', q.at)
    .where('drivers.active', '=', 1);
  if (q.rooftopIds !== null) {
    const rooftopIds = q.rooftopIds;
    query = query.where((eb) =>
      rooftopIds.length ? eb.or([eb('driver_shifts.region_id', 'is', null), eb('regions.rooftop_id', 'in', rooftopIds)]) : eb('driver_shifts.region_id', 'is', null),
    );
  }
  const shifts = await query.orderBy('driver_shifts.driver_id').orderBy('driver_shifts.starts_at').execute();
  if (!shifts.length) return [];
  const driverIds = [...new Set(shifts.map((s) => Number(s.driver_id)))];
  const drivers = await db.selectFrom('drivers').selectAll().where('id', 'in', driverIds).execute();
  const byId = new Map(drivers.map((d) => [Number(d.id), d]));
  const seen = new Set<number>();
  const found: DriverOnShift[] = [];
  for (const shift of shifts) {
    const driver = byId.get(Number(shift.driver_id));
    if (!driver || seen.has(Number(driver.id))) continue;
    seen.add(Number(driver.id));
    found.push({ driver, shift });
  }
  return found;
}
