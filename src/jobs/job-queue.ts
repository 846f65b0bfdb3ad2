// The jobs table (the outbox): the only code that speaks SQL about jobs. Producers enqueue inside
// their own transaction, so a job exists if and only if the business write that caused it
// committed; workers claim due jobs under a lease, and only the lease holder may record the result.
import type { ExpressionBuilder, Selectable } from 'kysely';
import type { Dialect } from '../db/database.ts';
import type { Executor } from '../db/executor.ts';
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
}

/**
 * Adds a job; call it with the caller's transaction so it commits or rolls back with the write
 * that caused it. Returns the new id, or null when a job with this dedupe key already exists —
 * ON CONFLICT DO NOTHING rather than catching a unique violation, which on PostgreSQL would abort
 * the caller's whole transaction.
 */
export async function enqueue(trx: Executor, job: NewJob): Promise<number | null> {
  const now = job.now ?? job.runAt;
  const row = await trx
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
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row === undefined ? null : Number(row.id);
}

export interface ClaimOptions {
  now: number;
  limit: number;
  workerId: string;
  /** The claim lapses this long after `now`; then another worker may take the job. */
  leaseMs: number;
}

/** Claimable: queued and due, or running under a lease that lapsed (its worker died). */
const claimable = (now: number) => (eb: ExpressionBuilder<Schema, 'jobs'>) =>
  eb.or([
    eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]),
    eb.and([eb('state', '=', 'running'), eb('locked_until', '<', now)]),
  ]);

/**
 * Claims up to `limit` claimable jobs for `workerId`, oldest run_at first, and returns them with
 * attempts already counting this run. `db` is the database, not a transaction: the claim is its
 * own short transaction, committed before any handler runs.
 *
 * PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED then UPDATE, in one transaction, so concurrent
 * claimers (other processes) pass over each other's rows instead of claiming them twice or
 * waiting. (Two statements rather than UPDATE … WHERE id IN (SELECT … LIMIT … SKIP LOCKED): a
 * plan that rescans that subquery can lock and claim more rows than the limit.)
 *
 * SQLite rejects FOR UPDATE, and needs it not: writers are serialized. The claim is one
 * UPDATE … WHERE id IN (SELECT … LIMIT) statement, which takes the write lock before it reads, so
 * a claimer in another process waits on busy_timeout; a BEGIN-SELECT-UPDATE transaction would
 * instead fail with SQLITE_BUSY when another process wrote between its read and its write.
 */
export async function claimDue(db: Executor, dialect: Dialect, c: ClaimOptions): Promise<Job[]> {
  if (c.limit < 1) return [];
  const claim = (eb: ExpressionBuilder<Schema, 'jobs'>) => ({
    state: 'running' as const,
    locked_by: c.workerId,
    locked_until: c.now + c.leaseMs,
    attempts: eb('attempts', '+', 1),
    updated_at: c.now,
  });

  if (dialect === 'postgres') {
    return db.transaction().execute(async (trx) => {
      const picked = await trx
        .selectFrom('jobs')
        .select('id')
        .where(claimable(c.now))
        .orderBy('run_at')
        .orderBy('id')
        .limit(c.limit)
        .forUpdate()
        .skipLocked()
        .execute();
      if (picked.length === 0) return [];
      const rows = await trx
        .updateTable('jobs')
        .set(claim)
        .where(
          'id',
          'in',
          picked.map((r) => r.id),
        )
        .returningAll()
        .execute();
      return inRunOrder(rows);
    });
  }

  const rows = await db
    .updateTable('jobs')
    .set(claim)
    .where((eb) =>
      eb(
        'id',
        'in',
        eb.selectFrom('jobs').select('id').where(claimable(c.now)).orderBy('run_at').orderBy('id').limit(c.limit),
      ),
    )
    .returningAll()
    .execute();
  return inRunOrder(rows);
}

/** RETURNING promises no order. */
const inRunOrder = (rows: Job[]) => rows.sort((a, b) => a.run_at - b.run_at || a.id - b.id);

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
