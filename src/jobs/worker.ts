// Runs due jobs from the outbox. Any number of workers, in one process or many, may run against
// the same database: claims are atomic (see job-claims.ts) and each claim is a lease, so a job whose
// worker died is taken over once the lease lapses. Delivery is therefore at least once — a
// handler that outlives its lease, or a process killed between the work and complete(), runs
// again — and handlers must be idempotent (webhooks carry an event id; SMS sends check a marker).
//
// A pool, not batches: the worker keeps up to `concurrency` jobs running and claims more as each
// one finishes, so a slow job (a webhook receiver that never answers holds its slot for the
// transport's 10 s) delays nobody else's claim. What it claims is bounded per kind, per target
// host and per rooftop, least busy rooftop first (claim-plan.ts); those bounds count this
// process's jobs only, so with N worker processes a host may see N times its cap.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import { redactText } from '../lib/redaction.ts';
import { backoffMs } from './backoff.ts';
import { type Claimable, type ConcurrencyPolicy, exclusionsFor, JobLoad, type KindLimits, pickFair, roomFor } from './claim-plan.ts';
import { type JobHandler, runHandler } from './job-handler.ts';
import { claimCandidates, claimJobs, complete, fail, type Job } from './job-queue.ts';

// The handler's contract lives in job-handler.ts; handlers import it from here.
export { type JobContext, type JobHandler, PermanentJobError, RetryAt } from './job-handler.ts';

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
  /** The sleep between polls when nothing was due (a job finishing cuts it short). */
  pollMs?: number;
  /** How long a claim holds; longer than any handler should take, or the job may run twice. */
  leaseMs?: number;
  /** Jobs running at once, all kinds together. Default 16. */
  concurrency?: number;
  /** The most jobs one claim takes (a claim is one short transaction); default 10. */
  batchSize?: number;
  /** The fraction of a kind's slots one rooftop may hold (0 < share ≤ 1); default ½. */
  rooftopShare?: number;
  /** The delay before retrying after failed attempt number `attempt` (1 = the first run). */
  backoff?: (attempt: number) => number;
  logger?: WorkerLogger;
}

/** How many of a kind may run at once; register() takes them with the handler. */
export interface KindOptions {
  /** Jobs of the kind running at once. Default: half the worker's concurrency. */
  concurrency?: number;
  /** Jobs of the kind with the same concurrency key (a webhook's host) at once. Default: no bound. */
  perKey?: number;
}

