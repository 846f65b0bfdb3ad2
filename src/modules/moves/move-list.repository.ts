// The SQL of GET /v1/moves: one keyset query for the page, then what the page's moves point at
// (their scenarios, locations, lanes, drivers) in one batch — never a query per move. A listed
// move's document needs no other move of its scenario, so those are not loaded.
import type { Executor } from '../../db/executor.ts';
import type { MoveRow } from '../../db/schema.ts';
import { keysetPage } from '../../lib/keyset.ts';
import type { MoveContext } from './move-document.ts';
import { findScenarios, loadRowsOfMoves } from './moves.repository.ts';
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
  /** Newest first (descending id), each with what its document needs. */
  items: { move: MoveRow; view: MoveContext }[];
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
  const { page, hasMore } = keysetPage(await findMovePage(db, f), f.limit);
  if (!page.length) return { items: [], hasMore: false };

  const [scenarios, pointedAt] = await Promise.all([
    findScenarios(db, [...new Set(page.map((m) => m.scenario_id))]),
    loadRowsOfMoves(db, page),
  ]);
  const scenarioById = new Map(scenarios.map((s) => [s.id, s]));
  return {
    items: page.map((move) => {
      const scenario = scenarioById.get(move.scenario_id);
      if (!scenario) throw new Error(`scenario ${move.scenario_id} of move ${move.id} not loaded`);
      return { move, view: { scenario, ...pointedAt } };
    }),
    hasMore,
  };
}
