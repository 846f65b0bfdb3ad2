import type { Kysely, Migration } from 'kysely';

/**
 * What the worker needs to share its slots fairly (src/jobs/claim-plan.ts): the rooftop a job
 * works for, and a concurrency key — for a webhook delivery its target's host — under which jobs
 * of one kind are capped together. Both nullable: jobs queued before this migration, and jobs of
 * no tenant, have neither, and are shared out as one group of their own.
 */
export const jobFairness = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('jobs').addColumn('rooftop_id', 'bigint').execute();
    await db.schema.alterTable('jobs').addColumn('concurrency_key', 'text').execute();
  },
});
