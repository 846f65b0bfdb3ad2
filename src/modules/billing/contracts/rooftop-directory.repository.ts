// The SQL of GET /v1/rooftops: the rooftops a client may use, with what the directory shows of them.
import type { Executor } from '../../../db/executor.ts';

export interface RooftopEntry {
  id: number;
  name: string;
  timezone: string;
}

/** The rooftops of `ids` (null: every rooftop), in id order. */
export async function findRooftopEntries(db: Executor, ids: number[] | null): Promise<RooftopEntry[]> {
  if (ids !== null && !ids.length) return [];
  let query = db.selectFrom('rooftops').select(['id', 'name', 'timezone']);
  if (ids !== null) query = query.where('id', 'in', ids);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, timezone: r.timezone }));
}
