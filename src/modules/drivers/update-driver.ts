// PATCH of a driver. A new name reaches the documents of the moves they drive: the stored copies
// that show the old one are forgotten in the same transaction (see moves/scenario-document.ts).
import type { Database } from '../../db/database.ts';
import type { DriverRow } from '../../db/schema.ts';
import { forgetDocumentsNamingDriver } from '../moves/moves.repository.ts';
import { type DriverChanges, updateDriver } from './drivers.repository.ts';

export async function changeDriver(
  database: Database,
  id: number,
  changes: DriverChanges,
  now: number,
): Promise<DriverRow | undefined> {
  return database.db.transaction().execute(async (trx) => {
    const row = await updateDriver(trx, id, changes, now);
    if (row && changes.name !== undefined) await forgetDocumentsNamingDriver(trx, id);
    return row;
  });
}
