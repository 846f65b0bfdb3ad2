import type { Kysely, Migration } from 'kysely';

/**
 * An ops client is either scoped to the rooftops in client_rooftops or an operator-wide dispatch
 * desk (all_rooftops = 1). A flag rather than links to every rooftop, so a rooftop added later is
 * covered without anyone remembering to link it. 0/1 like every boolean here; existing clients
 * keep their rooftops.
 */
export const opsScope = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('api_clients')
      .addColumn('all_rooftops', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
});
