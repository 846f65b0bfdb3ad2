// SQL of drivers' shifts (driver_shifts). Indexes: (driver_id, starts_at) for one driver's shifts.
import type { Insertable } from 'kysely';
import type { Executor, Transaction } from '../../../db/executor.ts';
import type { DriverShiftRow, DriverShiftTable } from '../../../db/schema.ts';

/** A shift and the rooftop its region serves (null: every rooftop). */
export type ShiftWithRooftop = DriverShiftRow & { rooftop_id: number | null };

/**
 * The driver's shifts overlapping [from, until), by start. `rooftopIds`: only the shifts for every
 * rooftop and those of regions of these rooftops (null: all).
 */
export async function findShiftsOfDriver(
  db: Executor,
  driverId: number,
  q: { from: number; until: number; rooftopIds: number[] | null },
): Promise<ShiftWithRooftop[]> {
  let query = db
    .selectFrom('driver_shifts')
    .leftJoin('regions', 'regions.id', 'driver_shifts.region_id')
    .selectAll('driver_shifts')
    .select('regions.rooftop_id')
    .where('driver_shifts.driver_id', '=', driverId)
    .where('driver_shifts.starts_at', '<', q.until)
    .where('driver_shifts.ends_at', '>', q.from);
  if (q.rooftopIds !== null) {
    const rooftopIds = q.rooftopIds;
    query = query.where((eb) =>
      rooftopIds.length ? eb.or([eb('driver_shifts.region_id', 'is', null), eb('regions.rooftop_id', 'in', rooftopIds)]) : eb('driver_shifts.region_id', 'is', null),
    );
  }
  const rows = await query.orderBy('driver_shifts.starts_at').orderBy('driver_shifts.id').execute();
  return rows.map((r) => ({ ...r, rooftop_id: r.rooftop_id === null ? null : Number(r.rooftop_id) }));
}

export async function insertShifts(trx: Transaction, rows: Insertable<DriverShiftTable>[]): Promise<DriverShiftRow[]> {
  const inserted: DriverShiftRow[] = [];
  // In chunks: a year's pattern is 366 rows × 5 values, beyond SQLite's default bound-parameter limit in one statement.
  for (let i = 0; i < rows.length; i += 100) {
    inserted.push(...(await trx.insertInto('driver_shifts').values(rows.slice(i, i + 100)).returningAll().execute()));
  }
  return inserted.sort((a, b) => a.starts_at - b.starts_at || a.id - b.id);
}

/** Deletes the driver's shift; false when the driver has no such shift. */
export async function deleteShift(db: Executor, driverId: number, shiftId: number): Promise<boolean> {
  const result = await db.deleteFrom('driver_shifts').where('id', '=', shiftId).where('driver_id', '=', driverId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
