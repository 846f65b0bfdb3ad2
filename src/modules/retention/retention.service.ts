// Retention: what only grows is purged past its horizon (RETENTION_* in config.ts) by a durable,
// recurring job, `retention.purge`, run by the ordinary workers. Each run first queues the next
// one, at the next multiple of the interval, under a dedupe key naming that instant: however many
// processes start or run it at once, there is one job per instant, and a run that fails for good
// does not end the chain. Start-up (processes.ts) queues the next instant the same way, so a fresh
// database, or one whose chain was lost, gets one.
//
// What is kept, and why:
// - finished jobs and webhook delivery attempts: the 30 days an operator may look back;
// - idempotency records: their replay window, which is the same setting;
// - a driver's last known position: cleared after its horizon, so the live position of someone
//   who stopped reporting is not kept for ever; the trail reported during moves (driver_positions)
//   goes on the same horizon, being the same kind of data. The positions reported with each step
//   stay: they are where the car was picked up and delivered, part of the move's permanent record,
//   as are moves, scenarios, locations and the texts we sent (none of them is purged here);
// - events: the catch-up window of GET /v1/events (the newest sequenced event is always kept, see
//   retention.repository.ts). GET /v1/events/:id of a purged event is a 404;
// - customers' replies (sms_replies): free text from the customer, kept as long as the events of
//   the timeline they sit in (whose documents carry the same customer's details), then gone.
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import type { RetentionConfig } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { Executor } from '../../db/executor.ts';
import { enqueueAlone } from '../../jobs/job-queue.ts';
import type { JobContext } from '../../jobs/worker.ts';
import type { Clock } from '../../lib/clock.ts';
import { countPastHorizon, PURGE_SQL, type RetainedKind, runBatch } from './retention.repository.ts';

export const RETENTION_PURGE_JOB = 'retention.purge';

export type { RetainedKind } from './retention.repository.ts';

/** How long an expired quote is kept (ours; not configurable: nothing reads one after it expires). */
export const QUOTE_KEPT_AFTER_EXPIRY_MS = 24 * 3600_000;
export const RETAINED_KINDS = Object.keys(PURGE_SQL) as RetainedKind[];

/** The horizon of each kind, from the configuration. */
export function horizonsMs(r: RetentionConfig): Record<RetainedKind, number> {
  return {
    jobs: r.jobsMs,
    webhookDeliveries: r.webhookDeliveriesMs,
    idempotencyKeys: r.idempotencyMs,
    driverPositions: r.driverPositionsMs,
    driverTrail: r.driverPositionsMs,
    events: r.eventsMs,
    smsReplies: r.eventsMs,
    // An expired quote is of no use to anyone: kept a day past its expiry, for a support question.
    quotes: QUOTE_KEPT_AFTER_EXPIRY_MS,
  };
}

export interface PurgeJob {
  /** The instant this run was queued for; a continuation carries its parent's. */
  at: number;
}

export interface KindReport {
  rows: number;
  /** Batches run, the last one short of a full batch (or cut off by the time budget). */
  batches: number;
}

export interface PurgeReport {
  kinds: Record<RetainedKind, KindReport>;
  /** False when the time budget ran out with rows left: a continuation job takes over. */
  complete: boolean;
}

export interface RetentionDeps {
  database: Database;
  clock: Clock;
  config: RetentionConfig;
  /**
   * One run stops after this long (real time) and leaves the rest to a continuation job, so it
   * never outlives the worker's lease (5 minutes) however much a first purge of an old database
   * has to do. Default 60 s.
   */
  runBudgetMs?: number;
}

export class RetentionService {
  private readonly runBudgetMs: number;

  constructor(private readonly deps: RetentionDeps) {
    this.runBudgetMs = deps.runBudgetMs ?? 60_000;
  }

  /** The next instant a purge is due after `now`: the next multiple of the interval. */
  nextRunAt(now: number): number {
    const interval = this.deps.config.intervalMs;
    return (Math.floor(now / interval) + 1) * interval;
  }

  /**
   * Makes sure the next purge is queued; idempotent (the instant is the dedupe key, and enqueueAlone
   * does nothing when it exists). Returns whether this call queued it.
   */
  async schedule(now = this.deps.clock.now()): Promise<boolean> {
    const at = this.nextRunAt(now);
    const id = await enqueueAlone(this.deps.database.db, {
      kind: RETENTION_PURGE_JOB,
      payload: { at } satisfies PurgeJob,
      runAt: at,
      now,
      dedupeKey: `${RETENTION_PURGE_JOB}:${at}`,
    });
    return id !== null;
  }

  /** The job handler: queue the next run, purge, and hand what the budget left to a continuation. */
  readonly handle = async (payload: PurgeJob, ctx: JobContext): Promise<void> => {
    await this.schedule(ctx.now);
    const report = await this.purge(ctx.now);
    if (!report.complete) {
      await enqueueAlone(this.deps.database.db, {
        kind: RETENTION_PURGE_JOB,
        payload: { at: payload.at } satisfies PurgeJob,
        runAt: ctx.now,
        now: ctx.now,
        // One continuation per run, even if this run is repeated after a lost lease.
        dedupeKey: `${RETENTION_PURGE_JOB}:continue:${ctx.job.id}`,
      });
    }
  };

  /**
   * Purges every kind past its horizon at `now`, batch by batch, each batch its own statement,
   * yielding to other work between them. Stops early, complete: false, when the budget runs out.
   */
  async purge(now = this.deps.clock.now()): Promise<PurgeReport> {
    const { db } = this.deps.database;
    const { batchSize } = this.deps.config;
    const horizons = horizonsMs(this.deps.config);
    const deadline = performance.now() + this.runBudgetMs;
    const kinds = Object.fromEntries(RETAINED_KINDS.map((k) => [k, { rows: 0, batches: 0 }])) as Record<RetainedKind, KindReport>;
    for (const kind of RETAINED_KINDS) {
      const q = { cutoff: now - horizons[kind], now, limit: batchSize };
      for (;;) {
        const { picked, removed } = await runBatch(db, kind, q);
        kinds[kind].rows += removed;
        kinds[kind].batches += 1;
        if (picked < batchSize) break;
        if (performance.now() >= deadline) return { kinds, complete: false };
        // Let requests waiting for the connection (SQLite has one) go before the next batch.
        await yieldToOthers();
      }
    }
    return { kinds, complete: true };
  }
}

/**
 * Rows still present past their horizon at `now`, per kind, by the purge's own conditions: the
 * check behind "no row outlives its horizon". Between two runs rows age past it for up to an
 * interval (plus the run itself), so a check on a live system passes `graceMs` (the interval and
 * some slack) to count only rows older than horizon + grace; a check right after a purge passes 0.
 */
export async function rowsPastHorizon(
  db: Executor,
  config: RetentionConfig,
  now: number,
  graceMs = 0,
): Promise<Record<RetainedKind, number>> {
  const horizons = horizonsMs(config);
  const counts = await Promise.all(
    RETAINED_KINDS.map((kind) => countPastHorizon(db, kind, { cutoff: now - horizons[kind] - graceMs, now })),
  );
  return Object.fromEntries(RETAINED_KINDS.map((kind, i) => [kind, counts[i]!])) as Record<RetainedKind, number>;
}
