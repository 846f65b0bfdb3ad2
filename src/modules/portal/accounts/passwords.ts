// Portal passwords: Argon2id (@node-rs/argon2, its OWASP-level defaults: 19 MiB, 2 passes; ~50 ms
// to hash and ~25 ms to verify on this machine). Slow on purpose, so callers hash and verify
// outside any database transaction: a transaction held open that long would block SQLite's writer.
import { randomBytes } from 'node:crypto';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import type { IdGenerator } from '../../../lib/ids.ts';

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id });
}

/** False for a wrong password and for a stored hash that cannot be read (never throws). */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/**
 * Spends one verification on a hash no password matches: a login for an unknown email takes as
 * long as one with a wrong password, so timing does not tell which emails have accounts.
 */
export async function spendVerification(password: string): Promise<false> {
  decoy ??= hashPassword(randomBytes(18).toString('base64url'));
  await verifyPassword(await decoy, password);
  return false;
}

/** 120 random bits as 20 URL-safe characters: shown once, typed or pasted at first login. */
export function generatePassword(ids: IdGenerator): string {
  return ids.token(15);
}
