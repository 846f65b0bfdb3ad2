import type { Kysely, Migration } from 'kysely';

/**
 * Commit-ordered log positions for GET /v1/events. An event's insert position is taken before its
 * transaction commits, and on PostgreSQL transactions commit out of order, so a reader paging by it
 * could pass an event that becomes visible later. log_position is given only to committed events,
 * in order, by the sequencer (events.repository.ts), so nothing ever appears behind a cursor.
 */
export const eventLogPositions = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('events').addColumn('log_position', 'bigint').execute();
    await db.schema.createIndex('events_log_position').on('events').column('log_position').unique().execute();
    await db.schema.createIndex('events_rooftop_log_position').on('events').columns(['rooftop_id', 'log_position']).execute();
  },
});
