import type { Database } from '../../db/database.ts';
import { lockKey } from '../../db/locks.ts';
import type { Clock } from '../../lib/clock.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import { createDriverRecord } from '../drivers/create-driver.ts';

/** The sandbox's own driver, created the first time a sequence needs one (once, even when racing). */
export async function sandboxDriverId(database: Database, deps: { clock: Clock; ids: IdGenerator }): Promise<number> {
  return database.db.transaction().execute(async (trx) => {
    await lockKey(trx, database.dialect, 'sandbox-driver');
    const existing = await trx.selectFrom('drivers').select('id').where('sandbox', '=', 1).orderBy('id').executeTakeFirst();
    if (existing) return existing.id;
    const created = await createDriverRecord(
      trx,
      { name: 'Sandbox Driver', phone: '+18045550100', canDriveManual: true },
      deps,
    );
    await trx.updateTable('drivers').set({ sandbox: 1 }).where('id', '=', created.created.driver_id).execute();
    return created.created.driver_id;
  });
}
