// Serializing work on one logical key inside a transaction. PostgreSQL takes a transaction-scoped
// advisory lock; SQLite needs nothing, because its transactions already run one at a time.
import { sql } from 'kysely';
import type { Dialect } from './database.ts';
import type { Executor } from './executor.ts';

export async function lockKey(trx: Executor, dialect: Dialect, key: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

/** Lock a scenario's move rows until the transaction ends (PostgreSQL); SQLite is already exclusive. */
export async function lockScenarioMoves(trx: Executor, dialect: Dialect, scenarioId: number): Promise<void> {
  if (dialect === 'postgres') {
    await trx.selectFrom('moves').select('id').where('scenario_id', '=', scenarioId).forUpdate().execute();
  }
}
