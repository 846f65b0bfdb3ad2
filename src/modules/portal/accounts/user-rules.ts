// What a portal user is allowed to be: pure rules shared by the API, the CLI and first run.
export const PORTAL_ROLES = ['dealer', 'ops'] as const;
export type PortalRole = (typeof PORTAL_ROLES)[number];

/** RFC 5321's longest address. */
export const EMAIL_MAX = 254;
export const NAME_MAX = 200;
/** A chosen password's bounds: long enough to resist guessing, short enough to hash cheaply. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

/** Emails compare case-insensitively: stored and looked up lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Why `email` (normalized) is not usable as a login, or null. Deliberately loose: one "@", a dotted domain, no spaces. */
export function emailProblem(email: string): string | null {
  if (email.length > EMAIL_MAX) return `email must be at most ${EMAIL_MAX} characters`;
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? null : 'email must be an email address (name@example.com)';
}

/** Why a password cannot be chosen, or null. Not trimmed: every character counts. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  return length < PASSWORD_MIN || length > PASSWORD_MAX ? `password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters` : null;
}

/** Why these rooftops do not fit the role, or null: a dealer works for at least one, ops for all. */
export function rooftopsProblem(role: PortalRole, rooftopIds: readonly number[]): { code: 'field_missing' | 'field_invalid'; message: string } | null {
  if (role === 'ops' && rooftopIds.length > 0) {
    return { code: 'field_invalid', message: 'an ops user works for every rooftop: leave rooftop_ids out' };
  }
  if (role === 'dealer' && rooftopIds.length === 0) {
    return { code: 'field_missing', message: 'rooftop_ids is required for a dealer user: give at least one rooftop id' };
  }
  return null;
}
