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

export type CancelStatus = 'pending' | 'canceled' | 'partial' | 'failed';
export type CancelOutcome = Exclude<CancelStatus, 'pending'>;
export const CANCEL_OUTCOMES: readonly CancelOutcome[] = ['canceled', 'partial', 'failed'];

/** The status a move ends in. */
export const FINISHED_STATUS: MoveStatus = 'delivery successful';
/** Canceled for good: 'canceled', or 'partial' (canceled after the driver set out; a fee applies). */
export const CANCELED_FOR_GOOD: readonly CancelOutcome[] = ['canceled', 'partial'];

export const isCanceled = (m: { cancel_status: string | null }) =>
  m.cancel_status !== null && (CANCELED_FOR_GOOD as readonly string[]).includes(m.cancel_status);
export const isFinished = (m: { status: string | null }) => m.status === FINISHED_STATUS;
/**
 * Active: neither finished nor canceled for good — what a driver still has to drive, what the
 * tracking page follows, what a new booking's duplicate check collides with.
 */
export const isActiveMove = (m: { status: string | null; cancel_status: string | null }) => !isFinished(m) && !isCanceled(m);
