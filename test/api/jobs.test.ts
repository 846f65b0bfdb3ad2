// The outbox queue and its worker on a real database of each engine: jobs exist only if their
// transaction commits, run once when due, retry with backoff, give up after max_attempts, survive
// a dead worker, and several workers (separate pools, like separate processes) never run one twice.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { openDatabase } from '../../src/db/database.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { claimDue, complete, enqueue, enqueueAlone, fail, type Job, queueDepth } from '../../src/jobs/job-queue.ts';
import { createWorker, type JobContext, PermanentJobError, RetryAt, type WorkerDeps } from '../../src/jobs/worker.ts';
import { engines, migratedScratch } from '../support/databases.ts';

const T0 = Date.parse('2026-03-18T12:00:00Z');
const silent = { warn() {}, error() {} };
/** A deterministic backoff, so retry times are exact: attempt n waits n seconds. */
const linearBackoff = (attempt: number) => attempt * 1000;

for (const engine of engines()) {
  describe(`job queue and worker on ${engine}`, { timeout: 20_000 }, () => {
    const held = migratedScratch(engine);
    beforeEach(async () => {
      await held.database.db.deleteFrom('jobs').execute();
      await held.database.db.deleteFrom('settings').where('key', 'like', 'jobs-test:%').execute();
    });

    const db = () => held.database.db;
    const row = (id: number) => db().selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const countJobs = async () =>
      Number((await db().selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const worker = (clock: ManualClock, extra: Partial<WorkerDeps> = {}) =>
      createWorker({ database: held.database, clock, logger: silent, backoff: linearBackoff, ...extra });

    test('a job enqueued in a transaction that rolls back does not exist; one that commits does', async () => {
      await assert.rejects(
        db()
          .transaction()
          .execute(async (trx) => {
            await trx.insertInto('settings').values({ key: 'jobs-test:rolled-back', value: '1' }).execute();
            const id = await enqueue(trx, { kind: 'test.echo', payload: { n: 1 }, runAt: T0 });
            assert.equal(typeof id, 'number');
            throw new Error('the business write was refused');
          }),
        /the business write was refused/,
      );
      assert.equal(await countJobs(), 0);

      await db()
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('settings').values({ key: 'jobs-test:committed', value: '1' }).execute();
          await enqueue(trx, { kind: 'test.echo', payload: { n: 2 }, runAt: T0 });
        });
      assert.equal(await countJobs(), 1);
    });

    test('runOnce runs the handler with the payload once the job is due, and marks it done', async () => {
      const clock = new ManualClock(T0);
      const payload = { moveId: 7, to: ['+18045550100'], note: 'ünïcødé' };
      const id = (await enqueueAlone(db(), { kind: 'test.echo', payload, runAt: T0 + 5000, now: T0 }))!;
      const calls: [unknown, JobContext][] = [];
      const w = worker(clock).register('test.echo', async (p, ctx) => {
        calls.push([p, ctx]);
      });

      assert.equal(await w.runOnce(), 0, 'not due yet');
      clock.set(T0 + 5000);
      assert.equal(await w.runOnce(), 1);
      assert.equal(calls.length, 1);
      const [p, ctx] = calls[0]!;
      assert.deepEqual(p, payload);
      assert.equal(ctx.job.id, id);
      assert.equal(ctx.job.attempts, 1);
      assert.equal(ctx.now, T0 + 5000);

      const done = await row(id);
      assert.equal(done.state, 'done');
      assert.equal(done.attempts, 1);
      assert.equal(done.locked_by, null);
      assert.equal(done.locked_until, null);
      assert.equal(done.last_error, null);
      assert.equal(done.created_at, T0);
      assert.equal(done.updated_at, T0 + 5000);
      assert.equal(await w.runOnce(), 0, 'a done job is not run again');
    });

    test('a failing handler is retried after the backoff, then fails for good at max_attempts, keeping last_error', async () => {
      const clock = new ManualClock(T0);
      const id = (await enqueueAlone(db(), { kind: 'test.flaky', payload: {}, runAt: T0, maxAttempts: 3 }))!;
      let calls = 0;
      const w = worker(clock).register('test.flaky', async () => {
        throw new Error(`receiver said 503 (call ${++calls})`);
      });

      assert.equal(await w.runOnce(), 1);
      let r = await row(id);
      assert.deepEqual([r.state, r.attempts, r.run_at, r.locked_by], ['queued', 1, T0 + 1000, null]);
      assert.equal(r.last_error, 'Error: receiver said 503 (call 1)');

      clock.set(T0 + 999);
      assert.equal(await w.runOnce(), 0, 'not before the retry time');
      clock.set(T0 + 1000);
      assert.equal(await w.runOnce(), 1, 'due at the retry time');
      r = await row(id);
      assert.deepEqual([r.state, r.attempts, r.run_at], ['queued', 2, T0 + 1000 + 2000]);

      clock.set(T0 + 2999);
      assert.equal(await w.runOnce(), 0);
      clock.set(T0 + 3000);
      assert.equal(await w.runOnce(), 1);
      r = await row(id);
      assert.deepEqual([r.state, r.attempts, r.run_at, r.locked_by, r.locked_until], ['failed', 3, T0 + 3000, null, null]);
      assert.equal(r.last_error, 'Error: receiver said 503 (call 3)');

      clock.advance(7 * 24 * 3600_000);
      assert.equal(await w.runOnce(), 0, 'a failed job stays failed');
      assert.equal(calls, 3);
    });

    test('a handler may ask for a retry at a given time (RetryAt) or give up at once (PermanentJobError)', async () => {
      const clock = new ManualClock(T0);
      const later = (await enqueueAlone(db(), { kind: 'test.later', payload: {}, runAt: T0 }))!;
      const never = (await enqueueAlone(db(), { kind: 'test.never', payload: {}, runAt: T0, maxAttempts: 10 }))!;
      let laterCalls = 0;
      const w = worker(clock)
        .register('test.later', async () => {
          if (++laterCalls === 1) throw new RetryAt(T0 + 60_000);
        })
        .register('test.never', async () => {
          throw new PermanentJobError('phone number is not mobile');
        });

      assert.equal(await w.runOnce(), 2);
      const l = await row(later);
      assert.deepEqual([l.state, l.run_at], ['queued', T0 + 60_000]);
      const n = await row(never);
      assert.deepEqual([n.state, n.attempts, n.last_error], ['failed', 1, 'PermanentJobError: phone number is not mobile']);

      clock.set(T0 + 59_999);
      assert.equal(await w.runOnce(), 0);
      clock.set(T0 + 60_000);
      assert.equal(await w.runOnce(), 1);
      const done = await row(later);
      assert.deepEqual([done.state, done.attempts], ['done', 2]);
      assert.match(done.last_error ?? '', /^RetryAt: /, 'the earlier attempt’s error stays for the record');
    });

    test('a dedupe key allows at most one job, without spoiling the caller’s transaction', async () => {
      const first = await enqueueAlone(db(), { kind: 'test.echo', payload: { v: 1 }, runAt: T0, dedupeKey: 'move:1:created' });
      assert.equal(typeof first, 'number');
      assert.equal(await enqueueAlone(db(), { kind: 'test.echo', payload: { v: 2 }, runAt: T0, dedupeKey: 'move:1:created' }), null);

      // On PostgreSQL a unique violation would abort the transaction; ON CONFLICT DO NOTHING does not.
      await db()
        .transaction()
        .execute(async (trx) => {
          assert.equal(await enqueue(trx, { kind: 'test.echo', payload: {}, runAt: T0, dedupeKey: 'move:1:created' }), null);
          await trx.insertInto('settings').values({ key: 'jobs-test:after-dedupe', value: '1' }).execute();
        });
      const setting = await db().selectFrom('settings').select('value').where('key', '=', 'jobs-test:after-dedupe').executeTakeFirst();
      assert.equal(setting?.value, '1');

      // Jobs without a key are never deduplicated; other keys are independent.
      assert.equal(typeof (await enqueueAlone(db(), { kind: 'test.echo', payload: {}, runAt: T0 })), 'number');
      assert.equal(typeof (await enqueueAlone(db(), { kind: 'test.echo', payload: {}, runAt: T0 })), 'number');
      assert.equal(typeof (await enqueueAlone(db(), { kind: 'test.echo', payload: {}, runAt: T0, dedupeKey: 'move:2:created' })), 'number');
      assert.equal(await countJobs(), 4);
      const kept = await row(first!);
      assert.equal(kept.payload, JSON.stringify({ v: 1 }));

      // The key is permanent: a finished job still holds it.
      const clock = new ManualClock(T0);
      await worker(clock)
        .register('test.echo', async () => {})
        .runOnce();
      assert.equal((await row(first!)).state, 'done');
      assert.equal(await enqueueAlone(db(), { kind: 'test.echo', payload: {}, runAt: T0, dedupeKey: 'move:1:created' }), null);
    });

    test('a job whose worker died is reclaimed once its lease lapses, and the dead worker’s late result is ignored', async () => {
      const clock = new ManualClock(T0);
      const id = (await enqueueAlone(db(), { kind: 'test.echo', payload: { n: 1 }, runAt: T0 }))!;
      const [claimed, ...others] = await claimDue(db(), { now: T0, limit: 10, workerId: 'dead-worker', leaseMs: 30_000 });
      assert.equal(others.length, 0);
      assert.deepEqual([claimed?.id, claimed?.state, claimed?.locked_by, claimed?.locked_until, claimed?.attempts], [id, 'running', 'dead-worker', T0 + 30_000, 1]);

      const seen: Job[] = [];
      const w = worker(clock, { workerId: 'live-worker', leaseMs: 30_000 }).register('test.echo', async (_p, { job }) => {
        seen.push(job);
      });
      clock.set(T0 + 30_000);
      assert.equal(await w.runOnce(), 0, 'the lease still holds at locked_until');
      clock.set(T0 + 30_001);
      assert.equal(await w.runOnce(), 1);
      assert.deepEqual([seen[0]?.id, seen[0]?.attempts, seen[0]?.locked_by], [id, 2, 'live-worker']);
      assert.equal((await row(id)).state, 'done');

      assert.equal(await complete(db(), id, 'dead-worker', clock.now()), false);
      assert.equal(await fail(db(), id, 'dead-worker', { error: 'late failure', retryAt: T0 + 99_000, now: clock.now() }), null);
      const r = await row(id);
      assert.deepEqual([r.state, r.last_error, r.run_at, r.attempts], ['done', null, T0, 2]);
    });

    test('while the new owner still runs it, the old owner can neither complete nor fail the job', async () => {
      const id = (await enqueueAlone(db(), { kind: 'test.echo', payload: {}, runAt: T0 }))!;
      await claimDue(db(), { now: T0, limit: 1, workerId: 'old', leaseMs: 1000 });
      assert.deepEqual(await claimDue(db(), { now: T0 + 1000, limit: 1, workerId: 'new', leaseMs: 1000 }), []);
      const [again] = await claimDue(db(), { now: T0 + 1001, limit: 1, workerId: 'new', leaseMs: 1000 });
      assert.equal(again?.id, id);

      assert.equal(await complete(db(), id, 'old', T0 + 1002), false);
      assert.equal(await fail(db(), id, 'old', { error: 'x', retryAt: null, now: T0 + 1002 }), null);
      const r = await row(id);
      assert.deepEqual([r.state, r.locked_by, r.locked_until, r.attempts], ['running', 'new', T0 + 2001, 2]);
      assert.equal(await complete(db(), id, 'new', T0 + 1003), true);
      assert.equal((await row(id)).state, 'done');
    });

    test('a job whose last allowed attempt never finished is failed for good instead of run again', async () => {
      const clock = new ManualClock(T0);
      const id = (await enqueueAlone(db(), { kind: 'test.crashes-its-worker', payload: {}, runAt: T0, maxAttempts: 1 }))!;
      await claimDue(db(), { now: T0, limit: 1, workerId: 'crashed', leaseMs: 1000 });
      let calls = 0;
      const w = worker(clock, { leaseMs: 1000 }).register('test.crashes-its-worker', async () => {
        calls++;
      });
      clock.set(T0 + 1001);
      assert.equal(await w.runOnce(), 1);
      assert.equal(calls, 0);
      const r = await row(id);
      assert.deepEqual([r.state, r.attempts], ['failed', 2]);
      assert.match(r.last_error ?? '', /never finished/);
    });

    test('a job of an unknown kind fails for good, with a message naming the kind', async () => {
      const clock = new ManualClock(T0);
      const unknown = (await enqueueAlone(db(), { kind: 'test.nobody-handles-this', payload: {}, runAt: T0, maxAttempts: 5 }))!;
      const known = (await enqueueAlone(db(), { kind: 'test.echo', payload: {}, runAt: T0 }))!;
      const w = worker(clock).register('test.echo', async () => {});
      assert.equal(await w.runOnce(), 2);
      const r = await row(unknown);
      assert.deepEqual([r.state, r.attempts], ['failed', 1]);
      assert.match(r.last_error ?? '', /no handler registered for job kind "test\.nobody-handles-this"/);
      assert.equal((await row(known)).state, 'done');
      clock.advance(24 * 3600_000);
      assert.equal(await w.runOnce(), 0);
    });

    test('start() polls: it runs jobs as they come due, and stop() ends the loop', async () => {
      const clock = new ManualClock(T0);
      const ran: number[] = [];
      let notify: (() => void) | null = null;
      const next = () => new Promise<void>((resolve) => (notify = resolve));
      const w = worker(clock, { pollMs: 5 }).register('test.echo', async (_p, { job }) => {
        ran.push(job.id);
        notify?.();
      });
      const now = (await enqueueAlone(db(), { kind: 'test.echo', payload: {}, runAt: T0 }))!;
      const later = (await enqueueAlone(db(), { kind: 'test.echo', payload: {}, runAt: T0 + 60_000 }))!;
      let ranOne = next();
      w.start();
      w.start(); // a second start() does not start a second loop
      await ranOne;
      assert.deepEqual(ran, [now]);
      ranOne = next();
      clock.set(T0 + 60_000); // the loop is polling every 5 ms and finds it due
      await ranOne;
      assert.deepEqual(ran, [now, later]);
      await w.stop();
      await enqueueAlone(db(), { kind: 'test.echo', payload: {}, runAt: T0 });
      assert.equal(await w.runOnce(), 0, 'a stopped worker claims nothing');
    });

    test('stop() waits for an in-flight handler to finish and record its result', async () => {
      const clock = new ManualClock(T0);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const w = worker(clock, { pollMs: 5 }).register('test.slow', async () => {
        started();
        await gate;
      });
      const id = (await enqueueAlone(db(), { kind: 'test.slow', payload: {}, runAt: T0 }))!;
      w.start();
      await running;

      let stopped = false;
      const stopping = w.stop().then(() => {
        stopped = true;
      });
      assert.equal((await row(id)).state, 'running'); // a database round trip: stop() had time to finish if it would
      assert.equal(stopped, false, 'stop() must wait for the handler');
      release();
      await stopping;
      assert.equal((await row(id)).state, 'done', 'the result is recorded before stop() resolves');
    });

    test('queueDepth reports queued, due, the oldest due age, running and failed', async () => {
      const clock = new ManualClock(T0);
      assert.deepEqual(await queueDepth(db(), T0), { queued: 0, due: 0, oldestDueAgeMs: 0, running: 0, failed: 0 });
      const broken = (await enqueueAlone(db(), { kind: 'test.a', payload: {}, runAt: T0 - 10_000 }))!;
      const a = (await enqueueAlone(db(), { kind: 'test.a', payload: {}, runAt: T0 - 5000 }))!;
      await enqueueAlone(db(), { kind: 'test.a', payload: {}, runAt: T0 - 1000 });
      await enqueueAlone(db(), { kind: 'test.a', payload: {}, runAt: T0 + 60_000 });
      const done = (await enqueueAlone(db(), { kind: 'test.a', payload: {}, runAt: T0 - 20_000 }))!;
      await db().updateTable('jobs').set({ state: 'done' }).where('id', '=', done).execute();

      const [first] = await claimDue(db(), { now: T0, limit: 1, workerId: 'w', leaseMs: 1000 });
      assert.equal(first?.id, broken, 'claims the oldest due job first');
      await fail(db(), broken, 'w', { error: 'bad', retryAt: null, now: T0 });
      const [second] = await claimDue(db(), { now: T0, limit: 1, workerId: 'w', leaseMs: 1000 });
      assert.equal(second?.id, a);

      assert.deepEqual(await queueDepth(db(), clock.now()), { queued: 2, due: 1, oldestDueAgeMs: 1000, running: 1, failed: 1 });
    });

    for (const workers of [2, 4]) {
      test(`${workers} workers on separate pools racing over 200 jobs run every job exactly once`, async () => {
        const JOBS = 200;
        const clock = new ManualClock(T0);
        await db()
          .transaction()
          .execute(async (trx) => {
            for (let i = 0; i < JOBS; i++) await enqueue(trx, { kind: 'test.count', payload: { i }, runAt: T0 - (i % 7) });
          });

        const runs = new Map<number, number>();
        const byWorker = new Map<string, number>();
        const pools = Array.from({ length: workers }, () => openDatabase(held.scratch.config, { poolSize: 3 }));
        try {
          const racers = pools.map((pool, n) =>
            createWorker({ database: pool, clock, workerId: `racer-${n}`, batchSize: 7, logger: silent }).register(
              'test.count',
              async (_p, { job }) => {
                runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
                byWorker.set(job.locked_by!, (byWorker.get(job.locked_by!) ?? 0) + 1);
                await new Promise((resolve) => setImmediate(resolve)); // let the others claim meanwhile
              },
            ),
          );
          // A worker whose claim lost every job it chose to the other gets 0 while jobs are still
          // queued: each keeps going until the queue is empty, not until its own claim comes back empty.
          const queued = async () =>
            Number((await db().selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'queued').executeTakeFirstOrThrow()).n);
          await Promise.all(
            racers.map(async (w) => {
              while ((await w.runOnce()) > 0 || (await queued()) > 0);
            }),
          );
        } finally {
          await Promise.all(pools.map((p) => p.close()));
        }

        const twice = [...runs].filter(([, n]) => n !== 1);
        assert.deepEqual(twice, [], 'no job ran more than once');
        assert.equal(runs.size, JOBS, 'no job was missed');
        const states = await db()
          .selectFrom('jobs')
          .select(['state', 'attempts'])
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .groupBy(['state', 'attempts'])
          .execute();
        assert.deepEqual(
          states.map((s) => [s.state, s.attempts, Number(s.n)]),
          [['done', 1, JOBS]],
        );
        assert.ok(byWorker.size >= 2, `the workers really raced: ${JSON.stringify([...byWorker])}`);
      });
    }
  });
}
