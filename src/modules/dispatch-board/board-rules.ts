// The dispatch board's rules (GET /v1/ops/board), pure: which column a scenario's card sits in, and
// why it needs ops' attention. "Now" is passed in (the clock port), so the rules are table-tested
// and the board never decides lateness in the browser: the page shows these reasons as given.
import { isCanceled, isFinished, RESCHEDULED } from '../moves/move-statuses.ts';

export const COLUMNS = ['unassigned', 'dispatched', 'in_progress', 'done', 'attention'] as const;
export type Column = (typeof COLUMNS)[number];
export type Phase = Exclude<Column, 'attention'>;

export const ATTENTION_REASONS = ['late', 'no_position', 'driver_inactive'] as const;
export type AttentionCode = (typeof ATTENTION_REASONS)[number];
export interface AttentionReason {
  code: AttentionCode;
  message: string;
}

/** A driver silent this long while they should be driving is flagged (the driver app reports every minute or so). */
export const POSITION_STALE_MS = 10 * 60_000;

export interface BoardMoveFacts {
  status: string | null;
  cancel_status: string | null;
  driverId: number | null;
  pickup_arrived: number | null;
  delivery_started: number | null;
  delivery_arrived: number | null;
  laneMinutes: number;
}

export interface BoardScenarioFacts {
  kind: string;
  customerAction: string | null;
  readyBy: number;
  appointment: number | null;
  /** In cardinality order. */
  moves: BoardMoveFacts[];
  /** When the scenario's driver last reported a position (null: never, or no driver). */
  driverLocatedAt: number | null;
  /** Whether the scenario's driver is active (null: no driver assigned). */
  driverActive: boolean | null;
}

const live = (s: BoardScenarioFacts) => s.moves.filter((m) => !isCanceled(m));

/** Every move given up for a new booking: the new booking carries on (on its own day), so this one leaves the board. */
export const wasRescheduled = (s: BoardScenarioFacts) => s.moves.every((m) => m.cancel_status === RESCHEDULED);

/** Where the card sits before attention: by how far its live moves got. Canceled or finished: done. */
export function phaseOf(s: BoardScenarioFacts): Phase {
  const moves = live(s);
  if (moves.every(isFinished)) return 'done';
  if (moves.some((m) => m.status !== null && m.status !== 'dispatched')) return 'in_progress';
  if (moves.some((m) => m.driverId !== null)) return 'dispatched';
  return 'unassigned';
}

/**
 * Late, by either of two tests. (1) The ready-by time has passed and no driver has arrived at the
 * first pickup (nobody assigned counts too). (2) The appointment is when the driver meets the
 * customer — at the first pickup for a Concierge collect (there the ready-by is the appointment, so
 * (1) covers it), else at the first delivery; the earliest the driver can get there (now plus the
 * leg's drive time until they set off on it, then when they set off plus that time) is after it.
 */
export function lateReason(s: BoardScenarioFacts, now: number): AttentionReason | null {
  const first = live(s)[0];
  if (!first || phaseOf(s) === 'done') return null;
  const reachedPickup = first.pickup_arrived !== null || (first.status !== null && first.status !== 'dispatched' && first.status !== 'pickup started');
  if (!reachedPickup && now > s.readyBy) {
    const who = first.driverId === null ? 'no driver is assigned' : 'the driver has not reached the first pickup';
    return { code: 'late', message: `the ready-by time has passed and ${who}` };
  }
  const meetsAtPickup = s.kind === 'concierge' && s.customerAction === 'pickup';
  if (s.appointment === null || meetsAtPickup || first.delivery_arrived !== null || isFinished(first)) return null;
  const legMs = first.laneMinutes * 60_000;
  const eta = first.delivery_started === null ? now + legMs : Math.max(now, first.delivery_started + legMs);
  if (eta <= s.appointment) return null;
  return { code: 'late', message: `the driver cannot reach the customer by the appointment (estimated ${Math.ceil((eta - s.appointment) / 60_000)} min late)` };
}

/**
 * No position: a driver who should be driving (the scenario is under way, or dispatched and past its
 * ready-by) and has reported none for POSITION_STALE_MS. Before the ready-by they may well be idle.
 */
export function positionReason(s: BoardScenarioFacts, now: number): AttentionReason | null {
  const phase = phaseOf(s);
  const driving = phase === 'in_progress' || (phase === 'dispatched' && now >= s.readyBy);
  if (!driving) return null;
  if (s.driverLocatedAt === null) return { code: 'no_position', message: 'the driver has sent no position' };
  const silentMs = now - s.driverLocatedAt;
  if (silentMs < POSITION_STALE_MS) return null;
  return { code: 'no_position', message: `the driver has sent no position for ${Math.floor(silentMs / 60_000)} minutes` };
}

/**
 * Driver inactive: the driver assigned to a scenario not done has been deactivated since. The driver
 * app refuses them, so the scenario cannot move on until ops dispatch it to someone else (a move
 * already under way needs a call to the driver first): nothing unassigns it by itself.
 */
export function inactiveDriverReason(s: BoardScenarioFacts): AttentionReason | null {
  if (s.driverActive !== false || phaseOf(s) === 'done') return null;
  return { code: 'driver_inactive', message: 'the assigned driver has been deactivated' };
}

export function attentionReasons(s: BoardScenarioFacts, now: number): AttentionReason[] {
  return [lateReason(s, now), positionReason(s, now), inactiveDriverReason(s)].filter((r): r is AttentionReason => r !== null);
}

/** The column: attention whenever a reason applies to a scenario not done, else its phase. */
export function columnOf(s: BoardScenarioFacts, now: number): { column: Column; phase: Phase; reasons: AttentionReason[] } {
  const phase = phaseOf(s);
  const reasons = phase === 'done' ? [] : attentionReasons(s, now);
  return { column: reasons.length > 0 ? 'attention' : phase, phase, reasons };
}
