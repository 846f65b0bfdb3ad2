import type { Kysely, Transaction as KyselyTransaction } from 'kysely';
import type { Schema } from './schema.ts';

/** What repositories run their SQL on: the database itself, or a transaction of it. */
export type Executor = Kysely<Schema>;

/**
 * A transaction in progress: what `db.transaction().execute((trx) => …)` hands over. Code that
 * only means something inside one — an advisory lock (on PostgreSQL, taken outside a transaction
 * it locks nothing and no error says so), enqueuing a job with the write that caused it — takes
 * this type. Kysely's own Transaction type is enough: its `isTransaction` is the literal `true`,
 * so the compiler refuses a plain database where a transaction is wanted.
 */
export type Transaction = KyselyTransaction<Schema>;

/**
 * More writes a caller needs committed with a service's change, given the JSON answer the change
 * produced: the stored Idempotency-Key response (http/idempotency's recordIdempotentResponse), so a
 * process that dies between the commit and the answer leaves no committed change behind a key that
 * a retry would run again.
 */
export type AlsoInTransaction = (trx: Transaction, json: string) => Promise<void>;

/** The options of a service method that writes and answers with JSON. */
export interface WriteOptions {
  inTransaction?: AlsoInTransaction;
}
