import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from './helpers.ts';

export const initial = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('rooftops'), dialect)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('address_one', 'text', (c) => c.notNull())
      .addColumn('address_two', 'text')
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('zip', 'text', (c) => c.notNull())
      .addColumn('lat', 'double precision', (c) => c.notNull())
      .addColumn('lon', 'double precision', (c) => c.notNull())
      .addColumn('timezone', 'text', (c) => c.notNull())
      .addColumn('business_hours', 'text')
      .addColumn('holidays', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('api_clients')
      .addColumn('client_id', 'text', (c) => c.primaryKey())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('driver_id', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('client_rooftops')
      .addColumn('client_id', 'text', (c) => c.notNull().references('api_clients.client_id'))
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      .addPrimaryKeyConstraint('client_rooftops_pk', ['client_id', 'rooftop_id'])
      .execute();

    await withId(db.schema.createTable('locations'), dialect)
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      .addColumn('dedupe_key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('address_one', 'text', (c) => c.notNull())
      .addColumn('address_two', 'text')
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('zip', 'text', (c) => c.notNull())
      .addColumn('lat', 'double precision', (c) => c.notNull())
      .addColumn('lon', 'double precision', (c) => c.notNull())
      .addColumn('google_place_id', 'text')
      .addColumn('full_address', 'text', (c) => c.notNull())
      .addColumn('timezone', 'text')
      .addColumn('geocode_precision', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('locations_rooftop_dedupe', ['rooftop_id', 'dedupe_key'])
      .execute();

    await withId(db.schema.createTable('lanes'), dialect)
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      .addColumn('location_a_id', 'bigint', (c) => c.notNull().references('locations.id'))
      .addColumn('location_b_id', 'bigint', (c) => c.notNull().references('locations.id'))
      .addColumn('distance_miles', 'double precision', (c) => c.notNull())
      .addColumn('duration_minutes', 'double precision', (c) => c.notNull())
      .addColumn('estimator', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('lanes_rooftop_pair', ['rooftop_id', 'location_a_id', 'location_b_id'])
      .addCheckConstraint('lanes_ordered_pair', sql`location_a_id < location_b_id`)
      .execute();

    await withId(db.schema.createTable('scenarios'), dialect)
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('usecase_key', 'text', (c) => c.notNull())
      .addColumn('customer_action', 'text')
      .addColumn('customer_name', 'text')
      .addColumn('customer_phone', 'text')
      .addColumn('customer_phone_e164', 'text')
      .addColumn('appointment_time', 'bigint')
      .addColumn('ready_by_time', 'bigint', (c) => c.notNull())
      .addColumn('earliest_available_time', 'bigint', (c) => c.notNull())
      .addColumn('message', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('moves'), dialect)
      .addColumn('scenario_id', 'bigint', (c) => c.notNull().references('scenarios.id'))
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      .addColumn('cardinality', 'integer', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('lane_id', 'bigint', (c) => c.notNull().references('lanes.id'))
      .addColumn('pickup_location_id', 'bigint', (c) => c.notNull().references('locations.id'))
      .addColumn('delivery_location_id', 'bigint', (c) => c.notNull().references('locations.id'))
      .addColumn('reference_id', 'text')
      .addColumn('dealer_contact', 'text')
      .addColumn('special_instructions', 'text')
      .addColumn('vehicle_stock', 'text')
      .addColumn('vehicle_vin', 'text')
      .addColumn('vehicle_year', 'text')
      .addColumn('vehicle_make', 'text')
      .addColumn('vehicle_model', 'text')
      .addColumn('vehicle_color', 'text')
      .addColumn('vehicle_manual', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('status', 'text')
      .addColumn('cancel_status', 'text')
      .addColumn('pickup_started', 'bigint')
      .addColumn('pickup_arrived', 'bigint')
      .addColumn('pickup_successful', 'bigint')
      .addColumn('delivery_started', 'bigint')
      .addColumn('delivery_arrived', 'bigint')
      .addColumn('delivery_successful', 'bigint')
      .addColumn('tracking_token', 'text', (c) => c.unique())
      .addColumn('driver_id', 'bigint')
      .addColumn('event_sequence', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('moves_scenario_cardinality', ['scenario_id', 'cardinality'])
      .execute();
    await db.schema.createIndex('moves_scenario').on('moves').column('scenario_id').execute();
    await db.schema.createIndex('moves_rooftop_id').on('moves').columns(['rooftop_id', 'id']).execute();

    await withId(db.schema.createTable('events'), dialect, 'position')
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      .addColumn('move_id', 'bigint', (c) => c.notNull().references('moves.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('sequence', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addUniqueConstraint('events_move_sequence', ['move_id', 'sequence'])
      .execute();
    await db.schema.createIndex('events_rooftop_position').on('events').columns(['rooftop_id', 'position']).execute();
  },
});

