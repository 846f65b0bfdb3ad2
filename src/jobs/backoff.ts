// How long a failed job waits before its next attempt: exponential, capped, with "equal jitter"
// — half of the nominal delay is fixed and half is random. Equal rather than full jitter because
// our jobs call other people's servers (webhook receivers, the SMS provider): full jitter may
// retry a struggling receiver almost at once, equal jitter always waits at least half the delay
// while still spreading a burst of failures (one receiver down, hundreds of deliveries) apart.

export interface BackoffOptions {
  /** The nominal delay after the first failed attempt. */
  baseMs?: number;
  /** The nominal delay never exceeds this. */
  maxMs?: number;
  /** A number in [0, 1); injected by tests. */
  random?: () => number;
}

/**
 * The delay after failed attempt number `attempt` (1 = the first run): nominally
 * baseMs · 2^(attempt−1), capped at maxMs, and the result is in [nominal / 2, nominal].
 */
export function backoffMs(attempt: number, { baseMs = 1000, maxMs = 3_600_000, random = Math.random }: BackoffOptions = {}): number {
  const n = Number.isNaN(attempt) ? 1 : Math.max(1, Math.floor(attempt));
  // 2 ** 1100 is Infinity, which the cap turns back into maxMs.
  const nominal = Math.min(maxMs, baseMs * 2 ** (n - 1));
  const half = nominal / 2;
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(half + r * half);
}
