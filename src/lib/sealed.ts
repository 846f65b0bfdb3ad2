// Authenticated encryption for data we must keep but must not keep readable (e.g. a response that
// shows a client secret once, held for idempotent replay). AES-256-GCM, key derived from a secret.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'sealed:v1:';

export function sealingKey(secret: string, purpose: string): Buffer {
  return createHash('sha256').update(`${purpose}\n${secret}`).digest();
}

export function seal(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The plain text, or the input unchanged when it was never sealed. Throws when tampered with. */
export function unseal(text: string, key: Buffer): string {
  if (!text.startsWith(PREFIX)) return text;
  const raw = Buffer.from(text.slice(PREFIX.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
