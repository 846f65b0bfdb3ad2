// Every database test runs on both engines: SQLite in a temp file, and PostgreSQL in a fresh
// schema of TEST_POSTGRES_URL (default: the local `test` database). Set TEST_DATABASES=sqlite
// to run only SQLite on a machine without PostgreSQL — the default insists on both, so a missing
// server fails loudly instead of silently testing half.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

export type EngineName = 'sqlite' | 'postgres';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function engines(): EngineName[] {
  const wanted = (process.env.TEST_DATABASES ?? 'sqlite,postgres').split(',').map((s) => s.trim());
  return wanted.filter((e): e is EngineName => e === 'sqlite' || e === 'postgres');
}

export interface ScratchDatabase {
  engine: EngineName;
  config: DatabaseConfig;
  /** DATABASE_URL for a child process (CLI, server). */
  url: string;
  searchPath?: string;
  drop(): Promise<void>;
}

/** A brand-new, empty database of the given engine. */
export async function scratchDatabase(engine: EngineName): Promise<ScratchDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-test-'));
    const path = join(dir, 'test.sqlite');
    return {
      engine,
      config: { kind: 'sqlite', path },
      url: `sqlite:${path}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = withSearchPath(POSTGRES_URL, schema);
  return {
    engine,
    config: { kind: 'postgres', url },
    url,
    searchPath: schema,
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** A postgres URL whose connections use `schema` (libpq `options`, understood by node-postgres). */
function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/**
 * A migrated scratch database of `engine` for the enclosing describe block: made and migrated
 * before its tests, closed and dropped after them. Read `database` and `scratch` inside tests.
 */
export function migratedScratch(engine: EngineName): { readonly database: Database; readonly scratch: ScratchDatabase } {
  const held = {} as { database: Database; scratch: ScratchDatabase };
  before(async () => {
    held.scratch = await scratchDatabase(engine);
    held.database = openDatabase(held.scratch.config, { poolSize: 5 });
    await migrate(held.database);
  });
  after(async () => {
    await held.database.close();
    await held.scratch.drop();
  });
  return held;
}
