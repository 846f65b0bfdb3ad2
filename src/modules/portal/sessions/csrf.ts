// CSRF for cookie-authenticated requests: a synchronizer token, random per session, kept in the
// session's row and answered by POST/GET /v1/session; every state-changing request must echo it in
// X-CSRF-Token. Not @fastify/csrf-protection: its job is to keep a secret for the client (in a
// cookie or the session) and derive tokens from it, and we already have one server-side secret per
// session, read on every request anyway: comparing the header with it needs nothing more. Bearer
// requests need none: a token is never sent by the browser on its own (no ambient credential).
import { createHash, timingSafeEqual } from 'node:crypto';

export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** Constant-time: both sides are hashed first, so neither length nor content leaks through timing. */
export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
