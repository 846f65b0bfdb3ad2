// AUTH_SECRET when configured; otherwise one generated on first start and kept in the database,
// so a restart (or a second process) keeps issued tokens valid.
import type { Executor } from '../../db/executor.ts';
import type { IdGenerator } from '../../lib/ids.ts';

export async function resolveAuthSecret(db: Executor, configured: string | null, ids: IdGenerator): Promise<string> {
  if (configured) return configured;
  await db
    .insertInto('settings')
    .values({ key: 'auth_secret', value: ids.token(32) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'auth_secret').executeTakeFirstOrThrow();
  return row.value;
}
