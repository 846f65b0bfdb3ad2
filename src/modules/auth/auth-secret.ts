// AUTH_SECRET when configured; otherwise one generated on first start and kept in the database,
// so a restart (or a second process) keeps issued tokens valid.
import type { Executor } from '../../db/executor.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import { keepFirstSetting } from '../settings/settings.repository.ts';

export async function resolveAuthSecret(db: Executor, configured: string | null, ids: IdGenerator): Promise<string> {
  if (configured) return configured;
  return keepFirstSetting(db, 'auth_secret', ids.token(32));
}
