import { type Insertable, sql } from 'kysely';
import type { Executor } from '../../db/executor.ts';
import type { LocationRow, LocationTable } from '../../db/schema.ts';

/**
 * The rooftop's location with this dedupe key, created when missing. Looks first (the common
 * case once a dealer is running), and lets the unique key settle a race between two bookings.
 */
export async function findOrCreateLocation(db: Executor, location: Insertable<LocationTable>): Promise<LocationRow> {
  const existing = await findByDedupeKey(db, location.rooftop_id, location.dedupe_key);
  if (existing) return existing;
  const inserted = await db
    .insertInto('locations')
    .values(location)
    .onConflict((oc) => oc.columns(['rooftop_id', 'dedupe_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted ?? (await findByDedupeKey(db, location.rooftop_id, location.dedupe_key))!;
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
  q: { rooftopIds: number[]; search: string | null; limit: number; offset: number },
): Promise<LocationRow[]> {
  let query = db.selectFrom('locations').selectAll().where('rooftop_id', 'in', q.rooftopIds);
  if (q.search) {
    const pattern = `%${q.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // ESCAPE is explicit: SQLite's LIKE has no escape character by default.
    query = query.where(
      sql<boolean>`(lower(full_address) like ${pattern} escape '\\' or lower(name) like ${pattern} escape '\\')`,
    );
  }
  return query.orderBy('id').limit(q.limit).offset(q.offset).execute();
}
