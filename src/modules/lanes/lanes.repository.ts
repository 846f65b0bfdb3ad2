import type { Executor } from '../../db/executor.ts';
import type { LaneRow } from '../../db/schema.ts';
import { type RouteEstimate, supersedes } from './route-estimator.ts';

/** A lane is an unordered pair: stored once with the smaller location id first. */
export function lanePair(a: number, b: number): [number, number] {
  return a < b ? [a, b] : [b, a];
}

export async function findOrCreateLane(
  db: Executor,
  lane: {
    rooftopId: number;
    locationIds: [number, number];
    estimate: RouteEstimate;
    now: number;
    /** Replace a stored lane's estimate (an end of it was placed anew). */
    replace?: boolean;
  },
): Promise<LaneRow> {
  const [a, b] = lanePair(...lane.locationIds);
  const existing = await findLaneByPair(db, lane.rooftopId, a, b);
  if (existing) {
    return lane.replace || supersedes(lane.estimate, existing) ? updateLaneEstimate(db, existing.id, lane.estimate) : existing;
  }
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
  return inserted ?? (await findLaneByPair(db, lane.rooftopId, a, b))!;
}

/**
 * A lane re-estimated. Scenarios keep their ready-by (it is theirs, decided at booking); their
 * stored documents are forgotten, so they show the lane's new distance and duration.
 */
export async function updateLaneEstimate(db: Executor, id: number, estimate: RouteEstimate): Promise<LaneRow> {
  const row = await db
    .updateTable('lanes')
    .set({ distance_miles: estimate.distanceMiles, duration_minutes: estimate.durationMinutes, estimator: estimate.estimator })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .deleteFrom('scenario_documents')
    .where('scenario_id', 'in', (eb) => eb.selectFrom('moves').select('moves.scenario_id').where('moves.lane_id', '=', id))
    .execute();
  return row;
}

/** One page of lanes in id order (optionally of one rooftop), for re-estimating them in batches. */
export async function lanesAfter(db: Executor, q: { afterId: number; limit: number; rooftopId: number | null }): Promise<LaneRow[]> {
  return db
    .selectFrom('lanes')
    .selectAll()
    .where('id', '>', q.afterId)
    .$if(q.rooftopId !== null, (w) => w.where('rooftop_id', '=', q.rooftopId!))
    .orderBy('id')
    .limit(q.limit)
    .execute();
}

export function findLaneByPair(db: Executor, rooftopId: number, a: number, b: number) {
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
