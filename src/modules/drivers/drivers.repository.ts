// SQL of the drivers table. Booleans are stored 0/1 (one representation on both engines).
import type { Insertable } from 'kysely';
import type { Executor } from '../../db/executor.ts';
import type { DriverRow, DriverTable } from '../../db/schema.ts';

export async function insertDriver(db: Executor, driver: Insertable<DriverTable>): Promise<DriverRow> {
  return db.insertInto('drivers').values(driver).returningAll().executeTakeFirstOrThrow();
}

/** Any driver by id, active or not, sandbox or not (ops and dispatch look them up here). */
export async function findDriver(db: Executor, id: number): Promise<DriverRow | undefined> {
  return db.selectFrom('drivers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Drivers in id order; `active` null lists both. Sandbox drivers are listed like the others. */
export async function listDrivers(
  db: Executor,
  q: { active: boolean | null; limit: number; offset: number },
): Promise<DriverRow[]> {
  let query = db.selectFrom('drivers').selectAll();
  if (q.active !== null) query = query.where('active', '=', q.active ? 1 : 0);
  return query.orderBy('id').limit(q.limit).offset(q.offset).execute();
}

/** The sandbox's own driver, if it was made already. */
export async function findSandboxDriverId(db: Executor): Promise<number | undefined> {
  const row = await db.selectFrom('drivers').select('id').where('sandbox', '=', 1).orderBy('id').executeTakeFirst();
  return row?.id;
}

export async function markSandboxDriver(db: Executor, id: number): Promise<void> {
  await db.updateTable('drivers').set({ sandbox: 1 }).where('id', '=', id).execute();
}

/** What a PATCH of a driver may change (readDriverPatch reads it, updateDriver writes it). */
export type DriverChanges = Partial<Pick<DriverTable, 'name' | 'phone' | 'can_drive_manual' | 'active'>>;

/** Applies `changes` (and updated_at); the updated row, or undefined when there is no such driver. */
export async function updateDriver(
  db: Executor,
  id: number,
  changes: DriverChanges,
  now: number,
): Promise<DriverRow | undefined> {
  return db
    .updateTable('drivers')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Whether this driver exists and is active. Deactivating a driver (PATCH active: false) revokes
 * nothing by itself: the driver's API client stays valid and can still authorize. The driver
 * endpoints (/v1/driver/...) must therefore call this for the token's `driverId` and refuse an
 * inactive (or deleted) driver, so a deactivated driver is locked out without touching the client;
 * reactivating the driver lets the same credentials work again. Not cached: one indexed lookup.
 */
export async function isDriverActive(db: Executor, driverId: number): Promise<boolean> {
  const row = await db.selectFrom('drivers').select('active').where('id', '=', driverId).executeTakeFirst();
  return row !== undefined && Number(row.active) === 1;
}
