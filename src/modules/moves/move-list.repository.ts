// The SQL of GET /v1/moves: one keyset query for the page, then what the page's moves point at
// (their scenarios, locations, lanes, drivers) in one batch — never a query per move. A listed
// move's document needs no other move of its scenario, so those are not loaded.
import { sql } from 'kysely';
import type { Executor } from '../../db/executor.ts';
import type { MoveRow } from '../../db/schema.ts';
import { keysetPage } from '../../lib/keyset.ts';
import type { MoveContext } from './move-document.ts';
import { findScenarios, loadRowsOfMoves } from './moves.repository.ts';
import type { StatusFilter } from './move-list.ts';
import { PREFIX_END, VIN_MARK } from './move-list-search.ts';

export interface MoveListFilter {
  rooftopIds: number[];
  status: StatusFilter | null;
  referenceId: string | null;
  /** Search words (move-list-search.ts): a move matches when each matches one of its terms. */
  words: string[] | null;
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

/**
 * The moves of these rooftops that every search word matches: a term it begins, or a VIN term it is
 * (migration 023). One `in` list, the words' sets intersected inside it, so both engines walk a
 * key range per word and look the few moves up by id, never the rooftop's every move. Two
 * selects per word rather than an `or`, which would keep SQLite from using the key range.
 */
function matchingMoveIds(rooftopIds: number[], words: string[]) {
  const rooftops = sql.join(rooftopIds);
  const sets = words.map(
    (word, i) => sql`select move_id from (
      select t.move_id from move_search_terms t where t.rooftop_id in (${rooftops}) and t.term >= ${word} and t.term < ${word + PREFIX_END}
      union select t.move_id from move_search_terms t where t.rooftop_id in (${rooftops}) and t.term = ${VIN_MARK + word}) ${sql.raw(`w${i}`)}`,
  );
  return sql<boolean>`moves.id in (${sql.join(sets, sql` intersect `)})`;
}

/** A date window of at most this many scenarios is listed by looking its moves up by id; a wider one while walking the moves. */
export const WINDOW_LOOKUP_MAX = 2000;

/**
 * The moves of a date window, when it has few enough scenarios to look each move up by id; null
 * when it has more. Neither engine can tell from its statistics where in the id order a window's
 * moves lie (a week a year back is 50,000 moves deep in 100,000): walking the moves newest first,
 * as both plan a join, reads every newer move for a window long past, while a wide window fills a
 * page within the first few hundred moves walked. A bounded read of one index says which case it
 * is; the ids then come from another (each engine planned the one-statement forms badly).
 */
async function movesInWindow(db: Executor, f: MoveListFilter): Promise<number[] | null> {
  const { readyFrom, readyTo } = f;
  const scenarios = await db
    .selectFrom('scenarios')
    .select('scenarios.id')
    .where('scenarios.rooftop_id', 'in', f.rooftopIds)
    .$if(readyFrom !== null, (j) => j.where('scenarios.ready_by_time', '>=', readyFrom!))
    .$if(readyTo !== null, (j) => j.where('scenarios.ready_by_time', '<', readyTo!))
    .limit(WINDOW_LOOKUP_MAX + 1)
    .execute();
  if (scenarios.length > WINDOW_LOOKUP_MAX) return null;
  if (!scenarios.length) return [];
  const moves = await db.selectFrom('moves').select('moves.id').where('moves.scenario_id', 'in', scenarios.map((s) => s.id)).execute();
  return moves.map((m) => m.id);
}

/** The page query alone: up to `limit + 1` matching moves, newest first. */
export async function findMovePage(db: Executor, f: MoveListFilter): Promise<MoveRow[]> {
  if (!f.rooftopIds.length) return [];
  const { readyFrom, readyTo } = f;
  const windowed = readyFrom !== null || readyTo !== null;
  const inWindow = windowed ? await movesInWindow(db, f) : null;
  if (inWindow?.length === 0) return [];
  return db
    .selectFrom('moves')
    .selectAll('moves')
    .where('moves.rooftop_id', 'in', f.rooftopIds)
    .$if(f.beforeId !== null, (q) => q.where('moves.id', '<', f.beforeId!))
    .$if(f.status === 'booked', (q) => q.where('moves.status', 'is', null))
    .$if(f.status !== null && f.status !== 'booked', (q) => q.where('moves.status', '=', f.status!))
    .$if(f.referenceId !== null, (q) => q.where('moves.reference_id', '=', f.referenceId!))
    .$if(f.words !== null, (q) => q.where(matchingMoveIds(f.rooftopIds, f.words!)))
    .$if(inWindow !== null, (q) => q.where('moves.id', 'in', inWindow!))
    // The scenario is joined only when its ready-by time is filtered on (and its window is wide).
    .$if(windowed && inWindow === null, (q) =>
      q
        .innerJoin('scenarios', 'scenarios.id', 'moves.scenario_id')
        .$if(readyFrom !== null, (j) => j.where('scenarios.ready_by_time', '>=', readyFrom!))
        .$if(readyTo !== null, (j) => j.where('scenarios.ready_by_time', '<', readyTo!)),
    )
    // A window's few moves are sorted, not met by walking the id order: `id + 0` is an order no index
    // gives, so neither planner bets on finding them among the newest (PostgreSQL did, reading 50,000).
    .orderBy(inWindow !== null ? sql`moves.id + 0` : 'moves.id', 'desc')
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
