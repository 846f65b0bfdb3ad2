// The status strings of a move and of its cancelation (spec §7), defined once: the state machine
// (lifecycle/state-machine.ts) rules over them, and the documents (move-document.schema.ts) show them.

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

export type CancelStatus = 'pending' | 'canceled' | 'partial' | 'failed';
export type CancelOutcome = Exclude<CancelStatus, 'pending'>;
export const CANCEL_OUTCOMES: readonly CancelOutcome[] = ['canceled', 'partial', 'failed'];