/** A claim that lost jobs it chose to other workers chooses again from its list, this many times in all. */
const CLAIM_ROUNDS = 3;

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
  private readonly kindLimits = new Map<string, KindLimits>();
  private readonly policy: ConcurrencyPolicy;
  /** What is running here, by kind, rooftop and key: what the next claim must fit beside. */
  private readonly load = new JobLoad();
  /** Every job running and every runOnce not yet finished: what stop() waits for. */
  private readonly active = new Set<Promise<unknown>>();
  /** Claims in this process take turns, so two never both count the same free slot. */
  private claiming: Promise<unknown> = Promise.resolve();
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  /** A job finished while the loop was not asleep: its next sleep is skipped. */
  private nudged = false;

  constructor(deps: WorkerDeps) {
    this.database = deps.database;
    this.clock = deps.clock;
    this.workerId = deps.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.pollMs = deps.pollMs ?? 250;
    this.leaseMs = deps.leaseMs ?? 5 * 60_000;
    this.batchSize = Math.max(1, deps.batchSize ?? 10);
    this.backoff = deps.backoff ?? ((attempt) => backoffMs(attempt));
    this.logger = deps.logger ?? consoleLogger;
    const total = Math.max(1, deps.concurrency ?? 16);
    const byDefault: KindLimits = { concurrency: Math.ceil(total / 2), perKey: Infinity };
    this.policy = {
      total,
      rooftopShare: Math.min(1, Math.max(Number.EPSILON, deps.rooftopShare ?? 0.5)),
      limitsOf: (kind) => this.kindLimits.get(kind) ?? byDefault,
    };
  }

  /** The payload type is the producer's promise, not checked here. */
  register<P>(kind: string, handler: JobHandler<P>, options: KindOptions = {}): this {
    if (this.handlers.has(kind)) throw new Error(`a handler for job kind "${kind}" is already registered`);
    this.handlers.set(kind, handler as JobHandler<never>);
    const { total } = this.policy;
    this.kindLimits.set(kind, {
      concurrency: Math.min(total, Math.max(1, options.concurrency ?? Math.ceil(total / 2))),
      perKey: Math.max(1, options.perKey ?? Infinity),
    });
    return this;
  }

  /**
   * Claims what is due — as much as the free slots and the bounds allow, at most batchSize —
   * runs it, records each result, and resolves to the number claimed once those jobs have
   * finished (0 once stop() was called, or when nothing due fits). Rejects only when the claim
   * itself fails.
   */
  runOnce(): Promise<number> {
    const run = (async () => {
      const jobs = await this.claim();
      await Promise.all(jobs.map((job) => this.launch(job)));
      return jobs.length;
    })();
    return this.track(run);
  }

  /** Polls until stop(): claims whenever a slot is free and something is due, else every pollMs. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.poll();
  }

  /** Stops claiming and resolves once every claimed job has finished and been recorded. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.nudge();
    await this.loop;
    this.loop = null;
    // A job launched by a claim that was under way when stop() came is added before that claim ends.
    while (this.active.size) await Promise.allSettled([...this.active]);
  }

  private async poll(): Promise<void> {
    while (!this.stopping) {
      let claimed: Job[] = [];
      try {
        claimed = await this.claim();
      } catch (err) {
        this.logger.error({ err, workerId: this.workerId }, 'job worker could not claim jobs');
      }
      for (const job of claimed) void this.launch(job);
      // Claimed some: there may be more that fits. Else wait for a free slot or the next poll.
      if (claimed.length === 0) await this.sleep(this.pollMs);
    }
  }

  /** Wakes the loop: a slot came free, or stop() was called. */
  private nudge(): void {
    if (this.wake) this.wake();
    else this.nudged = true;
  }

  /** A sleep that stop() and a finishing job cut short. */
  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.nudged) {
      this.nudged = false;
      return Promise.resolve();
    }
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

  private track<T>(run: Promise<T>): Promise<T> {
    this.active.add(run);
    const forget = () => void this.active.delete(run);
    run.then(forget, forget);
    return run;
  }

  /** Claims in turn with any other claim of this process; the jobs returned are already counted in the load. */
  private claim(): Promise<Job[]> {
    const next = this.claiming.then(() => this.claimNow());
    this.claiming = next.catch(() => {});
    return next;
  }

  private async claimNow(): Promise<Job[]> {
    const { db } = this.database;
    const claimed: Job[] = [];
    let candidates: Claimable[] | null = null;
    for (let round = 0; round < CLAIM_ROUNDS && !this.stopping; round++) {
      const room = roomFor(this.load, this.policy, this.batchSize);
      if (room === 0) break;
      // Several candidates per slot: the rule has a choice when bounds hold some back, and a
      // worker that lost its first choice to another worker takes the next ones in line.
      candidates ??= await claimCandidates(db, {
        now: this.clock.now(),
        perGroup: room,
        limit: room * 4,
        exclude: exclusionsFor(this.load, this.policy),
      });
      const picked = pickFair(candidates, this.load, this.policy, room);
      if (picked.length === 0) break;
      const ids = picked.map((c) => c.id);
      const jobs = await claimJobs(db, ids, { now: this.clock.now(), workerId: this.workerId, leaseMs: this.leaseMs });
      for (const job of jobs) this.load.add(job);
      claimed.push(...jobs);
      if (jobs.length === picked.length) break;
      // Another worker took some of them: choose again among the rest of the list.
      const chosen = new Set(ids);
      candidates = candidates.filter((c) => !chosen.has(c.id));
    }
    return claimed;
  }

  /** Runs a claimed job; its slot is free again, and the loop told so, once its result is recorded. */
  private launch(job: Job): Promise<void> {
    return this.track(
      this.execute(job).finally(() => {
        this.load.remove(job);
        this.nudge();
      }),
    );
  }

  private async execute(job: Job): Promise<void> {
    const outcome = await runHandler(this.handlers.get(job.kind), job, this.clock, this.backoff);
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
        // Errors quote what failed (a Twilio "To" number, a webhook URL): logged masked.
        this.logger.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, error: redactText(outcome.error) }, 'job failed for good');
      }
    } catch (err) {
      // The lease will lapse and another claim will run the job again.
      this.logger.error({ err, jobId: job.id, kind: job.kind, workerId: this.workerId }, 'could not record a job result');
    }
  }

  private lostLease(job: Job): void {
    this.logger.warn(
      { jobId: job.id, kind: job.kind, workerId: this.workerId },
      'job lease lapsed and another worker took the job over: this result was not recorded',
    );
  }
}

export function createWorker(deps: WorkerDeps): Worker {
  return new Worker(deps);
}
