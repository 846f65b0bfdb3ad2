// The little SQL availability needs of its own (the rest is the capacity picture's and the
// locations' and lanes' repositories).
import type { Executor } from '../../../db/executor.ts';

/** Whether any driver shift was ever recorded: an install that records none does not manage capacity yet. */
export async function shiftsRecorded(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('driver_shifts').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}
