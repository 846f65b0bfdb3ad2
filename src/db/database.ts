// Opens the configured database behind one Kysely instance. Everything dialect-specific about
// connecting lives here; where SQL differs, db/ asks the executor which engine it is (engine.ts).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type LogConfig,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import type { Schema } from './schema.ts';
import { type CheckpointerOptions, startCheckpointer } from './sqlite-checkpointer.ts';

export type { Dialect } from './engine.ts';

export interface Database {
  db: Kysely<Schema>;
  close(): Promise<void>;
}

// int8 (bigint) columns hold epoch milliseconds and ids, all well inside 2^53.
pg.types.setTypeParser(20, Number);
// numeric/float8 columns come back as numbers too.
pg.types.setTypeParser(1700, Number);

export interface OpenOptions {
  poolSize?: number;
  /** Kysely's query log (tools that count or time queries, such as scripts/bench/queries.ts). */
  log?: LogConfig;
  /**
   * SQLite file: checkpoint the write-ahead log mostly on a worker thread (sqlite-checkpointer.ts)
   * instead of inside commits. For the serving and working processes (deps.ts).
   */
  checkpointer?: boolean | CheckpointerOptions;
}

export function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Database {
  if (config.kind === 'sqlite') {
    if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
    const sqlite = new SqliteDatabase(config.path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const stopCheckpointer =
      options.checkpointer && config.path !== ':memory:'
        ? startCheckpointer(sqlite, config.path, options.checkpointer === true ? {} : options.checkpointer)
        : undefined;
    const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }), log: options.log });
    return {
      db,
      close: async () => {
        await stopCheckpointer?.();
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: options.poolSize ?? 10,
  });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), log: options.log });
  return { db, close: () => db.destroy() };
}

/**
 * The SQLite connection as Kysely sees it, with each prepared statement kept by its SQL text:
 * Kysely prepares every query afresh, and preparing a statement cost about as much as running it
 * (a fifth of a booking's CPU time; see BENCHMARKS.md). The texts are few — the repositories'
 * queries, `in (?, …)` lists of a few lengths — so a bounded map holds them all; the oldest is
 * dropped past the bound. SQLite re-prepares a kept statement by itself after a schema change.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 1000): SqliteDialectConfig['database'] {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
        if (statements.size > max) statements.delete(statements.keys().next().value!);
      }
      return statement;
    },
  };
}

/**
 * SQLite transactions that take the write lock at BEGIN (BEGIN IMMEDIATE) rather than at their
 * first write. A deferred transaction that has read and then writes cannot wait for the lock: if
 * another connection (a `handoff worker` process beside `handoff serve`, or a checkpoint) moved
 * the log under its snapshot meanwhile, SQLite answers "database is locked" at once, busy_timeout
 * or not (measured: hundreds of 500s under load with a second connection checkpointing). Ours are
 * write transactions, and this process runs one at a time anyway.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly sqliteConfig: SqliteDialectConfig) {
    super(sqliteConfig);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.sqliteConfig);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
