import type { Kysely, Migration } from 'kysely';

/** duplicate_check looks up a rooftop's moves by reference, stock number or VIN. */
export const duplicateCheckIndexes = (): Migration => ({
  async up(db: Kysely<any>) {
    for (const column of ['reference_id', 'vehicle_stock', 'vehicle_vin']) {
      await db.schema.createIndex(`moves_rooftop_${column}`).on('moves').columns(['rooftop_id', column]).execute();
    }
  },
});
