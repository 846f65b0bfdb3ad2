// Database-level checks after a load (crash test, multi-process test), straight from the tables a
// booking writes — not through the API, which could hide a row that should not exist:
//   - every scenario is whole: the right number of moves for its kind, cardinalities 0..n-1, each
//     move with its lane, both locations and exactly one move.created event (sequence 1); no move
//     without its scenario, no event without its move;
//   - the bookings of a load, found by reference_id (= the request's Idempotency-Key): which
//     scenarios and moves each request made.
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Schema } from '../../src/db/schema.ts';
import { endpointOf, type LoadRecord } from './booking-load.ts';

export interface BookedMove {
  id: number;
  scenarioId: number;
  cardinality: number;
  kind: string;
}

/** Every problem that makes the database hold a half-written (or orphaned) booking; [] when whole. */
export async function halfWrittenProblems(db: Kysely<Schema>): Promise<string[]> {
  const problems: string[] = [];
  const scenarios = await db.selectFrom('scenarios').select(['id', 'kind']).execute();
  const moves = await db
    .selectFrom('moves')
    .select(['id', 'scenario_id', 'cardinality', 'lane_id', 'pickup_location_id', 'delivery_location_id', 'rooftop_id'])
    .execute();
  const lanes = new Set((await db.selectFrom('lanes').select('id').execute()).map((r) => Number(r.id)));
  const locations = new Set((await db.selectFrom('locations').select('id').execute()).map((r) => Number(r.id)));
  const events = await db.selectFrom('events').select(['id', 'move_id', 'type', 'sequence']).execute();

  const scenarioKind = new Map(scenarios.map((s) => [Number(s.id), s.kind]));
  const movesOf = new Map<number, number[]>();
  for (const m of moves) {
    const sid = Number(m.scenario_id);
    if (!scenarioKind.has(sid)) problems.push(`move ${m.id} belongs to missing scenario ${sid}`);
    movesOf.set(sid, [...(movesOf.get(sid) ?? []), Number(m.cardinality)]);
    if (!lanes.has(Number(m.lane_id))) problems.push(`move ${m.id} has missing lane ${m.lane_id}`);
    for (const loc of [m.pickup_location_id, m.delivery_location_id]) {
      if (!locations.has(Number(loc))) problems.push(`move ${m.id} has missing location ${loc}`);
    }
  }
  for (const [sid, kind] of scenarioKind) {
    const expected = endpointOf(kind).moveKeys.length;
    const cards = (movesOf.get(sid) ?? []).sort((a, b) => a - b);
    if (cards.join() !== [...Array(expected).keys()].join()) {
      problems.push(`scenario ${sid} (${kind}) has move cardinalities [${cards}], expected ${expected} moves`);
    }
  }
  const moveIds = new Set(moves.map((m) => Number(m.id)));
  const created = new Map<number, { sequence: number }[]>();
  for (const e of events) {
    if (!moveIds.has(Number(e.move_id))) problems.push(`event ${e.id} (${e.type}) of missing move ${e.move_id}`);
    if (e.type === 'move.created') created.set(Number(e.move_id), [...(created.get(Number(e.move_id)) ?? []), { sequence: Number(e.sequence) }]);
  }
  for (const id of moveIds) {
    const c = created.get(id) ?? [];
    if (c.length !== 1 || c[0]!.sequence !== 1) problems.push(`move ${id} has ${c.length} move.created events (expected exactly one, sequence 1)`);
  }
  return problems;
}

/** The moves of every reference_id starting with `prefix`, grouped by reference. */
export async function movesByReference(db: Kysely<Schema>, prefix: string): Promise<Map<string, BookedMove[]>> {
  const rows = await db
    .selectFrom('moves')
    .innerJoin('scenarios', 'scenarios.id', 'moves.scenario_id')
    .select(['moves.id', 'moves.scenario_id', 'moves.cardinality', 'moves.reference_id', 'scenarios.kind'])
    .where('moves.reference_id', 'like', `${prefix}%`)
    .orderBy('moves.scenario_id')
    .orderBy('moves.cardinality')
    .execute();
  const map = new Map<string, BookedMove[]>();
  for (const r of rows) {
    const list = map.get(r.reference_id!) ?? [];
    list.push({ id: Number(r.id), scenarioId: Number(r.scenario_id), cardinality: Number(r.cardinality), kind: r.kind });
    map.set(r.reference_id!, list);
  }
  return map;
}

/** The scenarios one request (its reference) made: normally 0 or 1. */
export const scenariosOf = (moves: BookedMove[] | undefined): number[] => [...new Set((moves ?? []).map((m) => m.scenarioId))];

/**
 * A request that was answered 200 made exactly one scenario, of its kind, whose moves (in
 * cardinality order) are the move ids of the answer.
 */
export function assertBookedExactlyOnce(record: LoadRecord, moves: BookedMove[] | undefined, note = ''): void {
  const scenarios = scenariosOf(moves);
  assert.equal(scenarios.length, 1, `${record.key}${note}: answered 200 with moves ${record.moveIds}, found in ${scenarios.length} scenarios ${JSON.stringify(moves)}`);
  assert.deepEqual(
    moves!.map((m) => m.id),
    record.moveIds,
    `${record.key}${note}: the database holds exactly the moves of the 200 answer`,
  );
  assert.equal(moves![0]!.kind, record.kind, `${record.key}: scenario kind`);
}
