import type { Executor } from '../../db/executor.ts';
import type { RooftopRow, RooftopTable } from '../../db/schema.ts';
import type { Insertable } from 'kysely';

export async function insertRooftop(db: Executor, rooftop: Insertable<RooftopTable>): Promise<number> {
  const row = await db.insertInto('rooftops').values(rooftop).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findRooftop(db: Executor, id: number): Promise<RooftopRow | undefined> {
  return db.selectFrom('rooftops').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function rooftopExists(db: Executor, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('rooftops').select('id').where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

/** Every rooftop id, ascending (an ops dispatch desk's scope). */
export async function allRooftopIds(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom('rooftops').select('id').orderBy('id').execute();
  return rows.map((r) => Number(r.id));
}
