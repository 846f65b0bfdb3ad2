// Migrations run at start (server and every CLI command), so a new database is ready without a
// separate step; several processes starting together are safe.
import { type Migration, sql } from 'kysely';
import type { Database, Dialect } from './database.ts';
import { dialectOf } from './engine.ts';
import { initial } from './migrations/001-initial.ts';
import { idempotency } from './migrations/002-idempotency.ts';
import { duplicateCheckIndexes } from './migrations/003-duplicate-check-indexes.ts';
import { driversAndSteps } from './migrations/004-drivers-and-steps.ts';
import { jobs } from './migrations/005-jobs.ts';
import { webhooks } from './migrations/006-webhooks.ts';
import { sms } from './migrations/007-sms.ts';
import { tracking } from './migrations/010-tracking.ts';
import { eventLogPositions } from './migrations/011-event-log-positions.ts';
import { scenarioDocuments } from './migrations/012-scenario-documents.ts';
import { jobFairness } from './migrations/013-job-fairness.ts';
import { retention } from './migrations/014-retention.ts';
import { opsScope } from './migrations/015-ops-scope.ts';
import { idempotencyOwner } from './migrations/016-idempotency-owner.ts';
import { workflows } from './migrations/017-workflows.ts';
import { scheduling } from './migrations/018-scheduling.ts';
import { cancelReason } from './migrations/019-cancel-reason.ts';
import { billing } from './migrations/020-billing.ts';
import { charges } from './migrations/021-charges.ts';
import { portalUsers } from './migrations/022-portal-users.ts';
import { moveSearch } from './migrations/023-move-search.ts';
import { timelineSources } from './migrations/024-timeline-sources.ts';
import { photoUploader } from './migrations/025-photo-uploader.ts';

// In order; a name is never reused or edited once it has shipped.
const MIGRATIONS: [name: string, make: (dialect: Dialect) => Migration][] = [
  ['001-initial', initial],
  ['002-idempotency', idempotency],
  ['003-duplicate-check-indexes', duplicateCheckIndexes],
  ['004-drivers-and-steps', driversAndSteps],
  ['005-jobs', jobs],
  ['006-webhooks', webhooks],
  ['007-sms', sms],
  ['010-tracking', tracking],
  ['011-event-log-positions', eventLogPositions],
  ['012-scenario-documents', scenarioDocuments],
  ['013-job-fairness', jobFairness],
  ['014-retention', retention],
  ['015-ops-scope', opsScope],
  ['016-idempotency-owner', idempotencyOwner],
  ['017-workflows', workflows],
  ['018-scheduling', scheduling],
  ['019-cancel-reason', cancelReason],
  ['020-billing', billing],
  ['021-charges', charges],
  ['022-portal-users', portalUsers],
  ['023-move-search', moveSearch],
  ['024-timeline-sources', timelineSources],
  ['025-photo-uploader', photoUploader],
];

export const MIGRATION_NAMES = MIGRATIONS.map(([name]) => name);

/** The names of the migrations applied to this database (GET /readyz compares them with MIGRATION_NAMES). */
export async function appliedMigrationNames(db: Database): Promise<string[]> {
  const applied = await sql<{ name: string }>`select name from handoff_migrations`.execute(db.db);
  return applied.rows.map((r) => r.name);
}

/**
 * Applies the pending migrations, each in its own transaction, and returns their names.
 *
 * Our own small runner rather than Kysely's Migrator: that one introspects every schema of the
 * database on each start and takes one database-wide lock, which breaks when several schemas
 * (tests, tenants) start and drop concurrently. Here the bookkeeping is one table in the current
 * schema, and on PostgreSQL an advisory lock keyed by that schema serializes concurrent starters.
 */
export async function migrate(db: Database): Promise<string[]> {
  const dialect = dialectOf(db.db);
  return db.db.connection().execute(async (conn) => {
    if (dialect === 'postgres') {
      await sql`select pg_advisory_lock(hashtext('handoff-migrate:' || current_schema()))`.execute(conn);
    }
    try {
      await sql`create table if not exists handoff_migrations (name text primary key, applied_at bigint not null)`.execute(conn);
      const applied: string[] = [];
      for (const [name, make] of MIGRATIONS) {
        const ran = await conn.transaction().execute(async (trx) => {
          // Checked inside the transaction: another SQLite process may have applied it meanwhile.
          const done = await sql<{ name: string }>`select name from handoff_migrations where name = ${name}`.execute(trx);
          if (done.rows.length) return false;
          await make(dialect).up(trx);
          await sql`insert into handoff_migrations (name, applied_at) values (${name}, ${Date.now()})`.execute(trx);
          return true;
        });
        if (ran) applied.push(name);
      }
      return applied;
    } finally {
      if (dialect === 'postgres') {
        await sql`select pg_advisory_unlock(hashtext('handoff-migrate:' || current_schema()))`.execute(conn);
      }
    }
  });
}
