// The jobs table (the outbox): the only code that speaks SQL about jobs. Producers enqueue inside
// their own transaction, so a job exists if and only if the business write that caused it
// committed; workers claim due jobs under a lease, and only the lease holder may record the result.
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Executor, Transaction } from '../db/executor.ts';
import type { JobTable, Schema } from '../db/schema.ts';

export type Job = Selectable<JobTable>;
export type JobState = JobTable['state'];

export const DEFAULT_MAX_ATTEMPTS = 10;
/** last_error keeps the start of a long message (a stack, an HTML error page). */
const MAX_ERROR_LENGTH = 4000;

export interface NewJob {
  kind: string;
  /** Stored as JSON. */
  payload: unknown;
  /** Not run before this instant (epoch ms); the current time for "as soon as possible". */
  runAt: number;
  maxAttempts?: number;
  /**
   * At most one job ever exists per key (a unique column), e.g. `webhook:<subscription>:<event>`.
   * Permanent: a done or failed job still holds its key.
   */
  dedupeKey?: string | null;
  /** When it was enqueued, for created_at; defaults to runAt (a job due at once). */
  now?: number;
  /** The rooftop the job works for, so the worker shares its slots fairly; null for none. */
  rooftopId?: number | null;
  /** Jobs of this kind with the same key are capped together (a webhook delivery: its target's host). */
  concurrencyKey?: string | null;
}

/**
 * Adds a job in the caller's transaction, so it commits or rolls back with the write that caused
 * it. Returns the new id, or null when a job with this dedupe key already exists — ON CONFLICT DO
 * NOTHING rather than catching a unique violation, which on PostgreSQL would abort the caller's
 * whole transaction.
 */
export function enqueue(trx: Transaction, job: NewJob): Promise<number | null> {
  return insertJob(trx, job);
}

/**
 * Adds a job that is a change of its own, with no business write to commit alongside: the next
 * retention purge, a sandbox sequence's next step (whose dedupe keys make a repeat harmless). One
 * INSERT is atomic by itself, so no transaction is opened for it. Anything that writes something
 * else the job follows from uses enqueue with that write's transaction instead.
 */
export function enqueueAlone(db: Executor, job: NewJob): Promise<number | null> {
  return insertJob(db, job);
}

async function insertJob(db: Executor, job: NewJob): Promise<number | null> {
  const now = job.now ?? job.runAt;
  const row = await db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      payload: JSON.stringify(job.payload ?? null),
      run_at: job.runAt,
      state: 'queued',
      attempts: 0,
      max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      locked_until: null,
      locked_by: null,
      last_error: null,
      dedupe_key: job.dedupeKey ?? null,
      created_at: now,
      updated_at: now,
      rooftop_id: job.rooftopId ?? null,
      concurrency_key: job.concurrencyKey ?? null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row === undefined ? null : Number(row.id);
}

// Claiming lives in job-claims.ts; re-exported so the jobs repository keeps one front door.
export { type CandidateOptions, claimCandidates, type ClaimOptions, claimDue, claimJobs } from './job-claims.ts';

/** Rows still held by this worker: a worker whose lease lapsed and was taken over changes nothing. */
const heldBy = (id: number, workerId: string) => (eb: ExpressionBuilder<Schema, 'jobs'>) =>
  eb.and([eb('id', '=', id), eb('state', '=', 'running'), eb('locked_by', '=', workerId)]);

/** Marks the job done; false when this worker no longer holds it. */
export async function complete(db: Executor, id: number, workerId: string, now = Date.now()): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ state: 'done', locked_by: null, locked_until: null, updated_at: now })
    .where(heldBy(id, workerId))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface Failure {
  error: string;
  /** When to try again; null to give up now. */
  retryAt: number | null;
  now?: number;
}

/**
 * Records a failed attempt: back to 'queued' at retryAt, or 'failed' for good when retryAt is null
 * or the job has used max_attempts. Returns the job's new state, or null when this worker no
 * longer holds it.
 */
export async function fail(db: Executor, id: number, workerId: string, f: Failure): Promise<'queued' | 'failed' | null> {
  const retryAt = f.retryAt;
  const row = await db
    .updateTable('jobs')
    .set((eb) => {
      const exhausted = eb('attempts', '>=', eb.ref('max_attempts'));
      return {
        state:
          retryAt === null
            ? 'failed'
            : eb.case().when(exhausted).then('failed' as const).else('queued' as const).end(),
        run_at: retryAt === null ? eb.ref('run_at') : eb.case().when(exhausted).then(eb.ref('run_at')).else(retryAt).end(),
        last_error: f.error.slice(0, MAX_ERROR_LENGTH),
        locked_by: null,
        locked_until: null,
        updated_at: f.now ?? Date.now(),
      };
    })
    .where(heldBy(id, workerId))
    .returning('state')
    .executeTakeFirst();
  if (row === undefined) return null;
  return row.state === 'failed' ? 'failed' : 'queued';
}

export interface QueueDepth {
  /** Waiting, due or not. */
  queued: number;
  /** Waiting and due now: work the workers have not caught up with. */
  due: number;
  /** How long the oldest due job has been due; 0 when none is. */
  oldestDueAgeMs: number;
  running: number;
  failed: number;
}

export async function queueDepth(db: Executor, now: number): Promise<QueueDepth> {
  const isDue = (eb: ExpressionBuilder<Schema, 'jobs'>) => eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]);
  const row = await db
    .selectFrom('jobs')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('state', '=', 'queued').as('queued'),
      eb.fn.countAll<number>().filterWhere(isDue).as('due'),
      eb.fn.min<number | null>('run_at').filterWhere(isDue).as('oldest_due'),
      eb.fn.countAll<number>().filterWhere('state', '=', 'running').as('running'),
      eb.fn.countAll<number>().filterWhere('state', '=', 'failed').as('failed'),
    ])
    // Done jobs pile up; the (state, run_at) index keeps them out of the count.
    .where('state', 'in', ['queued', 'running', 'failed'])
    .executeTakeFirstOrThrow();
  const oldestDue = row.oldest_due === null ? null : Number(row.oldest_due);
  return {
    queued: Number(row.queued),
    due: Number(row.due),
    oldestDueAgeMs: oldestDue === null ? 0 : Math.max(0, now - oldestDue),
    running: Number(row.running),
    failed: Number(row.failed),
  };
}
