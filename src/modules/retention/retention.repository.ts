// The SQL of the retention purge: for each kind of row that only grows, a batch — pick at most
// `limit` keys through an index on the row's time (migration 014), then delete (or, for driver
// positions, clear) those rows by primary key — and a count of what is past its horizon. Each is
// one autocommit statement: row locks last milliseconds and fall only on rows nobody writes any
// more, so bookings never queue behind a purge. Two statements rather than
// `where id in (select … limit n)`: PostgreSQL may plan that as a join that reads every old row
// for each batch; a list of keys is always n primary-key lookups. The delete repeats the
// condition, so a row that changed since it was picked (a driver who just reported a position)
// is left alone.
import { type Compilable, type DeleteResult, type ExpressionBuilder, sql, type UpdateResult } from 'kysely';
import type { Executor } from '../../db/executor.ts';
import type { Schema } from '../../db/schema.ts';

export interface BatchQuery {
  /** Rows older than this instant (epoch ms) are past their horizon. */
  cutoff: number;
  now: number;
  limit: number;
}

/**
 * Done and failed jobs that finished before the cutoff; never a queued or running one.
 *
 * Their dedupe keys go with them, and that is safe: every producer enqueues a key once, in the
 * transaction that made the reason for it (an event's `webhook:<sub>:<event>`, a text's
 * `sms:<id>`, a cancelation's `cancel-decide:<scenario>:<at>`), or from the job before it in a
 * chain (`sandbox:<run>:<n>`, `retention.purge:<at>`), which finished long before. Nothing
 * replays those writes — an event is never fanned out again — so after 30 days no one can enqueue
 * a purged key a second time.
 *
 * run_at ≤ updated_at for a finished job (it was due when claimed), so `run_at < cutoff` loses
 * none of them and lets jobs_state_run_at find them; updated_at is the horizon's real measure.
 */
const finishedJob = (cutoff: number) => (eb: ExpressionBuilder<Schema, 'jobs'>) =>
  eb.and([eb('state', 'in', ['done', 'failed']), eb('run_at', '<', cutoff), eb('updated_at', '<', cutoff)]);

/**
 * Idempotency records past the replay window (the hooks already treat them as expired). A running
 * claim is left while its lease holds: the request that holds it still records its answer.
 */
const expiredKey = (q: Omit<BatchQuery, 'limit'>) => (eb: ExpressionBuilder<Schema, 'idempotency_keys'>) =>
  eb.and([eb('created_at', '<', q.cutoff), eb.or([eb('state', '=', 'done'), eb('locked_until', '<', q.now)])]);

/**
 * Events past the catch-up window, except the newest sequenced one: the sequencer
 * (events.repository.ts) numbers new events on from max(log_position), so deleting it would
 * restart the numbering below the cursors readers hold. Nothing else depends on an old event:
 * no foreign key points at events, cursors are "log_position > n" (still valid when n is gone),
 * per-move sequence numbers are counted on moves, and a webhook job retries for at most ~2 days.
 */
const pastCatchUp = (cutoff: number) => (eb: ExpressionBuilder<Schema, 'events'>) =>
  eb.and([
    eb('created_at', '<', cutoff),
    eb.or([
      eb('log_position', 'is', null),
      eb('log_position', '<', eb.selectFrom('events').select((e) => e.fn.max('log_position').as('newest'))),
    ]),
  ]);

/** A row's key: its integer id, a quote's text id, or for an idempotency record its (client_id, key). */
export type RowKey = number | string | readonly [string, string];

type Statement<R> = Compilable & { execute(): Promise<R[]> };
type BatchStatement = Compilable & { executeTakeFirst(): Promise<DeleteResult | UpdateResult> };

export interface PurgeSql {
  /** Up to q.limit keys of rows past the horizon. */
  pick(db: Executor, q: BatchQuery): Statement<Record<string, unknown>>;
  key(row: Record<string, unknown>): RowKey;
  /** Removes those of `keys` still past the horizon. */
  remove(db: Executor, q: BatchQuery, keys: RowKey[]): BatchStatement;
}

const ids = (keys: RowKey[]) => keys as number[];

export type RetainedKind = 'jobs' | 'webhookDeliveries' | 'idempotencyKeys' | 'driverPositions' | 'driverTrail' | 'events' | 'smsReplies' | 'quotes';

