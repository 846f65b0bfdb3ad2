// Migrations run at start (server and every CLI command), so a new database is ready without a
// separate step. Kysely's migrator takes a lock, so several processes starting together are safe.
import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Database } from './database.ts';
import { initial } from './migrations/001-initial.ts';
import { idempotency } from './migrations/002-idempotency.ts';
import { duplicateCheckIndexes } from './migrations/003-duplicate-check-indexes.ts';
import { driversAndSteps } from './migrations/004-drivers-and-steps.ts';

// In order; a name is never reused or edited once it has shipped.
const MIGRATIONS: [name: string, make: (dialect: Database['dialect']) => Migration][] = [
  ['001-initial', initial],
  ['002-idempotency', idempotency],
  ['003-duplicate-check-indexes', duplicateCheckIndexes],
  ['004-drivers-and-steps', driversAndSteps],
];

export const MIGRATION_NAMES = MIGRATIONS.map(([name]) => name);

function provider(db: Database): MigrationProvider {
  const all = Object.fromEntries(MIGRATIONS.map(([name, make]) => [name, make(db.dialect)]));
  return { getMigrations: async () => all };
}

export async function migrate(db: Database): Promise<string[]> {
  // Kysely looks for its bookkeeping tables across every schema it can see, so on PostgreSQL it
  // is told the current one: otherwise a database shared by several schemas (tests, tenants)
  // finds another schema's tables and never creates its own.
  const schema =
    db.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db.db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({ db: db.db, provider: provider(db), migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
