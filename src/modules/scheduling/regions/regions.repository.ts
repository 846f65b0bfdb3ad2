// The regions table (spec §11.1): a rooftop's service areas, each with its bounding box in columns.
import type { Insertable, Updateable } from 'kysely';
import type { Executor, Transaction } from '../../../db/executor.ts';
import type { RegionRow, RegionTable } from '../../../db/schema.ts';

export async function insertRegion(trx: Transaction, row: Insertable<RegionTable>): Promise<RegionRow> {
  return trx.insertInto('regions').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateRegion(trx: Transaction, id: number, changes: Updateable<RegionTable>): Promise<RegionRow> {
  return trx.updateTable('regions').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function findRegion(db: Executor, id: number): Promise<RegionRow | undefined> {
  return db.selectFrom('regions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The regions of these rooftops (null: of every rooftop), in id order. */
export function findRegionsOfRooftops(db: Executor, rooftopIds: number[] | null): Promise<RegionRow[]> {
  if (rooftopIds !== null && rooftopIds.length === 0) return Promise.resolve([]);
  let query = db.selectFrom('regions').selectAll();
  if (rooftopIds !== null) query = query.where('rooftop_id', 'in', rooftopIds);
  return query.orderBy('id').execute();
}

/** What the containment test needs of a rooftop's regions, in id order. */
export function findRegionAreas(db: Executor, rooftopId: number) {
  return db
    .selectFrom('regions')
    .select(['id', 'area', 'min_lat', 'min_lon', 'max_lat', 'max_lon'])
    .where('rooftop_id', '=', rooftopId)
    .orderBy('id')
    .execute();
}

export type RegionAreaRow = Awaited<ReturnType<typeof findRegionAreas>>[number];
