// Serializing work on one logical key inside a transaction. PostgreSQL takes a transaction-scoped
// advisory lock; SQLite needs nothing, because its transactions already run one at a time.
import { sql } from 'kysely';
import type { Dialect } from './database.ts';
import type { Executor } from './executor.ts';

export async function lockKey(trx: Executor, dialect: Dialect, key: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

/**
 * Serialize every change to one scenario until the transaction ends (PostgreSQL; SQLite is already
 * exclusive). The scenario's own row is the lock: one row, so two transactions can never take
 * their locks in different orders (locking the move rows did, and deadlocked under load).
 */
export async function lockScenario(trx: Executor, dialect: Dialect, scenarioId: number): Promise<void> {
  if (dialect === 'postgres') {
    await trx.selectFrom('scenarios').select('id').where('id', '=', scenarioId).forUpdate().execute();
  }
}
