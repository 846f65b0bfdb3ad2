// Idempotency-Key on every authenticated POST (spec §9). The first request claims the key in the
// database; its status and body are stored when it is sent and replayed byte for byte to any
// repeat with the same body for RETENTION_IDEMPOTENCY_HOURS (24). A repeat that arrives while the
// first is still running waits for it (bounded), so racing duplicates all get the one result; past
// the wait it is told idempotency_in_progress. A 5xx is not kept: the failure was ours, so a retry may run again.
// The key's fingerprint is the method, the path as sent (so one key cannot dispatch two moves) and
// the body. An answer larger than maxStoredBytes is not kept: the key remembers its status only.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Executor, Transaction, WriteOptions } from '../../db/executor.ts';
import type { Clock } from '../../lib/clock.ts';
import { ApiError } from '../../lib/errors.ts';
import { isGoneProcess, PROCESS_IDENTITY } from '../../lib/process-identity.ts';
import { seal, sealingKey, unseal } from '../../lib/sealed.ts';
import { claimKey, completeKey, dropKey, findKey, type IdempotencyRecord, releaseStaleKey } from './idempotency.repository.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request holds an Idempotency-Key claim whose response must be stored. */
    idempotencyKey?: string;
    /** With idempotencyKey: the largest answer that is stored (the app's maxStoredBytes). */
    idempotencyMaxStoredBytes?: number;
  }
  interface FastifyContextConfig {
    /** The response shows a secret once: it is stored for replay only sealed (encrypted). */
    sensitiveResponse?: boolean;
    /**
     * The endpoint is idempotent by what it is sent (an upload, by its bytes' hash): an
     * Idempotency-Key is not used, since its body (a multipart stream) cannot be fingerprinted
     * before the handler reads it.
     */
    naturallyIdempotent?: boolean;
  }
}

export interface IdempotencyOptions {
  db: Executor;
  clock: Clock;
  /** Seals stored responses of routes marked sensitiveResponse. */
  sealingSecret: string;
  /** How long a stored response is replayed. */
  retentionMs?: number;
  /** How long a running claim holds before it is considered abandoned (its process died). */
  leaseMs?: number;
  /** How long a repeat waits for a running first request before answering 409. */
  waitMs?: number;
  /** Answers larger than this are not stored; a replay gets their status and a note instead. */
  maxStoredBytes?: number;
}

/** The default of IDEMPOTENCY_MAX_STORED_BYTES (config.ts): a booking answer is 2–6 KiB, an error answer at most ~13 KiB. */
export const DEFAULT_MAX_STORED_BYTES = 64 * 1024;

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
const POLL_MS = 20;

interface Settings {
  db: Executor;
  clock: Clock;
  retentionMs: number;
  leaseMs: number;
  waitMs: number;
  maxStoredBytes: number;
  sealKey: Buffer;
}

export function registerIdempotency(app: FastifyInstance, options: IdempotencyOptions): void {
  const settings: Settings = {
    db: options.db,
    clock: options.clock,
    retentionMs: options.retentionMs ?? 24 * 3600_000,
    leaseMs: options.leaseMs ?? 60_000,
    waitMs: options.waitMs ?? 10_000,
    maxStoredBytes: options.maxStoredBytes ?? DEFAULT_MAX_STORED_BYTES,
    sealKey: sealingKey(options.sealingSecret, 'idempotency-responses'),
  };
  app.addHook('preHandler', (request, reply) => claimOrReplay(settings, request, reply));
  app.addHook('onSend', (request, reply, payload) => storeAnswer(settings, request, reply, payload));
}

