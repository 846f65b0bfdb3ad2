// Runs due jobs from the outbox. Any number of workers, in one process or many, may run against
// the same database: claims are atomic (see claimDue) and each claim is a lease, so a job whose
// worker died is taken over once the lease lapses. Delivery is therefore at least once — a
// handler that outlives its lease, or a process killed between the work and complete(), runs
// again — and handlers must be idempotent (webhooks carry an event id; SMS sends check a marker).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import { backoffMs } from './backoff.ts';
import { claimDue, complete, fail, type Job } from './job-queue.ts';

export interface JobContext {
  /** The claimed row; `attempts` counts this run. */
  job: Job;
  now: number;
}

/**
 * Does the work of one job, outside any transaction (it opens its own). Resolving marks the job
 * done; throwing schedules a retry after the backoff delay, or at RetryAt's instant, or — for a
 * PermanentJobError, or once max_attempts is used — fails it for good.
 */
export type JobHandler<P = unknown> = (payload: P, ctx: JobContext) => Promise<void>;

/** Thrown by a handler to retry at a given instant rather than after the backoff delay (a Retry-After). */
export class RetryAt extends Error {
  constructor(
    readonly at: number,
    message = `retry requested for ${new Date(at).toISOString()}`,
  ) {
    super(message);
    this.name = 'RetryAt';
  }
}

/** Thrown by a handler when trying again cannot help (the receiver rejected the payload itself). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** What the worker logs through; pino's logger fits. */
export interface WorkerLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const consoleLogger: WorkerLogger = {
  warn: (obj, msg) => console.warn(msg, obj),
  error: (obj, msg) => console.error(msg, obj),
};

export interface WorkerDeps {
  database: Database;
  clock: Clock;
  /** Unique per worker: it is what proves a claim is ours. Default: host, pid and a random part. */
  workerId?: string;
  /** The sleep between polls when nothing was due. */
  pollMs?: number;
  /** How long a claim holds; longer than any handler should take, or the job may run twice. */
  leaseMs?: number;
  /** Jobs claimed, and run concurrently, per poll. */
  batchSize?: number;
  /** The delay before retrying after failed attempt number `attempt` (1 = the first run). */
  backoff?: (attempt: number) => number;
  logger?: WorkerLogger;
}

type Outcome = { ok: true } | { ok: false; error: string; retryAt: number | null };

export class Worker {
  readonly workerId: string;
  private readonly database: Database;
  private readonly clock: Clock;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly backoff: (attempt: number) => number;
  private readonly logger: WorkerLogger;
  private readonly handlers = new Map<string, JobHandler<never>>();
  /** Every runOnce not yet finished: what stop() waits for. */
  private readonly active = new Set<Promise<number>>();
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(deps: WorkerDeps) {
    this.database = deps.database;
    this.clock = deps.clock;
    this.workerId = deps.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.pollMs = deps.pollMs ?? 250;
    this.leaseMs = deps.leaseMs ?? 5 * 60_000;
    this.batchSize = deps.batchSize ?? 10;
    this.backoff = deps.backoff ?? ((attempt) => backoffMs(attempt));
    this.logger = deps.logger ?? consoleLogger;
  }

  /** The payload type is the producer's promise, not checked here. */
  register<P>(kind: string, handler: JobHandler<P>): this {
    if (this.handlers.has(kind)) throw new Error(`a handler for job kind "${kind}" is already registered`);
    this.handlers.set(kind, handler as JobHandler<never>);
    return this;
  }

  /**
   * Claims one batch of due jobs, runs them concurrently, records each result, and resolves to
   * the number claimed (0 once stop() was called). Rejects only when the claim itself fails.
   */
  runOnce(): Promise<number> {
    const run = this.claimAndRun();
    this.active.add(run);
    const forget = () => void this.active.delete(run);
    run.then(forget, forget);
    return run;
  }

  /** Polls until stop(): a batch after a batch while jobs are due, then one every pollMs. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.poll();
  }

  /** Stops claiming and resolves once every claimed job has finished and been recorded. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await Promise.allSettled([...this.active]);
  }

  private async poll(): Promise<void> {
    while (!this.stopping) {
      let claimed = 0;
      try {
        claimed = await this.runOnce();
      } catch (err) {
        this.logger.error({ err, workerId: this.workerId }, 'job worker could not claim jobs');
      }
      if (claimed === 0) await this.sleep(this.pollMs);
    }
  }

  /** A sleep that stop() cuts short. */
  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async claimAndRun(): Promise<number> {
    if (this.stopping) return 0;
    const { db, dialect } = this.database;
    const jobs = await claimDue(db, dialect, {
      now: this.clock.now(),
      limit: this.batchSize,
      workerId: this.workerId,
      leaseMs: this.leaseMs,
    });
    await Promise.all(jobs.map((job) => this.execute(job)));
    return jobs.length;
  }

  private async execute(job: Job): Promise<void> {
    const outcome = await this.attempt(job);
    const { db } = this.database;
    const now = this.clock.now();
    try {
      if (outcome.ok) {
        if (!(await complete(db, job.id, this.workerId, now))) this.lostLease(job);
        return;
      }
      const state = await fail(db, job.id, this.workerId, { error: outcome.error, retryAt: outcome.retryAt, now });
      if (state === null) this.lostLease(job);
      else if (state === 'failed') {
        this.logger.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, error: outcome.error }, 'job failed for good');
      }
    } catch (err) {
      // The lease will lapse and another claim will run the job again.
      this.logger.error({ err, jobId: job.id, kind: job.kind, workerId: this.workerId }, 'could not record a job result');
    }
  }

  private async attempt(job: Job): Promise<Outcome> {
    const handler = this.handlers.get(job.kind);
    if (!handler) return { ok: false, error: `no handler registered for job kind "${job.kind}"`, retryAt: null };
    // Claims count attempts, so a claim beyond the budget means the last allowed run never
    // reported back: its worker died (perhaps because of this job), and we stop here.
    if (job.attempts > job.max_attempts) {
      return { ok: false, error: `gave up after ${job.max_attempts} attempts: the last one never finished (its worker stopped)`, retryAt: null };
    }
    let payload: unknown;
    try {
      payload = JSON.parse(job.payload);
    } catch {
      return { ok: false, error: 'payload is not valid JSON', retryAt: null };
    }
    try {
      await (handler as JobHandler<unknown>)(payload, { job, now: this.clock.now() });
      return { ok: true };
    } catch (err) {
      const error = describe(err);
      if (err instanceof RetryAt) return { ok: false, error, retryAt: err.at };
      if (err instanceof PermanentJobError) return { ok: false, error, retryAt: null };
      return { ok: false, error, retryAt: this.clock.now() + Math.max(0, this.backoff(job.attempts)) };
    }
  }

  private lostLease(job: Job): void {
    this.logger.warn(
      { jobId: job.id, kind: job.kind, workerId: this.workerId },
      'job lease lapsed and another worker took the job over: this result was not recorded',
    );
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message ? `${err.name}: ${err.message}` : err.name;
  return String(err);
}

export function createWorker(deps: WorkerDeps): Worker {
  return new Worker(deps);
}
