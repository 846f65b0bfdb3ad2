import type { Kysely, Migration } from 'kysely';

/**
 * The retention purge (src/modules/retention) finds old rows by their time. Without these indexes
 * its "are any left?" probe would scan the whole table on every run, and on SQLite that scan holds
 * the one connection bookings wait for. Both columns only grow, so each insert appends at the
 * index's right edge. Jobs use jobs_state_run_at, idempotency keys idempotency_keys_created, and
 * drivers (a few hundred rows) need none.
 */
export const retention = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema.createIndex('events_created_at').on('events').column('created_at').execute();
    await db.schema.createIndex('webhook_deliveries_created_at').on('webhook_deliveries').column('created_at').execute();
  },
});
