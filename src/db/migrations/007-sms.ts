import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from './helpers.ts';

/** Customer text messages (spec §8): at most one per move and trigger, and the numbers that opted out. */
export const sms = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    await withId(db.schema.createTable('sms_messages'), dialect)
      .addColumn('move_id', 'bigint', (c) => c.notNull().references('moves.id'))
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      /** confirmed | on_the_way | arrived | delivered */
      .addColumn('trigger', 'text', (c) => c.notNull())
      /** E.164. */
      .addColumn('to_phone', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      /** queued | sent | failed | suppressed (opted out) */
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('provider', 'text')
      .addColumn('provider_message_id', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('sms_messages_move_trigger', ['move_id', 'trigger'])
      .execute();

    await db.schema
      .createTable('sms_opt_outs')
      .addColumn('phone', 'text', (c) => c.primaryKey())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
});