/** preHandler: claim the key, or replay its stored answer, or wait (bounded) for the first request. */
async function claimOrReplay(s: Settings, request: FastifyRequest, reply: FastifyReply) {
  const { db, clock } = s;
  const key = request.headers['idempotency-key'];
  // Only authenticated POSTs: keys are kept per client.
  if (request.method !== 'POST' || key === undefined || !request.auth || request.routeOptions.config.naturallyIdempotent) return;
  if (typeof key !== 'string' || !KEY_FORMAT.test(key)) {
    throw ApiError.fromProblems([
      { code: 'field_invalid', field: 'Idempotency-Key', message: 'Idempotency-Key must be 1–255 visible ASCII characters' },
    ]);
  }
  const clientId = request.auth.clientId;
  const requestHash = hashRequest(request);
  const giveUpAt = Date.now() + s.waitMs;

  for (;;) {
    const now = clock.now();
    if (await claimKey(db, { clientId, key, requestHash, now, leaseMs: s.leaseMs, owner: PROCESS_IDENTITY })) {
      request.idempotencyKey = key;
      request.idempotencyMaxStoredBytes = s.maxStoredBytes;
      return;
    }
    const record = await findKey(db, clientId, key);
    if (!record) continue; // released meanwhile: claim again
    const abandoned = record.state === 'running' && (record.locked_until < now || isGoneProcess(record.locked_by));
    if (record.created_at < now - s.retentionMs || abandoned) {
      await releaseStaleKey(db, { clientId, key, expiredBefore: now - s.retentionMs, now, goneOwner: abandoned ? record.locked_by : null });
      continue;
    }
    if (record.request_hash !== requestHash) {
      throw new ApiError(
        'idempotency_key_reused',
        'this Idempotency-Key was already used with a different request; send a new key for a new request',
      );
    }
    if (record.state === 'done') return replay(reply, record, s.sealKey, s.maxStoredBytes);
    if (Date.now() >= giveUpAt) {
      throw new ApiError('idempotency_in_progress', 'a request with this Idempotency-Key is still running; retry shortly');
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** onSend: keep the answer under the key (sealed where the route says so), or drop the key after a 5xx. */
async function storeAnswer(s: Settings, request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const key = request.idempotencyKey;
  if (!key) return payload;
  request.idempotencyKey = undefined;
  const clientId = request.auth.clientId;
  const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
  if (reply.statusCode >= 500 || body === null) {
    await dropKey(s.db, clientId, key);
  } else {
    const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
    const stored = storable(body, s.maxStoredBytes) && (request.routeOptions.config.sensitiveResponse ? seal(body, s.sealKey) : body);
    await completeKey(s.db, { clientId, key, statusCode: reply.statusCode, contentType, body: stored || null });
  }
  return payload;
}

/**
 * Stores the response of the request's Idempotency-Key claim inside the caller's transaction, so it
 * commits (or rolls back) together with the write it reports. Without this a process that dies
 * between the commit and onSend leaves a committed write behind a 'running' claim, and once the
 * claim's lease lapses a retry with the same key runs the write again. onSend stores the same
 * status and bytes again afterwards (a no-op). Not for sensitiveResponse routes (stored unsealed).
 */
export async function recordIdempotentResponse(trx: Transaction, request: FastifyRequest, json: string, statusCode = 200): Promise<void> {
  const key = request.idempotencyKey;
  if (!key || request.routeOptions.config.sensitiveResponse) return;
  const body = storable(json, request.idempotencyMaxStoredBytes ?? DEFAULT_MAX_STORED_BYTES) ? json : null;
  await completeKey(trx, { clientId: request.auth.clientId, key, statusCode, contentType: 'application/json; charset=utf-8', body });
}

/** What a route hands a writing service: store the answer under the request's key, in the change's transaction. */
export function answerInTransaction(request: FastifyRequest): WriteOptions {
  return { inTransaction: (trx, json) => recordIdempotentResponse(trx, request, json) };
}

const storable = (body: string, maxBytes: number) => body.length <= maxBytes && Buffer.byteLength(body) <= maxBytes;

function hashRequest(request: FastifyRequest): string {
  let body: string;
  try {
    body = JSON.stringify(request.body ?? null);
  } catch (err) {
    // JSON.parse takes nesting that JSON.stringify's recursion cannot (thousands of levels).
    if (err instanceof RangeError) throw new ApiError('invalid_json', 'the body is nested too deeply');
    throw err;
  }
  // The path as sent, query included: the route pattern (/v1/ops/moves/:id/dispatch) would let
  // one key replay move 1's answer to a dispatch of move 2.
  return createHash('sha256').update(`${request.method} ${request.url}\n${body}`).digest('hex');
}

function replay(reply: FastifyReply, record: IdempotencyRecord, sealKey: Buffer, maxStoredBytes: number) {
  const status = record.status_code ?? 200;
  reply.code(status).header('idempotent-replayed', 'true');
  if (record.response_body === null) {
    // Only the status was kept: say so, rather than pretend this note is the first answer.
    return reply
      .header('idempotent-response-omitted', 'true')
      .type('application/json; charset=utf-8')
      .send(
        JSON.stringify({
          idempotent_replay: true,
          status_code: status,
          message: `the first answer to this Idempotency-Key (status ${status}) was larger than ${maxStoredBytes} bytes and was not kept; read the resource itself to see the result`,
        }),
      );
  }
  return reply.type(record.content_type ?? 'application/json; charset=utf-8').send(unseal(record.response_body, sealKey));
}