/** Each kind's batch, in the order a purge runs them. */
export const PURGE_SQL: Record<RetainedKind, PurgeSql> = {
  jobs: {
    pick: (db, q) => db.selectFrom('jobs').select('id').where(finishedJob(q.cutoff)).limit(q.limit),
    key: (r) => Number(r.id),
    // Done and failed are final, so only updated_at is checked again (anything that ever revived a
    // job would move it). Not state or run_at: with them both planners may prefer
    // jobs_state_run_at to the ids and read every finished job.
    remove: (db, q, keys) => db.deleteFrom('jobs').where('id', 'in', ids(keys)).where('updated_at', '<', q.cutoff),
  },
  webhookDeliveries: {
    pick: (db, q) => db.selectFrom('webhook_deliveries').select('id').where('created_at', '<', q.cutoff).limit(q.limit),
    key: (r) => Number(r.id),
    remove: (db, q, keys) => db.deleteFrom('webhook_deliveries').where('id', 'in', ids(keys)).where('created_at', '<', q.cutoff),
  },
  idempotencyKeys: {
    pick: (db, q) => db.selectFrom('idempotency_keys').select(['client_id', 'key']).where(expiredKey(q)).limit(q.limit),
    key: (r) => [String(r.client_id), String(r.key)] as const,
    remove: (db, q, keys) =>
      db
        .deleteFrom('idempotency_keys')
        .where((eb) =>
          eb(
            eb.refTuple('client_id', 'key'),
            'in',
            (keys as [string, string][]).map(([c, k]) => eb.tuple(c, k)),
          ),
        )
        .where(expiredKey(q)),
  },
  /**
   * Forgets drivers' last known positions reported before the cutoff; steps keep theirs (see
   * retention.service.ts). updated_at moves, as when a position is reported, so a client syncing
   * drivers by it sees the position go. Picked without an index: drivers are a few hundred rows.
   */
  driverPositions: {
    pick: (db, q) => db.selectFrom('drivers').select('id').where('last_located_at', '<', q.cutoff).limit(q.limit),
    key: (r) => Number(r.id),
    remove: (db, q, keys) =>
      db
        .updateTable('drivers')
        .set({ last_lat: null, last_lon: null, last_located_at: null, updated_at: q.now })
        .where('id', 'in', ids(keys))
        .where('last_located_at', '<', q.cutoff),
  },
  /** The trail reported during moves (driver_positions_recorded_at); the step positions stay. */
  driverTrail: {
    pick: (db, q) => db.selectFrom('driver_positions').select('id').where('recorded_at', '<', q.cutoff).limit(q.limit),
    key: (r) => Number(r.id),
    remove: (db, q, keys) => db.deleteFrom('driver_positions').where('id', 'in', ids(keys)).where('recorded_at', '<', q.cutoff),
  },
  events: {
    pick: (db, q) => db.selectFrom('events').select('position').where(pastCatchUp(q.cutoff)).limit(q.limit),
    key: (r) => Number(r.position),
    remove: (db, q, keys) => db.deleteFrom('events').where('position', 'in', ids(keys)).where(pastCatchUp(q.cutoff)),
  },
  /** Customers' inbound texts, matched to a move or not (sms_replies_received_at). */
  smsReplies: {
    pick: (db, q) => db.selectFrom('sms_replies').select('id').where('received_at', '<', q.cutoff).limit(q.limit),
    key: (r) => Number(r.id),
    remove: (db, q, keys) => db.deleteFrom('sms_replies').where('id', 'in', ids(keys)).where('received_at', '<', q.cutoff),
  },
  /**
   * Quotes (spec §12.2) expired before the cutoff: nothing can book with one any more, and a
   * booking that used one keeps its lines on its own charge (a replay answers from the stored answer).
   */
  quotes: {
    pick: (db, q) => db.selectFrom('quotes').select('id').where('expires_at', '<', q.cutoff).limit(q.limit),
    key: (r) => String(r.id),
    remove: (db, q, keys) => db.deleteFrom('quotes').where('id', 'in', keys as string[]).where('expires_at', '<', q.cutoff),
  },
};

/** Runs one batch: how many rows it picked (fewer than the limit: nothing more to do) and removed. */
export async function runBatch(db: Executor, kind: RetainedKind, q: BatchQuery): Promise<{ picked: number; removed: number }> {
  const k = PURGE_SQL[kind];
  const keys = (await k.pick(db, q).execute()).map(k.key);
  if (keys.length === 0) return { picked: 0, removed: 0 };
  const result = await k.remove(db, q, keys).executeTakeFirst();
  return { picked: keys.length, removed: Number('numDeletedRows' in result ? result.numDeletedRows : result.numUpdatedRows) };
}

/** How many rows of `kind` the purge would still remove at this cutoff (what a check of "no row outlives its horizon" counts). */
export async function countPastHorizon(db: Executor, kind: RetainedKind, q: Omit<BatchQuery, 'limit'>): Promise<number> {
  const n = sql<number>`count(*)`.as('n');
  let row: { n: number } | undefined;
  switch (kind) {
    case 'jobs':
      row = await db.selectFrom('jobs').select(n).where(finishedJob(q.cutoff)).executeTakeFirst();
      break;
    case 'webhookDeliveries':
      row = await db.selectFrom('webhook_deliveries').select(n).where('created_at', '<', q.cutoff).executeTakeFirst();
      break;
    case 'idempotencyKeys':
      row = await db.selectFrom('idempotency_keys').select(n).where(expiredKey(q)).executeTakeFirst();
      break;
    case 'driverPositions':
      row = await db.selectFrom('drivers').select(n).where('last_located_at', '<', q.cutoff).executeTakeFirst();
      break;
    case 'driverTrail':
      row = await db.selectFrom('driver_positions').select(n).where('recorded_at', '<', q.cutoff).executeTakeFirst();
      break;
    case 'events':
      row = await db.selectFrom('events').select(n).where(pastCatchUp(q.cutoff)).executeTakeFirst();
      break;
    case 'smsReplies':
      row = await db.selectFrom('sms_replies').select(n).where('received_at', '<', q.cutoff).executeTakeFirst();
      break;
    case 'quotes':
      row = await db.selectFrom('quotes').select(n).where('expires_at', '<', q.cutoff).executeTakeFirst();
      break;
  }
  return Number(row?.n ?? 0);
}
