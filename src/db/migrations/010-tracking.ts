import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * The public tracking page (spec §8): a booking may ask, with `config.hide_service_location`, that
 * the page never shows the service lot's address. Tracking tokens themselves already exist
 * (moves.tracking_token, unique, set at dispatch).
 */
export const tracking = (_dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('scenarios')
      .addColumn('hide_service_location', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
});
