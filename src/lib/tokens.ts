// Stateless signed bearer tokens: base64url(JSON payload) + "." + base64url(HMAC-SHA256).
// Verifying one costs a hash, not a database read; revocation is checked against the client
// record, which the auth layer caches briefly.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenPayload {
  /** client id */
  sub: string;
  /** expiry, epoch seconds */
  exp: number;
}

export function signToken(payload: TokenPayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(body, secret)}`;
}

/** The payload of a well-formed, correctly signed token (expiry is the caller's to check). */
export function verifyToken(token: string, secret: string): TokenPayload | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 1024) return null;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = Buffer.from(mac(body, secret), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<TokenPayload>;
    if (typeof p.sub !== 'string' || typeof p.exp !== 'number') return null;
    return { sub: p.sub, exp: p.exp };
  } catch {
    return null;
  }
}

function mac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
