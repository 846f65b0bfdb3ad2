import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { BUILT_IN_SET, BUILT_IN_WORKFLOWS } from './017-built-in-set.ts';
import { withId } from './helpers.ts';

/**
 * Inspections (spec §10): workflow sets and their two workflows; each move's pickup and delivery
 * slot (the workflow it runs, as it was when booked, and the data captured); and photos.
 * The built-in default set is one row shared by every rooftop (rooftop_id null), so a new rooftop
 * needs no seeding and the set's ids are the same everywhere.
 */
export const workflows = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    await withId(db.schema.createTable('workflow_sets'), dialect)
      .addColumn('rooftop_id', 'bigint', (c) => c.references('rooftops.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      /** 1: the rooftop's default (at most one per rooftop; none: the built-in set is). */
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('workflow_sets_rooftop').on('workflow_sets').columns(['rooftop_id', 'id']).execute();

    await withId(db.schema.createTable('workflows'), dialect)
      .addColumn('workflow_set_id', 'bigint', (c) => c.notNull().references('workflow_sets.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      /** JSON array of steps. */
      .addColumn('steps', 'text', (c) => c.notNull())
      .addUniqueConstraint('workflows_set_type', ['workflow_set_id', 'type'])
      .execute();

    await db.schema.alterTable('moves').addColumn('workflow_set_id', 'bigint').execute();

    await db.schema
      .createTable('move_slots')
      .addColumn('move_id', 'bigint', (c) => c.notNull().references('moves.id'))
      .addColumn('slot', 'text', (c) => c.notNull())
      .addColumn('workflow_id', 'bigint', (c) => c.notNull())
      .addColumn('workflow_name', 'text', (c) => c.notNull())
      .addColumn('workflow_description', 'text', (c) => c.notNull())
      /** The steps as they were when the move was booked (a set edited later changes no booked move). */
      .addColumn('steps', 'text', (c) => c.notNull())
      /** JSON object: step id → value, and keys a booking sent that are no step (kept as given). */
      .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('signed_at', 'bigint')
      .addColumn('report_sha256', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('move_slots_pk', ['move_id', 'slot'])
      .execute();

    await db.schema
      .createTable('photos')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('move_id', 'bigint', (c) => c.notNull().references('moves.id'))
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull().references('rooftops.id'))
      .addColumn('slot', 'text', (c) => c.notNull())
      .addColumn('step_id', 'text', (c) => c.notNull())
      /** 'photo' (listed in the move's photos) or 'signature' (the signer's PNG). */
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('width', 'integer', (c) => c.notNull())
      .addColumn('height', 'integer', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('thumbnail_key', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('taken_at', 'bigint')
      .addColumn('lat', 'double precision')
      .addColumn('lon', 'double precision')
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('done_at', 'bigint')
      /** A retake of the same photo step replaced it: kept, never listed. */
      .addColumn('superseded_at', 'bigint')
      /** Signs this photo's expiring links (its own key: a leaked link opens nothing else). */
      .addColumn('url_key', 'text', (c) => c.notNull())
      .addUniqueConstraint('photos_step_bytes', ['move_id', 'slot', 'step_id', 'sha256'])
      .execute();
    await db.schema.createIndex('photos_move').on('photos').columns(['move_id', 'received_at']).execute();

    /** A document with photo links is served as stored only until its links are near their expiry. */
    await db.schema.alterTable('scenario_documents').addColumn('fresh_until', 'bigint').execute();

    await seedBuiltInSet(db);
  },
});

async function seedBuiltInSet(db: Kysely<any>): Promise<void> {
  const now = Date.now();
  const set = await db
    .insertInto('workflow_sets')
    .values({ rooftop_id: null, name: BUILT_IN_SET.name, description: BUILT_IN_SET.description, is_default: 0, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const w of BUILT_IN_WORKFLOWS) {
    await db
      .insertInto('workflows')
      .values({ workflow_set_id: set.id, type: w.type, name: w.name, description: w.description, steps: JSON.stringify(w.steps) })
      .execute();
  }
}
