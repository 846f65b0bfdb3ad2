// The status strings of a move and of its cancelation (spec §7), defined once: the state machine
// (lifecycle/state-machine.ts) rules over them, and the documents (move-document.schema.ts) show them.
// Also the one "active move" rule, as a predicate over rows (its SQL twin is moves.repository's
// activeMoveCondition, built from the same constants).

/** Status strings in lifecycle order; null = booked, not yet dispatched. */
export const STATUSES = [
  'dispatched',
  'pickup started',
  'pickup arrived',
  'pickup successful',
  'delivery started',
  'delivery arrived',
  'delivery successful',
] as const;
export type MoveStatus = (typeof STATUSES)[number];

/** The driver's steps (spec §7), each moving to the status after the one before; its name is also its timestamp field. */
export const STEPS = [
  'pickup_started',
  'pickup_arrived',
  'pickup_successful',
  'delivery_started',
  'delivery_arrived',
  'delivery_successful',
] as const;
export type Step = (typeof STEPS)[number];

/** A cancelation's outcome (spec §7). */
export type CancelOutcome = 'canceled' | 'partial' | 'failed';
export const CANCEL_OUTCOMES: readonly CancelOutcome[] = ['canceled', 'partial', 'failed'];
/** Set by a reschedule (spec §11.5): the attempt is over and a new booking replaces it. Never a cancelation's outcome. */
export const RESCHEDULED = 'rescheduled';
export type CancelStatus = 'pending' | CancelOutcome | typeof RESCHEDULED;
/** Every cancel_status a move can show, null aside. */
export const CANCEL_STATUSES: readonly CancelStatus[] = ['pending', ...CANCEL_OUTCOMES, RESCHEDULED];

/** The status a move ends in. */
export const FINISHED_STATUS: MoveStatus = 'delivery successful';
/**
 * Canceled for good: 'canceled', 'partial' (canceled after the driver set out; a fee applies), or
 * 'rescheduled' (its new booking carries on: the attempt itself is no longer active anywhere).
 */
export const CANCELED_FOR_GOOD: readonly CancelStatus[] = ['canceled', 'partial', RESCHEDULED];

export const isCanceled = (m: { cancel_status: string | null }) =>
  m.cancel_status !== null && (CANCELED_FOR_GOOD as readonly string[]).includes(m.cancel_status);
export const isFinished = (m: { status: string | null }) => m.status === FINISHED_STATUS;
/**
 * Active: neither finished nor canceled for good — what a driver still has to drive, what the
 * tracking page follows, what a new booking's duplicate check collides with.
 */
/** How a refusal says a move is out of play: a rescheduled attempt is not "canceled" to whoever reads it. */
export const canceledAs = (m: { id: number; cancel_status: string | null }) =>
  m.cancel_status === 'rescheduled' ? `move ${m.id} was rescheduled` : `move ${m.id} is canceled`;

export const isActiveMove = (m: { status: string | null; cancel_status: string | null }) => !isFinished(m) && !isCanceled(m);
