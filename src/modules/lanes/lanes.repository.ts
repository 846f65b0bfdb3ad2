import type { Executor } from '../../db/executor.ts';
import type { LaneRow } from '../../db/schema.ts';
import type { RouteEstimate } from './route-estimator.ts';

/** A lane is an unordered pair: stored once with the smaller location id first. */
export function lanePair(a: number, b: number): [number, number] {
  return a < b ? [a, b] : [b, a];
}

export async function findOrCreateLane(
  db: Executor,
  lane: { rooftopId: number; locationIds: [number, number]; estimate: RouteEstimate; now: number },
): Promise<LaneRow> {
  const [a, b] = lanePair(...lane.locationIds);
  const existing = await findByPair(db, lane.rooftopId, a, b);
  if (existing) return existing;
  const inserted = await db
    .insertInto('lanes')
    .values({
      rooftop_id: lane.rooftopId,
      location_a_id: a,
      location_b_id: b,
      distance_miles: lane.estimate.distanceMiles,
      duration_minutes: lane.estimate.durationMinutes,
      estimator: lane.estimate.estimator,
      created_at: lane.now,
    })
    .onConflict((oc) => oc.columns(['rooftop_id', 'location_a_id', 'location_b_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted ?? (await findByPair(db, lane.rooftopId, a, b))!;
}

function findByPair(db: Executor, rooftopId: number, a: number, b: number) {
  return db
    .selectFrom('lanes')
    .selectAll()
    .where('rooftop_id', '=', rooftopId)
    .where('location_a_id', '=', a)
    .where('location_b_id', '=', b)
    .executeTakeFirst();
}

export async function findLane(db: Executor, id: number, rooftopIds: number[]): Promise<LaneRow | undefined> {
  // No rooftops (an all-rooftops desk before the first one exists): PostgreSQL refuses `in ()`.
  if (!rooftopIds.length) return undefined;
  return db.selectFrom('lanes').selectAll().where('id', '=', id).where('rooftop_id', 'in', rooftopIds).executeTakeFirst();
}

export async function findLanesByIds(db: Executor, ids: number[]): Promise<LaneRow[]> {
  if (!ids.length) return [];
  return db.selectFrom('lanes').selectAll().where('id', 'in', ids).execute();
}
