// The move lifecycle (spec §7) as pure rules: which step may follow which, what dispatch and
// cancelation may do in each state, and how a cancelation ends. The services apply these under a
// row lock; nothing here reads a clock or a database.
import type { EventType } from '../../events/event-types.ts';
import {
  CANCEL_OUTCOMES,
  type CancelOutcome,
  type CancelStatus,
  canceledAs,
  isActiveMove,
  isCanceled,
  isFinished,
  type MoveStatus,
  STATUSES,
  type Step,
  STEPS,
} from '../move-statuses.ts';

export { CANCEL_OUTCOMES, type CancelOutcome, type CancelStatus, isActiveMove, isCanceled, isFinished, type MoveStatus, STATUSES };

export { type Step, STEPS };

export const STATUS_OF_STEP: Record<Step, MoveStatus> = {
  pickup_started: 'pickup started',
  pickup_arrived: 'pickup arrived',
  pickup_successful: 'pickup successful',
  delivery_started: 'delivery started',
  delivery_arrived: 'delivery arrived',
  delivery_successful: 'delivery successful',
};

export const EVENT_OF_STEP: Record<Step, EventType> = {
  pickup_started: 'move.pickup.started',
  pickup_arrived: 'move.pickup.arrived',
  pickup_successful: 'move.pickup.successful',
  delivery_started: 'move.delivery.started',
  delivery_arrived: 'move.delivery.arrived',
  delivery_successful: 'move.delivery.successful',
};

export const EVENT_OF_OUTCOME: Record<CancelOutcome, EventType> = {
  canceled: 'move.cancel.succeeded',
  partial: 'move.cancel.partial',
  failed: 'move.cancel.failed',
};

/** What the rules need to know about a move. */
export interface MoveState {
  id: number;
  cardinality: number;
  status: string | null;
  cancel_status: string | null;
  pickup_started: number | null;
  pickup_successful: number | null;
}

export type Verdict = { ok: true } | { ok: false; reason: string };
const ok: Verdict = { ok: true };
const no = (reason: string): Verdict => ({ ok: false, reason });

/** 0 for booked (null), then 1… in lifecycle order. */
export const statusRank = (status: string | null): number =>
  status === null ? 0 : STATUSES.indexOf(status as MoveStatus) + 1;


/** A driver step on `move` of a scenario (`moves` in cardinality order). */
export function checkStep(moves: MoveState[], move: MoveState, step: Step): Verdict {
  if (isCanceled(move)) return no(canceledAs(move));
  if (move.status === null) return no(`move ${move.id} has not been dispatched`);
  const target = statusRank(STATUS_OF_STEP[step]);
  const current = statusRank(move.status);
  if (current === target) return no(`move ${move.id} is already "${move.status}"`);
  if (current > target) return no(`move ${move.id} is already past "${STATUS_OF_STEP[step]}" (it is "${move.status}")`);
  if (current < target - 1) {
    return no(`move ${move.id} is "${move.status}": "${STATUSES[current]}" comes before "${STATUS_OF_STEP[step]}"`);
  }
  if (step === 'pickup_started') {
    const previous = moves.find((m) => m.cardinality === move.cardinality - 1);
    if (previous && !isFinished(previous)) {
      return no(`move ${previous.id} (leg ${previous.cardinality}) must be delivered before move ${move.id} starts`);
    }
  }
  return ok;
}

/** Assigning (or re-assigning) a driver to every move of a scenario. */
export function checkDispatch(moves: MoveState[]): Verdict {
  for (const m of moves) {
    if (isCanceled(m)) return no(canceledAs(m));
    if (m.cancel_status === 'pending') return no(`move ${m.id} has a cancelation pending`);
    if (isFinished(m)) return no(`move ${m.id} is already delivered`);
    if (m.pickup_started !== null) return no(`move ${m.id} has already started; its driver can no longer change`);
  }
  return ok;
}

/** A dealer's cancelation request for a scenario (all its moves together). */
export function checkCancelRequest(moves: MoveState[]): Verdict {
  for (const m of moves) {
    if (m.cancel_status === 'pending') return no(`move ${m.id} already has a cancelation pending`);
    if (isCanceled(m)) return no(m.cancel_status === 'rescheduled' ? canceledAs(m) : `move ${m.id} is already canceled`);
    if (m.cancel_status === 'failed') return no(`the cancelation of move ${m.id} already failed: the vehicle was picked up`);
  }
  if (moves.every(isFinished)) return no('every move of this booking is already delivered');
  return ok;
}

/**
 * The automatic outcome for a scenario: nobody has set out → canceled; the driver set out but no
 * vehicle is picked up yet → partial (a trip fee applies); a vehicle is already picked up → failed
 * (the move continues). One outcome for all the scenario's moves, so a pair always agrees.
 */
export function cancelOutcome(moves: MoveState[]): CancelOutcome {
  if (moves.some((m) => m.pickup_successful !== null)) return 'failed';
  if (moves.some((m) => m.pickup_started !== null)) return 'partial';
  return 'canceled';
}

/** Deciding a pending cancelation (by rule or by ops). */
export function checkCancelDecision(moves: MoveState[]): Verdict {
  const pending = moves.filter((m) => m.cancel_status === 'pending');
  if (pending.length === 0) return no('there is no pending cancelation to decide');
  return ok;
}
