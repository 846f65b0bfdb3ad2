// Which engine answers an executor, asked of the executor itself: the dialect adapter Kysely was
// built with is shared by the database and every transaction and connection taken from it, so
// nothing outside db/ passes the engine around, and an executor can never travel with the wrong
// engine's name. Modules ask the questions below, which say what differs, not which engine it is.
import { PostgresAdapter, type QueryExecutorProvider, SqliteAdapter } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/**
 * For db/ alone (locks, migrations). `getExecutor()` is the QueryExecutorProvider interface every
 * query builder's `execute(db)` goes through, and `adapter` is public on what it returns.
 */
export function dialectOf(db: QueryExecutorProvider): Dialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  throw new Error(`unsupported database adapter ${adapter.constructor.name}`);
}

/**
 * Whether write transactions run one at a time (SQLite: one writer per database, and ours begin
 * IMMEDIATE, see database.ts), so nothing another writer does can change what a transaction has
 * read. False on PostgreSQL, where transactions write side by side and row locks order them.
 */
export function writersAreSerialized(db: QueryExecutorProvider): boolean {
  return dialectOf(db) === 'sqlite';
}

/** The embedded database (a SQLite file) rather than a server that a real deployment runs. */
export function isEmbedded(db: QueryExecutorProvider): boolean {
  return dialectOf(db) === 'sqlite';
}
