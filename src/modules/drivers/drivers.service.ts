// What the drivers module does for its endpoints and for others: add a driver (POST /v1/ops/drivers),
// change one (a rename reaches the documents of the moves they drive), and say whether a driver may
// still use the driver app.
import type { Database } from '../../db/database.ts';
import type { WriteOptions } from '../../db/executor.ts';
import type { DriverRow } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import { forgetDocumentsOfDriver } from '../moves/scenario-document.ts';
import { createDriverRecord, type DriverInput } from './create-driver.ts';
import { driverDocument, newDriverJson } from './driver-document.ts';
import { type DriverChanges, isDriverActive, updateDriver } from './drivers.repository.ts';

/**
 * Adds a driver and their driver-app client; answers with the document and the credentials, shown
 * only here (the route is sensitiveResponse: its stored answer is sealed, by onSend).
 */
export async function addDriver(
  database: Database,
  input: DriverInput,
  deps: { ids: IdGenerator; clock: Clock },
  options: WriteOptions = {},
): Promise<string> {
  return database.db.transaction().execute(async (trx) => {
    const { created, row } = await createDriverRecord(trx, input, deps);
    const json = newDriverJson({ ...driverDocument(row), client_id: created.client_id, client_secret: created.client_secret });
    await options.inTransaction?.(trx, json);
    return json;
  });
}

/**
 * Changes a driver. A new name: the stored documents that show the old one are forgotten in the
 * same transaction (see moves/scenario-document.ts), so GET renders the new one.
 */
export async function changeDriver(
  database: Database,
  id: number,
  changes: DriverChanges,
  now: number,
): Promise<DriverRow | undefined> {
  return database.db.transaction().execute(async (trx) => {
    const row = await updateDriver(trx, id, changes, now);
    if (row && changes.name !== undefined) await forgetDocumentsOfDriver(trx, id);
    return row;
  });
}

/** Whether the driver may use the driver app: a deactivated driver's token stops working at once. */
export function driverMayWork(database: Database, driverId: number): Promise<boolean> {
  return isDriverActive(database.db, driverId);
}
