// Serializing work inside a transaction. PostgreSQL takes transaction-scoped locks; SQLite needs
// none, because its write transactions already run one at a time (engine.ts), and it rejects the
// FOR SHARE / FOR UPDATE clauses. A lock outside a transaction would end with its statement (an
// advisory xact lock: at once), locking nothing, so the helpers take a Transaction.
import { type SelectQueryBuilder, sql } from 'kysely';
import { writersAreSerialized } from './engine.ts';
import type { Executor, Transaction } from './executor.ts';

/** Holds one logical key (any string) until the transaction ends. */
export async function lockKey(trx: Transaction, key: string): Promise<void> {
  if (!writersAreSerialized(trx)) await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

/**
 * Serialize every change to one scenario until the transaction ends. The scenario's own row is the
 * lock: one row, so two transactions can never take their locks in different orders (locking the
 * move rows did, and deadlocked under load).
 */
export async function lockScenario(trx: Transaction, scenarioId: number): Promise<void> {
  if (!writersAreSerialized(trx)) {
    await trx.selectFrom('scenarios').select('id').where('id', '=', scenarioId).forUpdate().execute();
  }
}

// The row-lock clauses as `$call` modifiers of a SELECT run on `trx`: the clause where rows can be
// locked, the query unchanged where writers are serialized anyway.
type Select = SelectQueryBuilder<any, any, any>;

/**
 * FOR SHARE: the rows read cannot change until the transaction ends. It rides on reads that plain
 * and transactional callers share (an option of the scenario loaders), so it takes any executor
 * and checks at run time instead, on either engine: asked for outside a transaction, it throws.
 */
export function forShare(db: Executor) {
  if (!db.isTransaction) throw new Error('FOR SHARE outside a transaction would lock nothing');
  return <Q extends Select>(query: Q): Q => (writersAreSerialized(db) ? query : (query.forShare() as Q));
}

/** FOR UPDATE SKIP LOCKED: lock the rows read, passing over those another transaction holds. */
export function forUpdateSkipLocked(trx: Transaction) {
  return <Q extends Select>(query: Q): Q => (writersAreSerialized(trx) ? query : (query.forUpdate().skipLocked() as Q));
}
