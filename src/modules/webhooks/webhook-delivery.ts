// Delivering one event to one subscription: the `webhook.deliver` job. Each attempt is signed
// afresh (its own `t`), sent through the WebhookTransport, and recorded in webhook_deliveries. A
// 2xx ends the job; anything else is retried with exponential backoff and equal jitter for at least
// 24 hours (WEBHOOK_MAX_ATTEMPTS), and a subscription that has had no success for 3 days is
// disabled, saying so. At least once: the event id stays the same across attempts, so receivers
// drop repeats by id.
//
// Order: a rooftop's jobs are claimed oldest first, and a worker runs many at once, so deliveries of
// the same move to the same subscription are chained here (in this process) to leave in sequence
// order. A retried event can still arrive after a later one of its move; `sequence` in the
// envelope is what receivers order by.
import type { Database } from '../../db/database.ts';
import type { Executor, Transaction } from '../../db/executor.ts';
import { backoffMs } from '../../jobs/backoff.ts';
import { type JobContext, PermanentJobError, RetryAt } from '../../jobs/worker.ts';
import type { Clock } from '../../lib/clock.ts';
import { formatInstant } from '../../lib/instant.ts';
import { unseal } from '../../lib/sealed.ts';
import { EVENT_VERSION, eventEnvelopeJson } from '../events/event-envelope.ts';
import { findEvent } from '../events/events.repository.ts';
import { isDelivered } from './webhook-document.ts';
import { deliveryHeaders } from './webhook-signature.ts';
import type { WebhookTransport } from './webhook-transport.ts';
import { clearFailing, disableFailing, findWebhookById, insertDelivery, markFailing, type WebhookRow } from './webhooks.repository.ts';

export const WEBHOOK_DELIVER_JOB = 'webhook.deliver';

/** The job payload. moveId (appointmentId, invoiceId) orders deliveries of one move (appointment, invoice); none in a test delivery. */
export interface DeliverJob {
  webhookId: number;
  eventId: string;
  moveId?: number;
  appointmentId?: number;
  invoiceId?: number;
}

// ── the retry schedule ───────────────────────────────────────────────────────────────────────────

/** 30 s after the first failure, doubling, capped at 2 hours (each delay then jittered to [½, 1]×). */
export const WEBHOOK_BACKOFF = { baseMs: 30_000, maxMs: 2 * 3600_000 } as const;
/**
 * Attempts per event: with every delay at the bottom of its jitter range, the 31 retries still
 * span more than 24 hours (spec §8); at the top, about 48 hours. Proved in the unit tests.
 */
export const WEBHOOK_MAX_ATTEMPTS = 32;
/** A subscription with no successful delivery for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 3 * 24 * 3600_000;

/** The wait after failed attempt number `attempt` (1 = the first). */
export function webhookRetryDelayMs(attempt: number, random: () => number = Math.random): number {
  return backoffMs(attempt, { ...WEBHOOK_BACKOFF, random });
}

// ── one signed attempt ───────────────────────────────────────────────────────────────────────────

