import type { Kysely, Migration } from 'kysely';

/**
 * Each scenario's current document as the API sends it, written in the transaction of every change
 * to the scenario, so GET /v1/moves/:id reads one row instead of rendering from five queries.
 * `public_url` is the PUBLIC_URL it was rendered with (its links contain it): a reader with another
 * one, or no row at all (a scenario booked before this table), renders from the rows instead.
 * Its own table, not a scenarios column, so the many `select *` of scenarios do not carry 3 kB.
 */
export const scenarioDocuments = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('scenario_documents')
      .addColumn('scenario_id', 'bigint', (c) => c.primaryKey().references('scenarios.id'))
      .addColumn('public_url', 'text', (c) => c.notNull())
      .addColumn('json', 'text', (c) => c.notNull())
      .execute();
  },
});
