import type { Database } from '../../db/database.ts';
import { lockKey } from '../../db/locks.ts';
import type { Clock } from '../../lib/clock.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import { createDriverRecord } from '../drivers/create-driver.ts';
import { findSandboxDriverId, markSandboxDriver } from '../drivers/drivers.repository.ts';

/** The sandbox's own driver, created the first time a sequence needs one (once, even when racing). */
export async function sandboxDriverId(database: Database, deps: { clock: Clock; ids: IdGenerator }): Promise<number> {
  return database.db.transaction().execute(async (trx) => {
    await lockKey(trx, 'sandbox-driver');
    const existing = await findSandboxDriverId(trx);
    if (existing !== undefined) return existing;
    const created = await createDriverRecord(
      trx,
      { name: 'Sandbox Driver', phone: '+18045550100', canDriveManual: true },
      deps,
    );
    await markSandboxDriver(trx, created.created.driver_id);
    return created.created.driver_id;
  });
}
