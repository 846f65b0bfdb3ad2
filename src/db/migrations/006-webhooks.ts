import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from './helpers.ts';

/** Webhook subscriptions and every delivery attempt (spec §8). */
export const webhooks = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    await withId(db.schema.createTable('webhooks'), dialect)
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      .addColumn('target_url', 'text', (c) => c.notNull())
      /** The signing secret, sealed (src/lib/sealed.ts): it must be readable to sign, so it cannot be hashed. */
      .addColumn('secret', 'text', (c) => c.notNull())
      /** JSON array of event types. */
      .addColumn('event_types', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      /** Why it was disabled (e.g. failing for 3 days), null while active or disabled by hand. */
      .addColumn('disabled_reason', 'text')
      /** Start of the current run of failures; null after a success. */
      .addColumn('failing_since', 'bigint')
      .addColumn('deleted_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhooks_rooftop').on('webhooks').column('rooftop_id').execute();

    await withId(db.schema.createTable('webhook_deliveries'), dialect)
      .addColumn('webhook_id', 'bigint', (c) => c.notNull().references('webhooks.id'))
      /** The event's uuid (stable across attempts), or a test event's. */
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_deliveries_webhook').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();
  },
});
