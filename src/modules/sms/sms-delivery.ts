// The `sms.send` job: sends one queued message through the configured sender and records the
// outcome on its row. Jobs run at least once, so the row is the marker: only a 'queued' row is
// sent, and every outcome is written only over a 'queued' row. (A process killed after the
// provider accepted a text but before the row says 'sent' sends it again on the retry — the one
// duplicate at-least-once delivery cannot rule out, since Twilio's Messages API takes no
// idempotency key; the window is one UPDATE wide.)
//
// Outcomes: accepted → 'sent'. Transient failure (5xx, 429, network) → the row stays 'queued'
// with the error and attempt count, and the job retries through the same queue with backoff
// (RetryAt). Permanent failure (4xx such as 21211 invalid number), or the last allowed attempt →
// 'failed' with the error (PermanentJobError ends the job). The number opted out meanwhile (STOP,
// or Twilio's 21610 "unsubscribed recipient") → 'suppressed', nothing (more) is sent.
import type { Database } from '../../db/database.ts';
import { backoffMs } from '../../jobs/backoff.ts';
import { type JobContext, PermanentJobError, RetryAt } from '../../jobs/worker.ts';
import type { Clock } from '../../lib/clock.ts';
import type { SmsSendJob } from './sms-notifier.ts';
import { type SmsSender, SmsSendError } from './sms-senders.ts';
import { findMessage, isOptedOut, markFailed, markSent, markSuppressed, optOut, recordRetry } from './sms.repository.ts';

export interface SmsDeliveryDeps {
  database: Database;
  clock: Clock;
  sender: SmsSender;
  /** The wait after failed attempt number n (1 = the first). */
  backoff?: (attempt: number) => number;
}

export class SmsDelivery {
  private readonly backoff: (attempt: number) => number;

  constructor(private readonly deps: SmsDeliveryDeps) {
    this.backoff = deps.backoff ?? ((attempt) => backoffMs(attempt, { baseMs: 5_000, maxMs: 10 * 60_000 }));
  }

  async send({ messageId }: SmsSendJob, ctx: JobContext): Promise<void> {
    const { db } = this.deps.database;
    const { sender, clock } = this.deps;
    const message = await findMessage(db, messageId);
    if (!message || message.status !== 'queued') return;
    const attempts = ctx.job.attempts;

    if (await isOptedOut(db, message.to_phone)) {
      await markSuppressed(db, messageId, { error: null, now: clock.now() });
      return;
    }

    let failure: SmsSendError;
    try {
      const { providerMessageId } = await sender.send(message.to_phone, message.body);
      await markSent(db, messageId, { provider: sender.provider, providerMessageId, attempts, now: clock.now() });
      return;
    } catch (err) {
      failure = err instanceof SmsSendError ? err : new SmsSendError(err instanceof Error ? err.message : String(err), 'transient');
    }

    const now = clock.now();
    if (failure.kind === 'opted_out') {
      await optOut(db, message.to_phone, now);
      await markSuppressed(db, messageId, { error: failure.message, attempts, now });
      return;
    }
    if (failure.kind === 'permanent' || attempts >= ctx.job.max_attempts) {
      const error = failure.kind === 'permanent' ? failure.message : `gave up after ${attempts} attempts: ${failure.message}`;
      await markFailed(db, messageId, { provider: sender.provider, error, attempts, now });
      throw new PermanentJobError(error);
    }
    await recordRetry(db, messageId, { provider: sender.provider, error: failure.message, attempts, now });
    throw new RetryAt(now + Math.max(0, this.backoff(attempts)), failure.message);
  }
}
