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
