// The jobs repository's claims: which due jobs a worker may take (candidates, read without locks)
// and taking them under a lease (the claim, which checks again). Split from job-queue.ts, which
// re-exports it; what to take out of the candidates is the worker's pure rule (claim-plan.ts).
import type { ExpressionBuilder } from 'kysely';
import { writersAreSerialized } from '../db/engine.ts';
import type { Executor } from '../db/executor.ts';
import { forUpdateSkipLocked } from '../db/locks.ts';
import type { Schema } from '../db/schema.ts';
import type { Claimable, ClaimExclusions } from './claim-plan.ts';
import type { Job } from './job-queue.ts';

/** Claimable: queued and due, or running under a lease that lapsed (its worker died). */
const claimable = (now: number) => (eb: ExpressionBuilder<Schema, 'jobs'>) =>
  eb.or([
    eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]),
    eb.and([eb('state', '=', 'running'), eb('locked_until', '<', now)]),
  ]);

export interface CandidateOptions {
  now: number;
  /** At most this many from each rooftop and kind: one busy rooftop cannot fill the list. */
  perGroup: number;
  limit: number;
  /** Groups the worker has no room for: passed over, so the list holds what it can take. */
  exclude?: ClaimExclusions;
}

/**
 * Claimable jobs to choose from (see claim-plan.ts), read without locking: the claim itself checks
 * again. Round-robin by rooftop and kind — every group's oldest, then every group's second… —
 * so a rooftop with thousands due and another with one both make the list.
 */
export async function claimCandidates(db: Executor, c: CandidateOptions): Promise<Claimable[]> {
  if (c.limit < 1 || c.perGroup < 1) return [];
  const ranked = db
    .selectFrom('jobs')
    .select(['id', 'kind', 'rooftop_id', 'concurrency_key', 'run_at'])
    .select((eb) =>
      eb.fn
        .agg<number>('row_number')
        .over((ob) => ob.partitionBy(['rooftop_id', 'kind']).orderBy('run_at').orderBy('id'))
        .as('turn'),
    )
    .where(claimable(c.now))
    .where(excluding(c.exclude));
  const rows = await db
    .selectFrom(ranked.as('c'))
    .selectAll()
    .where('turn', '<=', c.perGroup)
    .orderBy('turn')
    .orderBy('run_at')
    .orderBy('id')
    .limit(c.limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    rooftop_id: r.rooftop_id === null ? null : Number(r.rooftop_id),
    concurrency_key: r.concurrency_key,
    run_at: Number(r.run_at),
  }));
}

/**
 * Each rule is an OR of terms that are never NULL (IS tests, comparisons of non-null columns): a
 * NOT over `rooftop_id = 5` would be NULL for a job of no rooftop, and drop it by accident.
 */
const excluding = (x: ClaimExclusions | undefined) => (eb: ExpressionBuilder<Schema, 'jobs'>) => {
  const rules = [];
  if (x?.kinds.length) rules.push(eb('kind', 'not in', x.kinds));
  for (const { kind, rooftopIds } of x?.rooftops ?? []) {
    const ids = rooftopIds.filter((r): r is number => r !== null);
    if (ids.length) rules.push(eb.or([eb('kind', '<>', kind), eb('rooftop_id', 'is', null), eb('rooftop_id', 'not in', ids)]));
    if (ids.length < rooftopIds.length) rules.push(eb.or([eb('kind', '<>', kind), eb('rooftop_id', 'is not', null)]));
  }
  for (const { kind, keys } of x?.keys ?? []) {
    if (keys.length) rules.push(eb.or([eb('kind', '<>', kind), eb('concurrency_key', 'is', null), eb('concurrency_key', 'not in', keys)]));
  }
  return eb.and(rules);
};

export interface ClaimOptions {
  now: number;
  workerId: string;
  /** The claim lapses this long after `now`; then another worker may take the job. */
  leaseMs: number;
}

/**
 * Claims those of `ids` that are still claimable for `workerId`, and returns them with attempts
 * already counting this run; an id another worker claimed meanwhile is left out. `db` is the
 * database, not a transaction: the claim is its own short transaction, committed before any
 * handler runs.
 *
 * PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED then UPDATE, in one transaction, so concurrent
 * claimers (other processes) pass over each other's rows instead of claiming them twice or
 * waiting. The SELECT checks claimability again on the row it locks, so a row claimed and
 * committed by another worker since the candidates were read is not taken a second time.
 *
 * SQLite rejects FOR UPDATE, and needs it not: writers are serialized. The claim is one
 * UPDATE … WHERE id IN (…) AND claimable statement, which takes the write lock before it reads, so
 * a claimer in another process waits on busy_timeout; a BEGIN-SELECT-UPDATE transaction would
 * instead fail with SQLITE_BUSY when another process wrote between its read and its write.
 * (db/engine.ts says which of the two the executor is.)
 */
export async function claimJobs(db: Executor, ids: readonly number[], c: ClaimOptions): Promise<Job[]> {
  if (ids.length === 0) return [];
  const claim = (eb: ExpressionBuilder<Schema, 'jobs'>) => ({
    state: 'running' as const,
    locked_by: c.workerId,
    locked_until: c.now + c.leaseMs,
    attempts: eb('attempts', '+', 1),
    updated_at: c.now,
  });

  if (!writersAreSerialized(db)) {
    return db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('jobs')
        .select('id')
        .where('id', 'in', [...ids])
        .where(claimable(c.now))
        .$call(forUpdateSkipLocked(trx))
        .execute();
      if (locked.length === 0) return [];
      const rows = await trx
        .updateTable('jobs')
        .set(claim)
        .where(
          'id',
          'in',
          locked.map((r) => r.id),
        )
        .returningAll()
        .execute();
      return inRunOrder(rows);
    });
  }

  const rows = await db
    .updateTable('jobs')
    .set(claim)
    .where('id', 'in', [...ids])
    .where(claimable(c.now))
    .returningAll()
    .execute();
  return inRunOrder(rows);
}

/**
 * Claims up to `limit` claimable jobs, taking rooftops and kinds in turn and each one's oldest
 * first, with no regard for what is running (the worker applies its bounds through
 * claimCandidates and claimJobs itself). Fewer than `limit` when another claimer took some of
 * them meanwhile.
 *
 * (Candidates then a claim by id, rather than UPDATE … WHERE id IN (SELECT … LIMIT … SKIP LOCKED)
 * on PostgreSQL: a plan that rescans that subquery can lock and claim more rows than the limit.)
 */
export async function claimDue(db: Executor, c: ClaimOptions & { limit: number }): Promise<Job[]> {
  const candidates = await claimCandidates(db, { now: c.now, perGroup: c.limit, limit: c.limit });
  return claimJobs(db, candidates.map((j) => j.id), c);
}

/** RETURNING promises no order. */
const inRunOrder = (rows: Job[]) => rows.sort((a, b) => a.run_at - b.run_at || a.id - b.id);

