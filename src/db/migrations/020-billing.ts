import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from './helpers.ts';

/**
 * Money (spec §12), first part: rooftops' contracts (mileage bands and accessorial rates, as JSON:
 * a contract is read and priced whole, never queried by band), third-party payers, and each
 * rooftop's payer setting. Amounts are integer cents everywhere.
 */
export const billing = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    await withId(db.schema.createTable('contracts'), dialect)
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      /** Local dates of the rooftop, both included: 'YYYY-MM-DD'. */
      .addColumn('begin_date', 'text', (c) => c.notNull())
      .addColumn('end_date', 'text', (c) => c.notNull())
      /** The workflow set the contract prices (null: any of the rooftop's). */
      .addColumn('workflow_set_id', 'bigint')
      /** JSON array of mileage bands (contract.ts MileageBand), amounts in cents. */
      .addColumn('mileage_bands', 'text', (c) => c.notNull())
      /** JSON object of accessorial rates (contract.ts AccessorialRates), amounts in cents. */
      .addColumn('accessorials', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('contracts_rooftop_dates').on('contracts').columns(['rooftop_id', 'begin_date']).execute();

    await withId(db.schema.createTable('payers'), dialect)
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('payers_rooftop').on('payers').columns(['rooftop_id', 'id']).execute();

    /** 1: every booking must name a third_party_payer (spec §12.4). */
    await db.schema.alterTable('rooftops').addColumn('payer_required', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    /** The payer a booking without third_party_payer is billed to (null: the rooftop itself). */
    await db.schema.alterTable('rooftops').addColumn('default_payer_id', 'bigint').execute();
    /** The third-party payer the scenario is billed to (null: the rooftop). */
    await db.schema.alterTable('scenarios').addColumn('payer_id', 'bigint').execute();
    // The booking document now echoes third_party_payer: stored copies are forgotten and rendered
    // afresh from the rows when next read (moves/scenario-document.ts).
    await db.deleteFrom('scenario_documents').execute();
  },
});
