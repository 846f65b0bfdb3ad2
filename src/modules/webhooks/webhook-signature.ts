// The Handoff-Signature header (spec §8): `t=<unix ms>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`,
// keyed with the subscription's secret. The timestamp is signed with the body, so a receiver that
// rejects old `t` values cannot be fed a recorded delivery again; every attempt is signed afresh.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Handoff-Signature';
export const EVENT_HEADER = 'Handoff-Event';
export const USER_AGENT = 'Handoff-Webhooks/1.0.0';

function hmacHex(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
}

/** The header value for `body` sent at `t` (epoch milliseconds). */
export function signatureHeader(secret: string, t: number, body: string): string {
  if (!Number.isSafeInteger(t) || t < 0) throw new RangeError(`not a timestamp: ${t}`);
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

/** `move.pickup.started` → `move_pickup_started`, the Handoff-Event header. */
export function eventHeaderValue(type: string): string {
  return type.replaceAll('.', '_');
}

/** Every header of one delivery attempt. */
export function deliveryHeaders(secret: string, type: string, t: number, body: string): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    [EVENT_HEADER]: eventHeaderValue(type),
    [SIGNATURE_HEADER]: signatureHeader(secret, t, body),
  };
}

export interface VerifyOptions {
  /** Refuse a signature older (or newer) than this, relative to `now`; omit to skip the check. */
  toleranceMs?: number;
  now?: number;
}

/**
 * Whether `header` signs `body` with `secret` (what a receiver does; our tests and the README use
 * it). Accepts several v1 values, so a receiver can check while a secret is being rotated.
 */
export function verifySignature(secret: string, header: string | undefined, body: string, options: VerifyOptions = {}): boolean {
  if (!header) return false;
  let t: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return false;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,16}$/.test(value) || t !== null) return false;
      t = Number(value);
    } else if (key === 'v1') {
      signatures.push(value);
    }
  }
  if (t === null || signatures.length === 0) return false;
  if (options.toleranceMs !== undefined && Math.abs((options.now ?? Date.now()) - t) > options.toleranceMs) return false;
  const expected = Buffer.from(hmacHex(secret, t, body), 'hex');
  return signatures.some((s) => {
    if (!/^[0-9a-f]{64}$/i.test(s)) return false;
    return timingSafeEqual(Buffer.from(s, 'hex'), expected);
  });
}