export interface AttemptResult {
  eventId: string;
  delivered: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** When it was signed and sent (the signature's `t`). */
  at: number;
}

export interface SenderDeps {
  database: Database;
  clock: Clock;
  transport: WebhookTransport;
  /** Opens the sealed subscription secrets. */
  secretKey: Buffer;
}

/** The error text recorded for an attempt that got a response other than 2xx. */
function statusError(status: number): string {
  if (status >= 300 && status < 400) return `the receiver answered ${status}: redirects are not followed, only a 2xx counts`;
  return `the receiver answered ${status}: only a 2xx counts as delivered`;
}

/**
 * Signs `body` now, sends it, records the attempt; used by the job and by POST /v1/webhooks/:id/test.
 * With `inTransaction`, the attempt is recorded in a transaction that also runs it (the test's answer
 * is stored there); the sending itself stays outside any transaction.
 */
export async function sendAttempt(
  d: SenderDeps,
  hook: WebhookRow,
  event: { id: string; type: string; body: string },
  attempt: number,
  inTransaction?: (trx: Transaction, result: AttemptResult) => Promise<void>,
): Promise<AttemptResult> {
  const secret = unseal(hook.secret, d.secretKey);
  const at = d.clock.now();
  const res = await d.transport.post({ url: hook.target_url, headers: deliveryHeaders(secret, event.type, at, event.body), body: event.body });
  const delivered = isDelivered(res.statusCode);
  const error = delivered ? null : (res.error ?? statusError(res.statusCode!));
  const result = { eventId: event.id, delivered, statusCode: res.statusCode, durationMs: Math.round(res.durationMs), error, at };
  const record = (db: Executor) =>
    insertDelivery(db, {
      webhook_id: Number(hook.id),
      event_id: event.id,
      event_type: event.type,
      attempt,
      status_code: res.statusCode,
      duration_ms: Math.max(0, Math.round(res.durationMs)),
      error,
      created_at: at,
    });
  if (!inTransaction) await record(d.database.db);
  else {
    await d.database.db.transaction().execute(async (trx) => {
      await record(trx);
      await inTransaction(trx, result);
    });
  }
  return result;
}

/** The type of the synthetic event of POST /v1/webhooks/:id/test. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** The body of a test delivery: the event envelope with type webhook.test and a message. */
export function testEnvelopeJson(id: string, now: number): string {
  return JSON.stringify({
    id,
    object: 'event',
    type: TEST_EVENT_TYPE,
    version: EVENT_VERSION,
    created: formatInstant(now),
    sequence: 0,
    data: { message: 'A test delivery from Handoff: your endpoint is reachable and can check the signature.' },
  });
}

// ── the job ──────────────────────────────────────────────────────────────────────────────────────

export interface DelivererDeps extends SenderDeps {
  /** For the jitter; default Math.random. */
  random?: () => number;
}

/** What orders an event without a move: its appointment, its invoice, or nothing but itself. */
function orderedOther(p: DeliverJob): string {
  if (p.appointmentId !== undefined) return `appointment-${p.appointmentId}`;
  return p.invoiceId === undefined ? p.eventId : `invoice-${p.invoiceId}`;
}

export class WebhookDeliverer {
  /** Per subscription and move, the delivery in flight in this process: the next one waits for it. */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly d: DelivererDeps) {}

  /** The job handler. Synchronous up to the chaining, so deliveries queue in claim order. */
  readonly handle = (payload: DeliverJob, ctx: JobContext): Promise<void> => {
    const of = payload.moveId ?? orderedOther(payload);
    const key = `${payload.webhookId}:${of}`;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const run = previous.then(() => this.deliver(payload, ctx));
    const settled = run.then(
      () => {},
      () => {},
    );
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return run;
  };

  private async deliver(payload: DeliverJob, ctx: JobContext): Promise<void> {
    const db = this.d.database.db;
    const hook = await findWebhookById(db, payload.webhookId);
    // Deleted or disabled since the event: nothing to send (GET /v1/events has it).
    if (!hook || hook.deleted_at !== null || Number(hook.active) !== 1) return;
    const event = await findEvent(db, payload.eventId, [Number(hook.rooftop_id)]);
    if (!event) throw new PermanentJobError(`event ${payload.eventId} does not exist`);

    const attempt = ctx.job.attempts;
    const result = await sendAttempt(this.d, hook, { id: event.id, type: event.type, body: eventEnvelopeJson(event) }, attempt);
    if (result.delivered) {
      if (hook.failing_since !== null) await clearFailing(db, Number(hook.id));
      return;
    }

    const since = await markFailing(db, Number(hook.id), result.at);
    const now = this.d.clock.now();
    if (now - since >= DISABLE_AFTER_FAILING_MS) {
      const reason = `disabled after failing since ${formatInstant(since)} (no successful delivery for 3 days); fix the receiver, then PATCH active: true`;
      await disableFailing(db, Number(hook.id), { failingSinceAtMost: now - DISABLE_AFTER_FAILING_MS, reason, now });
      throw new PermanentJobError(`attempt ${attempt}: ${result.error}; the subscription was disabled`);
    }
    if (attempt >= ctx.job.max_attempts) {
      throw new PermanentJobError(`attempt ${attempt}: ${result.error}; gave up after ${attempt} attempts`);
    }
    const next = now + webhookRetryDelayMs(attempt, this.d.random);
    throw new RetryAt(next, `attempt ${attempt}: ${result.error}; next attempt at ${formatInstant(next)}`);
  }
}
