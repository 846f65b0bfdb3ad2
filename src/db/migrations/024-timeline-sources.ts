import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from './helpers.ts';

/**
 * The timeline's missing sources (GET /v1/moves/:id/timeline):
 *
 * - `driver_positions`: the trail of POST /v1/driver/location, one row per report per move the
 *   driver has under way (none while off duty), written with the driver's last position. The
 *   timeline samples it by (move_id, recorded_at); the purge finds old rows by recorded_at.
 * - `sms_replies`: every inbound text, with the move it answers when one is found (else null).
 *   A provider's retry carries the same message id, which the unique index stores once; a text
 *   without one (never from Twilio) is stored as often as it comes.
 * - sms_messages(to_phone, created_at): an inbound text finds the last text sent to its number.
 * - webhook_deliveries(event_id): the timeline reads a move's delivery attempts by its events
 *   rather than every attempt of the rooftop's subscriptions.
 * - moves(rooftop_id, cancel_requested_at) where the cancelation is pending: the ops desk's list.
 */
export const timelineSources = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    await withId(db.schema.createTable('driver_positions'), dialect)
      .addColumn('driver_id', 'bigint', (c) => c.notNull().references('drivers.id'))
      .addColumn('move_id', 'bigint', (c) => c.notNull().references('moves.id'))
      .addColumn('lat', 'double precision', (c) => c.notNull())
      .addColumn('lon', 'double precision', (c) => c.notNull())
      .addColumn('recorded_at', 'bigint', (c) => c.notNull())
      .execute();
    // id last: the sampling groups by (move_id, instant) and picks ids from the index alone.
    await db.schema.createIndex('driver_positions_move').on('driver_positions').columns(['move_id', 'recorded_at', 'id']).execute();
    await db.schema.createIndex('driver_positions_recorded_at').on('driver_positions').column('recorded_at').execute();

    await withId(db.schema.createTable('sms_replies'), dialect)
      .addColumn('move_id', 'bigint', (c) => c.references('moves.id'))
      /** E.164 when the number is a US one, else as the provider sent it. */
      .addColumn('from_phone', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('provider_message_id', 'text')
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sms_replies_provider_message').on('sms_replies').column('provider_message_id').unique().execute();
    await db.schema.createIndex('sms_replies_move').on('sms_replies').columns(['move_id', 'received_at', 'id']).execute();
    await db.schema.createIndex('sms_replies_received_at').on('sms_replies').column('received_at').execute();

    await db.schema.createIndex('sms_messages_to_phone').on('sms_messages').columns(['to_phone', 'created_at']).execute();
    await db.schema.createIndex('webhook_deliveries_event').on('webhook_deliveries').column('event_id').execute();
    // The ops desk's pending cancelations (GET /v1/ops/cancelations, polled): a handful of rows at
    // any time among every move ever booked, so a partial index holds exactly them.
    await db.schema
      .createIndex('moves_cancel_pending')
      .on('moves')
      .columns(['rooftop_id', 'cancel_requested_at'])
      .where(sql.ref('cancel_status'), '=', 'pending')
      .execute();
  },
});
