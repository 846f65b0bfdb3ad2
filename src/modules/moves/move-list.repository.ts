// The SQL of GET /v1/moves: one keyset query for the page, then one batched query per kind of
// related row (scenarios, the scenarios' moves, locations, lanes) — never a query per move.
import type { Executor } from '../../db/executor.ts';
import type { MoveRow, ScenarioRow } from '../../db/schema.ts';
import { findLanesByIds } from '../lanes/lanes.repository.ts';
import { findLocationsByIds } from '../locations/locations.repository.ts';
import type { ScenarioView } from './move-document.ts';
import type { StatusFilter } from './move-list.ts';

export interface MoveListFilter {
  rooftopIds: number[];
  status: StatusFilter | null;
  referenceId: string | null;
  /** On the scenario's ready_by_time, epoch ms: from inclusive, to exclusive. */
  readyFrom: number | null;
  readyTo: number | null;
  /** Keyset: only moves with a smaller id. */
  beforeId: number | null;
  limit: number;
}

export interface MoveListPage {
  /** Newest first (descending id), each with its scenario's view. */
  items: { move: MoveRow; view: ScenarioView }[];
  /** Whether at least one more move matches after the last item. */
  hasMore: boolean;
}

/** The page query alone: up to `limit + 1` matching moves, newest first. */
export async function findMovePage(db: Executor, f: MoveListFilter): Promise<MoveRow[]> {
  if (!f.rooftopIds.length) return [];
  const { readyFrom, readyTo } = f;
  return db
    .selectFrom('moves')
    .selectAll('moves')
    .where('moves.rooftop_id', 'in', f.rooftopIds)
    .$if(f.beforeId !== null, (q) => q.where('moves.id', '<', f.beforeId!))
    .$if(f.status === 'booked', (q) => q.where('moves.status', 'is', null))
    .$if(f.status !== null && f.status !== 'booked', (q) => q.where('moves.status', '=', f.status!))
    .$if(f.referenceId !== null, (q) => q.where('moves.reference_id', '=', f.referenceId!))
    // The scenario is joined only when its ready-by time is filtered on.
    .$if(readyFrom !== null || readyTo !== null, (q) =>
      q
        .innerJoin('scenarios', 'scenarios.id', 'moves.scenario_id')
        .$if(readyFrom !== null, (j) => j.where('scenarios.ready_by_time', '>=', readyFrom!))
        .$if(readyTo !== null, (j) => j.where('scenarios.ready_by_time', '<', readyTo!)),
    )
    .orderBy('moves.id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export async function listMoves(db: Executor, f: MoveListFilter): Promise<MoveListPage> {
  const rows = await findMovePage(db, f);
  const hasMore = rows.length > f.limit;
  const page = hasMore ? rows.slice(0, f.limit) : rows;
  if (!page.length) return { items: [], hasMore: false };

  const scenarioIds = [...new Set(page.map((m) => m.scenario_id))];
  const [scenarios, siblings] = await Promise.all([
    db.selectFrom('scenarios').selectAll().where('id', 'in', scenarioIds).execute(),
    db
      .selectFrom('moves')
      .selectAll()
      .where('scenario_id', 'in', scenarioIds)
      .orderBy('scenario_id')
      .orderBy('cardinality')
      .execute(),
  ]);
  const [locations, lanes] = await Promise.all([
    findLocationsByIds(db, [...new Set(siblings.flatMap((m) => [m.pickup_location_id, m.delivery_location_id]))]),
    findLanesByIds(db, [...new Set(siblings.map((m) => m.lane_id))]),
  ]);

  // One shared map of locations and of lanes: a view only ever looks up its own moves' ids.
  const locationMap = new Map(locations.map((l) => [l.id, l]));
  const laneMap = new Map(lanes.map((l) => [l.id, l]));
  const movesOf = new Map<number, MoveRow[]>();
  for (const m of siblings) {
    const list = movesOf.get(m.scenario_id);
    if (list) list.push(m);
    else movesOf.set(m.scenario_id, [m]);
  }
  const views = new Map<number, ScenarioView>(
    scenarios.map((s: ScenarioRow) => [
      s.id,
      { scenario: s, moves: movesOf.get(s.id) ?? [], locations: locationMap, lanes: laneMap },
    ]),
  );
  return {
    items: page.map((move) => {
      const view = views.get(move.scenario_id);
      if (!view) throw new Error(`scenario ${move.scenario_id} of move ${move.id} not loaded`);
      return { move, view };
    }),
    hasMore,
  };
}
