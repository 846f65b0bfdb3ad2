// The fair claim on a real database of each engine: candidates come round-robin by rooftop and
// kind, the worker's exclusions pass over full groups without ever dropping a row for a null
// rooftop or key, a claim by id takes only what is still claimable, and the worker is a pool — a
// job that hangs delays no other job's claim, and no kind grows past its bound.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { ManualClock } from '../../src/lib/clock.ts';
import { claimCandidates, claimJobs, enqueueAlone, type NewJob } from '../../src/jobs/job-queue.ts';
import { createWorker } from '../../src/jobs/worker.ts';
import { engines, migratedScratch } from '../support/databases.ts';
import { waitUntil } from '../support/handoff-process.ts';

const T0 = Date.parse('2026-03-18T12:00:00Z');
const silent = { warn() {}, error() {} };
const lease = { workerId: 'w', leaseMs: 60_000 };

for (const engine of engines()) {
  describe(`fair claims on ${engine}`, { timeout: 20_000 }, () => {
    const held = migratedScratch(engine);
    beforeEach(async () => {
      await held.database.db.deleteFrom('jobs').execute();
    });

    const add = async (kind: string, rooftopId: number | null, key: string | null, runAt: number, extra: Partial<NewJob> = {}) =>
      (await enqueueAlone(held.database.db, { kind, payload: {}, runAt, rooftopId, concurrencyKey: key, ...extra }))!;
    const candidates = (o: Partial<Parameters<typeof claimCandidates>[1]> = {}) =>
      claimCandidates(held.database.db, { now: T0, perGroup: 10, limit: 100, ...o }).then((rows) => rows.map((r) => r.id));

    test('candidates take rooftops and kinds in turn: a quiet rooftop’s newer job makes the list ahead of a busy one’s backlog', async () => {
      const busy = [];
      for (let i = 0; i < 30; i++) busy.push(await add('webhook.deliver', 1, 'a.example', T0 - 1000 + i));
      const quiet = await add('webhook.deliver', 2, 'b.example', T0);
      const text = await add('sms.send', 1, null, T0 - 10);
      const legacy = await add('webhook.deliver', null, null, T0 - 5);
      assert.deepEqual(await candidates({ limit: 4 }), [busy[0], text, legacy, quiet]);
      assert.deepEqual(await candidates({ perGroup: 2, limit: 100 }), [busy[0], text, legacy, quiet, busy[1]]);
      const [first] = await claimCandidates(held.database.db, { now: T0, perGroup: 1, limit: 1 });
      assert.deepEqual(first, { id: busy[0], kind: 'webhook.deliver', rooftop_id: 1, concurrency_key: 'a.example', run_at: T0 - 1000 });
    });

    test('exclusions pass over full kinds, rooftops and hosts, and keep rows whose rooftop or key is null', async () => {
      const a1 = await add('webhook.deliver', 1, 'a.example', T0 - 9);
      const b1 = await add('webhook.deliver', 1, 'b.example', T0 - 8);
      const a2 = await add('webhook.deliver', 2, 'a.example', T0 - 7);
      const none = await add('webhook.deliver', null, null, T0 - 6);
      const text1 = await add('sms.send', 1, null, T0 - 5);
      const textNone = await add('sms.send', null, null, T0 - 4);
      // Each group's first in run_at order, then rooftop 1's second delivery.
      const all = [a1, a2, none, text1, textNone, b1];
      assert.deepEqual(await candidates(), all);
      const only = (x: Parameters<typeof claimCandidates>[1]['exclude']) => candidates({ exclude: x });
      assert.deepEqual(await only({ kinds: ['sms.send'], rooftops: [], keys: [] }), [a1, a2, none, b1]);
      assert.deepEqual(await only({ kinds: [], rooftops: [{ kind: 'webhook.deliver', rooftopIds: [1] }], keys: [] }), [a2, none, text1, textNone]);
      assert.deepEqual(await only({ kinds: [], rooftops: [{ kind: 'webhook.deliver', rooftopIds: [null] }], keys: [] }), [a1, a2, text1, textNone, b1]);
      assert.deepEqual(await only({ kinds: [], rooftops: [{ kind: 'sms.send', rooftopIds: [1, null] }], keys: [] }), [a1, a2, none, b1]);
      assert.deepEqual(await only({ kinds: [], rooftops: [], keys: [{ kind: 'webhook.deliver', keys: ['a.example'] }] }), [b1, none, text1, textNone]);
      assert.deepEqual(await only({ kinds: [], rooftops: [], keys: [] }), all);
    });

    test('a claim by id takes only what is still claimable', async () => {
      const due = await add('x', 1, null, T0);
      const later = await add('x', 1, null, T0 + 1);
      const taken = await add('x', 1, null, T0);
      assert.deepEqual((await claimJobs(held.database.db, [taken], { ...lease, now: T0, workerId: 'other' })).map((j) => j.id), [taken]);
      const mine = await claimJobs(held.database.db, [taken, later, due], { ...lease, now: T0 });
      assert.deepEqual(
        mine.map((j) => [j.id, j.state, j.locked_by, j.attempts, j.rooftop_id]),
        [[due, 'running', 'w', 1, 1]],
      );
    });

    test('the pool: a job that hangs delays no other job, and a kind never runs past its bound', async () => {
      const clock = new ManualClock(T0);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let running = 0;
      let most = 0;
      const ran: number[] = [];
      const worker = createWorker({ database: held.database, clock, logger: silent, pollMs: 5, concurrency: 4 })
        .register('test.hangs', () => gate)
        .register(
          'test.capped',
          async (_p, { job }) => {
            most = Math.max(most, ++running);
            await new Promise((resolve) => setImmediate(resolve));
            running--;
            ran.push(job.id);
          },
          { concurrency: 2 },
        );
      const hung = await add('test.hangs', 1, null, T0 - 100);
      const capped = [];
      for (let i = 0; i < 12; i++) capped.push(await add('test.capped', 2 + (i % 3), null, T0 - 50 + i));
      worker.start();
      try {
        await waitUntil('every other job to run while the first one hangs', () => ran.length === capped.length, {
          timeoutMs: 10_000,
          intervalMs: 5,
        });
        assert.deepEqual([...ran].sort((x, y) => x - y), capped);
        assert.equal(most, 2, 'test.capped ran two at a time at most');
        const row = await held.database.db.selectFrom('jobs').select('state').where('id', '=', hung).executeTakeFirstOrThrow();
        assert.equal(row.state, 'running');
      } finally {
        const stopping = worker.stop();
        release();
        await stopping;
      }
      const states = await held.database.db.selectFrom('jobs').select('state').distinct().execute();
      assert.deepEqual(states.map((s) => s.state), ['done'], 'stop() waited for the hung job too');
    });
  });
}
