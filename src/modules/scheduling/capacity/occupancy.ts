// How long a scenario occupies its driver (spec §11.2), as one pure rule shared by bookings,
// availability, holds and dispatch suggestions, so they can never disagree about a trip's length.
//
// Ours: the driver is busy from the scenario's ready-by (leg 0's vehicle leaves the lot) until the
// last vehicle is handed over: every leg's drive, a handoff buffer at each stop — the first pickup
// and every delivery, where the inspection and the keys change hands (a pair's swap happens inside
// the buffer of the stop both legs share) — and, for a pair, the configured wait between legs.

export interface OccupancyRules {
  /** Minutes at each stop (HANDOFF_BUFFER_MINUTES). */
  handoffBufferMinutes: number;
  /** Extra minutes between two legs of a pair (PAIR_WAIT_MINUTES). */
  pairWaitMinutes: number;
}

export interface OccupiedSpan {
  /** Epoch ms: the ready-by. */
  from: number;
  /** Epoch ms: the last handoff done. */
  until: number;
}

const MINUTE = 60_000;

/** The span a scenario whose legs drive `legMinutes` (in order) occupies from `readyByMs`. */
export function occupiedSpan(readyByMs: number, legMinutes: readonly number[], rules: OccupancyRules): OccupiedSpan {
  const driving = legMinutes.reduce((sum, m) => sum + m, 0);
  const stops = legMinutes.length + 1;
  const waits = Math.max(0, legMinutes.length - 1) * rules.pairWaitMinutes;
  return { from: readyByMs, until: readyByMs + Math.round((driving + stops * rules.handoffBufferMinutes + waits) * MINUTE) };
}
