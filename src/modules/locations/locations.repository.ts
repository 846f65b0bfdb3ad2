import { type Insertable, sql } from 'kysely';
import type { Executor, Transaction } from '../../db/executor.ts';
import { lockKey } from '../../db/locks.ts';
import type { LocationRow, LocationTable } from '../../db/schema.ts';
import type { Geocode } from './geocoder.ts';

/**
 * The rooftop's locations with these dedupe keys, by key, each created when missing (in the given
 * order, so new ones get their ids in that order). One query finds those that exist (the common
 * case once a dealer is running: the service lot always does); the unique key settles a race
 * between two bookings.
 */
export async function findOrCreateLocations(
  db: Transaction,
  rooftopId: number,
  locations: Insertable<LocationTable>[],
): Promise<Map<string, LocationRow>> {
  if (!locations.length) return new Map();
  if (locations.some((l) => l.rooftop_id !== rooftopId)) throw new Error('findOrCreateLocations: mixed rooftops');
  const keys = locations.map((l) => l.dedupe_key);
  const existing = await db
    .selectFrom('locations')
    .selectAll()
    .where('rooftop_id', '=', rooftopId)
    .where('dedupe_key', 'in', keys)
    .execute();
  const byKey = new Map(existing.map((row) => [row.dedupe_key, row]));
  const missing = locations.filter((l) => !byKey.has(l.dedupe_key));
  // Two bookings creating the same new locations in opposite orders would each wait for the
  // other's uncommitted insert (PostgreSQL: deadlock detected). Lock the missing keys first, in one
  // global order, then insert them in the given order.
  for (const key of missing.map((l) => l.dedupe_key).sort()) await lockKey(db, `location:${rooftopId}:${key}`);
  for (const location of missing) {
    const inserted = await db
      .insertInto('locations')
      .values(location)
      .onConflict((oc) => oc.columns(['rooftop_id', 'dedupe_key']).doNothing())
      .returningAll()
      .executeTakeFirst();
    byKey.set(location.dedupe_key, inserted ?? (await findByDedupeKey(db, rooftopId, location.dedupe_key))!);
  }
  return byKey;
}

/** The rooftop's locations with these dedupe keys, by key (read before a booking's transaction). */
export async function findLocationsByKeys(db: Executor, rooftopId: number, keys: string[]): Promise<Map<string, LocationRow>> {
  if (!keys.length) return new Map();
  const rows = await db.selectFrom('locations').selectAll().where('rooftop_id', '=', rooftopId).where('dedupe_key', 'in', keys).execute();
  return new Map(rows.map((row) => [row.dedupe_key, row]));
}

/**
 * A stored location placed anew (a street-level geocode replacing its ZIP centre), with the region
 * it now lies in when given. The stored documents of the scenarios that go there are forgotten, so
 * they are rendered with the new place.
 */
export async function updateLocationGeocode(
  db: Transaction,
  id: number,
  geocode: Geocode,
  fullAddress: string,
  regionId?: number | null,
): Promise<LocationRow> {
  const row = await db
    .updateTable('locations')
    .set({
      ...(regionId !== undefined && { region_id: regionId }),
      lat: geocode.lat,
      lon: geocode.lon,
      timezone: geocode.timezone,
      geocode_precision: geocode.precision,
      google_place_id: geocode.google_place_id,
      full_address: fullAddress,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .deleteFrom('scenario_documents')
    .where('scenario_id', 'in', (eb) =>
      eb
        .selectFrom('moves')
        .select('moves.scenario_id')
        .where((w) => w.or([w('moves.pickup_location_id', '=', id), w('moves.delivery_location_id', '=', id)])),
    )
    .execute();
  return row;
}

function findByDedupeKey(db: Executor, rooftopId: number, key: string) {
  return db
    .selectFrom('locations')
    .selectAll()
    .where('rooftop_id', '=', rooftopId)
    .where('dedupe_key', '=', key)
    .executeTakeFirst();
}

export async function findLocation(db: Executor, id: number, rooftopIds: number[]): Promise<LocationRow | undefined> {
  // No rooftops (an all-rooftops desk before the first one exists): PostgreSQL refuses `in ()`.
  if (!rooftopIds.length) return undefined;
  return db
    .selectFrom('locations')
    .selectAll()
    .where('id', '=', id)
    .where('rooftop_id', 'in', rooftopIds)
    .executeTakeFirst();
}

export async function findLocationsByIds(db: Executor, ids: number[]): Promise<LocationRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('locations').selectAll().where('id', 'in', ids).execute();
}

export async function searchLocations(
  db: Executor,
  q: { rooftopIds: number[]; search: string | null; regionId?: number | null; limit: number; offset: number },
): Promise<LocationRow[]> {
  if (!q.rooftopIds.length) return [];
  let query = db.selectFrom('locations').selectAll().where('rooftop_id', 'in', q.rooftopIds);
  // Another rooftop's region matches none of these rooftops' locations: an empty list, as for an unknown one.
  if (q.regionId != null) query = query.where('region_id', '=', q.regionId);
  if (q.search) {
    const pattern = `%${q.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // ESCAPE is explicit: SQLite's LIKE has no escape character by default.
    query = query.where(
      sql<boolean>`(lower(full_address) like ${pattern} escape '\\' or lower(name) like ${pattern} escape '\\')`,
    );
  }
  return query.orderBy('id').limit(q.limit).offset(q.offset).execute();
}

/** Where each of the rooftop's locations is, and its region: what a region change re-assigns. */
export function findLocationPointsOfRooftop(db: Executor, rooftopId: number) {
  return db.selectFrom('locations').select(['id', 'lat', 'lon', 'region_id']).where('rooftop_id', '=', rooftopId).execute();
}

/** Puts these locations in the region (null: in none). */
export async function setRegionOfLocations(trx: Transaction, regionId: number | null, ids: number[]): Promise<void> {
  // Bounded statements: PostgreSQL takes at most 65,535 parameters, SQLite 32,766.
  for (let i = 0; i < ids.length; i += 1000) {
    await trx.updateTable('locations').set({ region_id: regionId }).where('id', 'in', ids.slice(i, i + 1000)).execute();
  }
}
