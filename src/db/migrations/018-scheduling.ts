import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from './helpers.ts';

/** The handoff buffer per stop that old scenarios are backfilled with (HANDOFF_BUFFER_MINUTES' default). */
const BACKFILL_BUFFER_MS = 10 * 60_000;

/**
 * Scheduling (spec §11): service regions, drivers' shifts, availability holds, appointments; the
 * time each scenario occupies its driver (busy_from/busy_until, so availability reads one indexed
 * range instead of every scenario's lanes); a location's region; and events that belong to an
 * appointment rather than a move (events.move_id becomes nullable, events.appointment_id is new).
 */
export const scheduling = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    await withId(db.schema.createTable('regions'), dialect)
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('timezone', 'text', (c) => c.notNull())
      /** GeoJSON Polygon or MultiPolygon geometry, as text. */
      .addColumn('area', 'text', (c) => c.notNull())
      // The area's bounding box: most points are ruled out without parsing the area.
      .addColumn('min_lat', 'double precision', (c) => c.notNull())
      .addColumn('min_lon', 'double precision', (c) => c.notNull())
      .addColumn('max_lat', 'double precision', (c) => c.notNull())
      .addColumn('max_lon', 'double precision', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('regions_rooftop').on('regions').columns(['rooftop_id', 'id']).execute();
    await db.schema.alterTable('locations').addColumn('region_id', 'bigint').execute();
    await db.schema.createIndex('locations_rooftop_region').on('locations').columns(['rooftop_id', 'region_id']).execute();

    await withId(db.schema.createTable('driver_shifts'), dialect)
      .addColumn('driver_id', 'bigint', (c) => c.notNull().references('drivers.id'))
      /** Null: on duty for every rooftop (an install without regions). */
      .addColumn('region_id', 'bigint', (c) => c.references('regions.id'))
      .addColumn('starts_at', 'bigint', (c) => c.notNull())
      .addColumn('ends_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('driver_shifts_driver_starts').on('driver_shifts').columns(['driver_id', 'starts_at']).execute();
    await db.schema.createIndex('driver_shifts_ends').on('driver_shifts').columns(['ends_at', 'starts_at']).execute();

    await db.schema.alterTable('scenarios').addColumn('busy_from', 'bigint').execute();
    await db.schema.alterTable('scenarios').addColumn('busy_until', 'bigint').execute();
    /** The scenario this one was booked to replace by a reschedule (spec §11.5). */
    await db.schema.alterTable('scenarios').addColumn('rescheduled_from', 'bigint').execute();
    await sql`
      update scenarios set busy_from = ready_by_time,
        busy_until = ready_by_time
          + (select coalesce(sum(lanes.duration_minutes), 0) from moves join lanes on lanes.id = moves.lane_id
             where moves.scenario_id = scenarios.id) * 60000
          + ((select count(*) from moves where moves.scenario_id = scenarios.id) + 1) * ${BACKFILL_BUFFER_MS}`.execute(db);
    await db.schema.createIndex('scenarios_busy').on('scenarios').columns(['busy_until', 'busy_from']).execute();

    await db.schema
      .createTable('availability_holds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('consumer_action', 'text', (c) => c.notNull())
      /** When the driver is at the consumer's address (the slot's start). */
      .addColumn('slot_start', 'bigint', (c) => c.notNull())
      .addColumn('busy_from', 'bigint', (c) => c.notNull())
      .addColumn('busy_until', 'bigint', (c) => c.notNull())
      .addColumn('manual', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('pickup_location_id', 'bigint')
      .addColumn('delivery_location_id', 'bigint')
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      /** What consumed it: "scenario:<id>" or "appointment:<id>"; null while it holds. */
      .addColumn('consumed_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('availability_holds_busy').on('availability_holds').columns(['busy_until', 'busy_from']).execute();

    await withId(db.schema.createTable('appointments'), dialect)
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_status', 'text')
      .addColumn('transport_type', 'text')
      .addColumn('consumer_vehicle_direction', 'text', (c) => c.notNull())
      .addColumn('appointment_time', 'bigint')
      .addColumn('consumer_name', 'text')
      .addColumn('consumer_phone', 'text')
      .addColumn('consumer_email', 'text')
      .addColumn('vehicle_make', 'text')
      .addColumn('vehicle_model', 'text')
      .addColumn('vehicle_year', 'integer')
      .addColumn('vehicle_color', 'text')
      .addColumn('vehicle_vin', 'text')
      .addColumn('vehicle_manual', 'integer')
      .addColumn('consumer_at_pickup', 'integer', (c) => c.notNull())
      .addColumn('pickup_location_id', 'bigint')
      .addColumn('delivery_location_id', 'bigint', (c) => c.notNull())
      .addColumn('driver_notes', 'text')
      /** JSON object, or null. */
      .addColumn('config', 'text')
      .addColumn('move_id', 'bigint')
      .addColumn('workflow_set_id', 'bigint')
      .addColumn('hold_id', 'text')
      .addColumn('event_sequence', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('appointments_rooftop_id').on('appointments').columns(['rooftop_id', 'id']).execute();
    // A scheduler's repeat of the same appointment finds it (spec §11.4: unique together).
    await db.schema
      .createIndex('appointments_source_external_id')
      .on('appointments')
      .columns(['rooftop_id', 'source', 'external_id'])
      .unique()
      .execute();

    await eventsOfAppointments(db, dialect);
  },
});

/** events.move_id nullable and events.appointment_id added. SQLite cannot drop NOT NULL: the table is rebuilt. */
async function eventsOfAppointments(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`alter table events alter column move_id drop not null`.execute(db);
    await db.schema.alterTable('events').addColumn('appointment_id', 'bigint').execute();
  } else {
    await sql`create table events_018 (
      position integer primary key autoincrement,
      id text not null unique,
      rooftop_id bigint not null references rooftops(id),
      move_id bigint references moves(id),
      type text not null,
      sequence integer not null,
      created_at bigint not null,
      data text not null,
      log_position bigint,
      appointment_id bigint,
      constraint events_move_sequence unique (move_id, sequence))`.execute(db);
    await sql`insert into events_018 (position, id, rooftop_id, move_id, type, sequence, created_at, data, log_position)
      select position, id, rooftop_id, move_id, type, sequence, created_at, data, log_position from events`.execute(db);
    await sql`drop table events`.execute(db);
    await sql`alter table events_018 rename to events`.execute(db);
    await db.schema.createIndex('events_rooftop_position').on('events').columns(['rooftop_id', 'position']).execute();
    await db.schema.createIndex('events_log_position').on('events').column('log_position').unique().execute();
    await db.schema.createIndex('events_rooftop_log_position').on('events').columns(['rooftop_id', 'log_position']).execute();
    await db.schema.createIndex('events_created_at').on('events').column('created_at').execute();
  }
  await db.schema.createIndex('events_appointment_sequence').on('events').columns(['appointment_id', 'sequence']).unique().execute();
}
