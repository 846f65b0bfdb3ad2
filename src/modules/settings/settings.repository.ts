// The settings table: a few values the server keeps for itself (e.g. the generated auth secret).
import type { Executor } from '../../db/executor.ts';

/**
 * The value kept under `key`, storing `candidate` first when there is none. Two processes starting
 * together both get the one that won (ON CONFLICT DO NOTHING, then a read).
 */
export async function keepFirstSetting(db: Executor, key: string, candidate: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value: candidate })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}
