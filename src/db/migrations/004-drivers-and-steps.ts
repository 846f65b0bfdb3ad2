import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from './helpers.ts';

/** Drivers, the steps they record (spec §7), and the cancelation bookkeeping of moves. */
export const driversAndSteps = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    await withId(db.schema.createTable('drivers'), dialect)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('can_drive_manual', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      /** The on-demand driver of sandbox mode. */
      .addColumn('sandbox', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_lat', 'double precision')
      .addColumn('last_lon', 'double precision')
      .addColumn('last_located_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('move_steps'), dialect)
      .addColumn('move_id', 'bigint', (c) => c.notNull().references('moves.id'))
      .addColumn('driver_id', 'bigint', (c) => c.references('drivers.id'))
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('lat', 'double precision')
      .addColumn('lon', 'double precision')
      .addColumn('odometer', 'double precision')
      .addColumn('fuel_level', 'double precision')
      .addColumn('notes', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('move_steps_move').on('move_steps').column('move_id').execute();

    await db.schema.alterTable('moves').addColumn('cancel_requested_at', 'bigint').execute();
    await db.schema.alterTable('moves').addColumn('cancel_decided_at', 'bigint').execute();
    /** 'rule' or 'ops'. */
    await db.schema.alterTable('moves').addColumn('cancel_decided_by', 'text').execute();
    await db.schema.createIndex('moves_driver').on('moves').columns(['driver_id', 'id']).execute();
  },
});
