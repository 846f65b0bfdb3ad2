import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from './helpers.ts';

/** The outbox: durable jobs (webhook deliveries, SMS) enqueued in the same transaction as the write that causes them. */
export const jobs = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    await withId(db.schema.createTable('jobs'), dialect)
      .addColumn('kind', 'text', (c) => c.notNull())
      /** JSON. */
      .addColumn('payload', 'text', (c) => c.notNull())
      /** Not claimed before this instant (epoch ms): the first run, then each retry. */
      .addColumn('run_at', 'bigint', (c) => c.notNull())
      /** 'queued' | 'running' | 'done' | 'failed'. */
      .addColumn('state', 'text', (c) => c.notNull())
      /** Claims so far, including the current one. */
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      /** While running: the claim lapses after this instant (its worker died) and another worker may take it. */
      .addColumn('locked_until', 'bigint')
      .addColumn('locked_by', 'text')
      .addColumn('last_error', 'text')
      /** A producer's "at most one job per X", enforced here; null for jobs that need no such rule. */
      .addColumn('dedupe_key', 'text', (c) => c.unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('jobs_state_run_at').on('jobs').columns(['state', 'run_at']).execute();
  },
});
