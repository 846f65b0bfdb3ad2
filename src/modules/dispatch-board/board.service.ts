// GET /v1/ops/board: one local day of scenarios as dispatch columns. A scenario belongs to the day
// its ready-by time falls on in its rooftop's own zone (the day the driver works it). It reads only;
// the rules (board-rules.ts) place each card and give its attention reasons.
import { DateTime } from 'luxon';
import type { Executor } from '../../db/executor.ts';
import type { Clock } from '../../lib/clock.ts';
import { groupBy } from '../../lib/group-by.ts';
import { formatInstant } from '../../lib/instant.ts';
import { isCanceled, isFinished } from '../moves/move-statuses.ts';
import { type Board, type BoardCard, boardJson } from './board-document.ts';
import { type BoardMoveRow, type BoardRooftop, type DayWindow, findBoardMoves, findBoardRooftops } from './board.repository.ts';
import { type BoardScenarioFacts, COLUMNS, columnOf, wasRescheduled } from './board-rules.ts';

export interface BoardQuery {
  date: string;
  /** The rooftops asked about: one (rooftop_id) or every one of the caller's. */
  rooftopIds: number[];
}

export class BoardService {
  constructor(private readonly deps: { db: Executor; clock: Clock }) {}

  async board(query: BoardQuery): Promise<string> {
    const now = this.deps.clock.now();
    const rooftops = await findBoardRooftops(this.deps.db, query.rooftopIds);
    const rows = await findBoardMoves(this.deps.db, dayWindows(query.date, rooftops));
    const byId = new Map(rooftops.map((r) => [r.id, r]));
    const board: Board = { date: query.date, generated_at: formatInstant(now), columns: emptyColumns() };
    for (const moves of groupBy(rows, (m) => m.scenarioId).values()) {
      const facts = factsOf(moves);
      if (wasRescheduled(facts)) continue;
      const placed = columnOf(facts, now);
      board.columns[placed.column].push(cardOf(moves, byId.get(moves[0]!.rooftopId)!, placed));
    }
    return boardJson(board);
  }
}

const emptyColumns = () => Object.fromEntries(COLUMNS.map((c) => [c, []])) as unknown as Board['columns'];

/** Each zone's local day [midnight, next midnight) — 23 or 25 hours across a DST change. */
export function dayWindows(date: string, rooftops: BoardRooftop[]): DayWindow[] {
  return [...groupBy(rooftops, (r) => r.timezone)].map(([zone, list]) => {
    const start = DateTime.fromISO(date, { zone }).startOf('day');
    return { rooftopIds: list.map((r) => r.id), from: start.toMillis(), until: start.plus({ days: 1 }).toMillis() };
  });
}

/** The scenario's driver: a live move's (a pair is always one driver), else a canceled move's. */
const driverMoveOf = (moves: BoardMoveRow[]) =>
  moves.find((m) => m.driverId !== null && !isCanceled(m)) ?? moves.find((m) => m.driverId !== null);

function factsOf(moves: BoardMoveRow[]): BoardScenarioFacts {
  const first = moves[0]!;
  const driver = driverMoveOf(moves);
  return {
    kind: first.kind,
    customerAction: first.customerAction,
    readyBy: first.readyBy,
    appointment: first.appointment,
    moves,
    driverLocatedAt: driver?.driverLocatedAt ?? null,
    driverActive: driver ? driver.driverActive : null,
  };
}

function cardOf(moves: BoardMoveRow[], rooftop: BoardRooftop, placed: ReturnType<typeof columnOf>): BoardCard {
  const first = moves[0]!;
  const driver = driverMoveOf(moves);
  return {
    scenario_id: first.scenarioId,
    kind: first.kind,
    move_ids: moves.map((m) => m.id),
    moves: moves.map((m) => ({ move_id: m.id, role: m.role, status: m.status, cancel_status: m.cancel_status })),
    customer_name: first.customerName,
    ro: moves.find((m) => m.referenceId !== null)?.referenceId ?? null,
    rooftop: { id: rooftop.id, name: rooftop.name, timezone: rooftop.timezone },
    appointment_time_utc: first.appointment === null ? null : formatInstant(first.appointment),
    ready_by_time_utc: formatInstant(first.readyBy),
    status: statusOf(moves),
    phase: placed.phase,
    driver: driver ? { id: driver.driverId!, name: driver.driverName ?? '' } : null,
    attention: placed.reasons,
  };
}

/** The status of the move in play: the first live one not finished; all finished: the last one's. */
function statusOf(moves: BoardMoveRow[]): string {
  const live = moves.filter((m) => !isCanceled(m));
  if (live.length === 0) return 'canceled';
  const inPlay = live.find((m) => !isFinished(m)) ?? live.at(-1)!;
  return inPlay.status ?? 'booked';
}
