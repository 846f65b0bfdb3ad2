// The production PhotoStore: any S3-compatible object store (AWS S3, MinIO, R2, GCS interop) through
// the official AWS SDK. A PUT is acknowledged only once the store has the whole object, which is S3's
// own durability promise; nothing here caches or buffers a photo.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { lazyRequire } from '../../../lib/lazy-require.ts';
// Loaded when an S3 store is made: a process on the local store never pays for the SDK at start-up.
const sdk = lazyRequire<typeof import('@aws-sdk/client-s3')>('@aws-sdk/client-s3');
const presigner = lazyRequire<typeof import('@aws-sdk/s3-request-presigner')>('@aws-sdk/s3-request-presigner');
import { assertPut, assertValidKey, FALLBACK_CONTENT_TYPE, type PhotoStore, type StoredObject } from './photo-store.ts';

/** What the store is given by config (S3_* variables). */
export interface S3Settings {
  /** For MinIO, R2, GCS interop or a test server; AWS's own endpoint when unset. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Without both, the SDK's default credential chain (environment, profile, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** bucket in the path (http://host/bucket/key) rather than the host name: MinIO and most self-hosted stores. */
  forcePathStyle: boolean;
  /** Keys are stored under it ("handoff" → "handoff/rooftops/…"), so one bucket can serve several deployments. */
  prefix?: string;
}

export interface S3PhotoStoreOptions extends S3Settings {
  /** How long opening a connection may take: an unreachable store fails in seconds, not minutes. */
  connectTimeoutMs?: number;
  /** How long a connection may sit idle mid-request (a store that accepts and never answers). */
  idleTimeoutMs?: number;
  /** check()'s whole budget, retries included. */
  checkTimeoutMs?: number;
  /** The clock presigned URLs are signed at (tests sign in the past to get an expired URL at once). */
  now?: () => Date;
}

/** S3's own limit on a presigned URL's life (SigV4: seven days). */
const MAX_PRESIGN_SECONDS = 604_800;

