// Client secrets are 192-bit random tokens, so a fast keyed hash is as safe as a slow KDF here
// (nothing to brute-force) and keeps /v1/authorize cheap. Only the hash is stored.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IdGenerator } from '../../lib/ids.ts';

export function newClientCredentials(ids: IdGenerator): { clientId: string; clientSecret: string } {
  return { clientId: `hc_${ids.token(12)}`, clientSecret: `hs_${ids.token(24)}` };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
