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

/**
 * Exactly two unpadded base64url parts. Node's decoder is lenient (it skips padding and foreign
 * characters), so a token is also refused unless re-encoding each part gives it back: otherwise
 * `==`, `!!` or flipped spare bits in the last character would make other strings that decode to
 * the same bytes and be accepted as the same token.
 */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function canonicalBytes(part: string): Buffer | null {
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : null;
}

/** The payload of a well-formed, canonical, correctly signed token (expiry is the caller's to check). */
export function verifyToken(token: string, secret: string): TokenPayload | null {
  if (token.length > 1024 || !TOKEN_SHAPE.test(token)) return null;
  const dot = token.indexOf('.');
  const body = token.slice(0, dot);
  const given = canonicalBytes(token.slice(dot + 1));
  if (!given || !canonicalBytes(body)) return null;
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