// The SDK reports every failure to us as a thrown error; its own console lines (e.g. a warning when a
// streamed upload fails) would only break the JSON log with a duplicate.
const silentLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export class S3PhotoStore implements PhotoStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly now: () => Date;
  private readonly checkTimeoutMs: number;

  constructor(private readonly options: S3PhotoStoreOptions) {
    this.client = new (sdk().S3Client)(clientConfig(options));
    this.bucket = options.bucket;
    this.prefix = options.prefix ? `${options.prefix.replace(/\/+$/, '')}/` : '';
    this.now = options.now ?? (() => new Date());
    this.checkTimeoutMs = options.checkTimeoutMs ?? 5000;
  }

  async putFile(key: string, path: string, contentType: string): Promise<void> {
    assertPut(key, contentType);
    const { size } = await stat(path);
    // The SDK cannot replay a stream, so it does not retry this PUT: a failure reaches the caller,
    // whose upload fails and is retried by its client. Buffering instead would hold whole photos in memory.
    const body = createReadStream(path);
    try {
      await this.client.send(
        new (sdk().PutObjectCommand)({ Bucket: this.bucket, Key: this.objectKey(key), Body: body, ContentLength: size, ContentType: contentType }),
      );
    } finally {
      body.destroy();
    }
  }

  async putBuffer(key: string, body: Buffer, contentType: string): Promise<void> {
    assertPut(key, contentType);
    await this.client.send(
      new (sdk().PutObjectCommand)({ Bucket: this.bucket, Key: this.objectKey(key), Body: body, ContentLength: body.length, ContentType: contentType }),
    );
  }

  async get(key: string): Promise<StoredObject | undefined> {
    const objectKey = this.objectKey(key);
    try {
      const answer = await this.client.send(new (sdk().GetObjectCommand)({ Bucket: this.bucket, Key: objectKey }));
      // In Node the SDK's body is the HTTP response itself (an IncomingMessage), a Readable.
      if (!(answer.Body instanceof Readable)) throw new Error('photo store: the S3 answer has no readable body');
      return {
        body: answer.Body,
        bytes: answer.ContentLength ?? 0,
        contentType: answer.ContentType ?? FALLBACK_CONTENT_TYPE,
      };
    } catch (err) {
      if (isMissingObject(err)) return undefined;
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    const objectKey = this.objectKey(key);
    try {
      await this.client.send(new (sdk().HeadObjectCommand)({ Bucket: this.bucket, Key: objectKey }));
      return true;
    } catch (err) {
      if (isMissingObject(err)) return false;
      throw err;
    }
  }

  async presignedGetUrl(key: string, seconds: number): Promise<string> {
    const objectKey = this.objectKey(key);
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
      throw new Error(`photo store: a presigned URL lives 1 to ${MAX_PRESIGN_SECONDS} seconds (asked ${seconds})`);
    }
    const command = new (sdk().GetObjectCommand)({ Bucket: this.bucket, Key: objectKey });
    return presigner().getSignedUrl(this.client, command, { expiresIn: seconds, signingDate: this.now() });
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new (sdk().HeadBucketCommand)({ Bucket: this.bucket }), {
        abortSignal: AbortSignal.timeout(this.checkTimeoutMs),
      });
    } catch (err) {
      throw new Error(`photo store: ${this.whereabouts()} ${this.reasonOf(err)}`);
    }
  }

  /** Closes the client's idle connections (tests, shutdown). */
  destroy(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    assertValidKey(key);
    return this.prefix + key;
  }

  /** 'S3 bucket "photos" at http://127.0.0.1:9000', never with credentials an endpoint URL might carry. */
  private whereabouts(): string {
    const { endpoint, region } = this.options;
    let at = `region ${region}`;
    if (endpoint) {
      const url = new URL(endpoint);
      url.username = '';
      url.password = '';
      at = url.origin;
    }
    return `S3 bucket "${this.bucket}" at ${at}`;
  }

  /** Why HeadBucket failed, in an operator's words; the SDK's own message only when it is not one we know. */
  private reasonOf(err: unknown): string {
    const { name, message, status } = describe(err);
    if (status === 404 || name === 'NotFound' || name === 'NoSuchBucket') return 'does not exist';
    if (status === 403) return 'refuses these credentials (403: check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and the bucket policy)';
    if (status === 301) return 'is in another region (301: check S3_REGION)';
    if (name === 'TimeoutError' || name === 'AbortError') return `did not answer within ${this.checkTimeoutMs} ms`;
    return `did not answer: ${this.withoutSecrets(name === 'Error' ? message : `${name}: ${message}`)}`;
  }

  private withoutSecrets(text: string): string {
    const { secretAccessKey, accessKeyId } = this.options;
    let out = text;
    for (const secret of [secretAccessKey, accessKeyId]) if (secret) out = out.replaceAll(secret, '[redacted]');
    return out;
  }
}

function clientConfig(options: S3PhotoStoreOptions): S3ClientConfig {
  const { endpoint, region, accessKeyId, secretAccessKey, forcePathStyle } = options;
  return {
    region,
    endpoint,
    forcePathStyle,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    // The SDK's own handler options (@smithy/node-http-handler is the SDK's dependency, not ours). No
    // overall request timeout: a 15 MiB upload on a slow link may take minutes and still be healthy.
    requestHandler: {
      connectionTimeout: options.connectTimeoutMs ?? 3000,
      socketTimeout: options.idleTimeoutMs ?? 30_000,
    },
    // Since SDK 3.729 every PUT carries a CRC32 trailer in aws-chunked encoding, which many
    // S3-compatible stores (older MinIO, R2 at times, s3rver) refuse; checksums only when required.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    logger: silentLogger,
  };
}

/** An SDK error's name, message and HTTP status, whatever shape it came in. */
function describe(err: unknown): { name: string; message: string; status: number | undefined } {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return { name: e?.name ?? 'Error', message: e?.message ?? String(err), status: e?.$metadata?.httpStatusCode };
}

/**
 * No object under the key: GetObject says NoSuchKey, HeadObject (which has no body to name the
 * error) says NotFound with a 404. A missing bucket is not "no photo": it is a broken deployment.
 */
function isMissingObject(err: unknown): boolean {
  const { name, status } = describe(err);
  if (name === 'NoSuchBucket') return false;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}
