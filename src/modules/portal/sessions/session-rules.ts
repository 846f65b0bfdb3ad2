// The pure rules of portal sessions and logins: when a session ends, when its last_seen moves, and
// how long an email is locked out after wrong passwords. Unit-tested in test/unit/portal-sessions.test.ts.

/** last_seen_at moves at most this often, so reading pages does not write on every request. */
export const TOUCH_EVERY_MS = 60_000;

/** The first lockout, doubled with each further failure, up to the cap. */
export const LOCK_FIRST_MS = 60_000;
export const LOCK_MAX_MS = 3_600_000;

/** A day without failures forgets an email's count (its row is deleted). */
export const FAILURES_FORGOTTEN_MS = 24 * 3_600_000;

export interface SessionTimes {
  lastSeenAt: number;
  /** The absolute end. */
  expiresAt: number;
}

/** When the session ends if it is not used again: idle expiry, or the absolute end if sooner. */
export function sessionEnd(s: SessionTimes, idleMs: number): number {
  return Math.min(s.lastSeenAt + idleMs, s.expiresAt);
}

export function isLive(s: SessionTimes, now: number, idleMs: number): boolean {
  return now < sessionEnd(s, idleMs);
}

export function needsTouch(s: SessionTimes, now: number): boolean {
  return now - s.lastSeenAt >= TOUCH_EVERY_MS;
}

/**
 * How long logins for an email are refused after its `failures`-th consecutive failure: nothing
 * below `threshold`, then 1 minute, doubling with each further failure, capped at 1 hour.
 */
export function lockoutMs(failures: number, threshold: number): number {
  if (failures < threshold) return 0;
  const doublings = Math.min(failures - threshold, 12);
  return Math.min(LOCK_FIRST_MS * 2 ** doublings, LOCK_MAX_MS);
}
