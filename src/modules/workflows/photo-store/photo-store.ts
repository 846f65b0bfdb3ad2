// The PhotoStore port (spec §10.3): where inspection photos live. Embedded default: files under the
// data directory (local-photo-store.ts); production: any S3-compatible object store (s3-photo-store.ts).
// Both implement the same contract (test/api/photo-store.test.ts runs one suite against each), so
// switching stores by config changes where the bytes are, never how the service behaves.
import type { Readable } from 'node:stream';

export interface StoredObject {
  body: Readable;
  bytes: number;
  contentType: string;
}

export interface PhotoStore {
  readonly kind: 'local' | 's3';
  /**
   * Stores the file at `path` under `key`, durably (fsynced / acknowledged) before it resolves. Same key
   * again: replaces with the same bytes (keys are content-addressed by the caller).
   */
  putFile(key: string, path: string, contentType: string): Promise<void>;
  putBuffer(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object, or undefined when there is none under `key`. */
  get(key: string): Promise<StoredObject | undefined>;
  exists(key: string): Promise<boolean>;
  /** A URL the store signs itself for a direct GET, valid `seconds`; null for a store that has none (local disk). */
  presignedGetUrl(key: string, seconds: number): Promise<string | null>;
  /** At start-up: the directory is writable / the bucket answers; throws a plain Error with a clear message (never a secret) otherwise. */
  check(): Promise<void>;
}

/** S3's own limit on a key's length; a longer key could be stored locally but never moved to S3. */
export const MAX_KEY_LENGTH = 1024;

const KEY_PATTERN = /^[a-z0-9][a-z0-9/._-]*$/;

/**
 * Refuses (throws) a key that could step outside the store or alias another key: keys come from our
 * own code, so a bad one is a bug, and refusing it before any I/O keeps a bug from becoming a path
 * traversal. Beyond the character set, every segment must start with a letter or digit: no "..",
 * no "." (an alias of its directory), no empty segment ("//", a trailing "/"), and no dot-files, which
 * is the name space the local store keeps for its temporary files.
 */
export function assertValidKey(key: string): void {
  const valid =
    key.length <= MAX_KEY_LENGTH &&
    KEY_PATTERN.test(key) &&
    !key.includes('..') &&
    !key.includes('//') &&
    key.split('/').every((segment) => /^[a-z0-9]/.test(segment));
  if (!valid) throw new Error(`photo store: refused key ${JSON.stringify(key.slice(0, 80))} (not a photo key)`);
}

const TYPES_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

export const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

/** The content type a key's extension names (application/octet-stream for any other extension). */
export function contentTypeOfKey(key: string): string {
  const extension = /\.([a-z0-9]+)$/.exec(key)?.[1];
  return (extension && TYPES_BY_EXTENSION[extension]) || FALLBACK_CONTENT_TYPE;
}

/**
 * What every put checks first: a valid key, and a content type that is the one its extension names.
 * The local store answers a get with the type its extension names (it keeps no sidecar), so a put that
 * disagreed would be stored under a type it would later misreport; refusing it in both stores keeps
 * them interchangeable.
 */
export function assertPut(key: string, contentType: string): void {
  assertValidKey(key);
  const given = contentType.split(';')[0]!.trim().toLowerCase();
  const expected = contentTypeOfKey(key);
  if (given !== expected) {
    throw new Error(`photo store: key ${JSON.stringify(key)} holds ${expected}, not ${JSON.stringify(contentType)}`);
  }
}
