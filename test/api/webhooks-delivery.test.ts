// Webhook delivery end to end (spec §8): an event becomes a durable job in its own transaction, the
// worker POSTs it to a real receiver on loopback that checks every signature with its own HMAC
// code; failures are retried after their backoff with a fresh signature, a restart loses nothing,
// a move's events arrive in sequence, and a subscription failing for 3 days is disabled.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createDeps } from '../../src/deps.ts';
import { createWorker, type Worker } from '../../src/jobs/worker.ts';
import { TargetGuard } from '../../src/modules/webhooks/target-guard.ts';
import { WEBHOOK_DELIVER_JOB, WebhookDeliverer } from '../../src/modules/webhooks/webhook-delivery.ts';
import { HttpWebhookTransport } from '../../src/modules/webhooks/webhook-transport.ts';
import { webhookSecretKey } from '../../src/modules/webhooks/webhooks.ts';
import { engines } from '../support/databases.ts';
import { PUBLIC_URL, startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { oneWayRequest } from '../support/requests.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const SECRET = 'whsec_delivery_test_secret_42';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Run due jobs until none are left (bounded). */
async function drain(worker: Worker): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await worker.runOnce()) === 0) return;
  assert.fail('jobs kept coming');
}

for (const engine of engines()) {
  describe(`webhook delivery on ${engine}`, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    /** A dealer token issued at the current test time (tokens last an hour of test clock). */
    let token: string;
    const fresh = async () => {
      token = (await t.addClient('dealer', [t.rooftopId])).token;
      return token;
    };
    const api = (method: string, url: string, body?: unknown) => t.request(method, url, { token, body });

    before(async () => {
      t = await startTestApp(engine, { WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1' });
      receiver = await startReceiver(SECRET);
    });
    after(async () => {
      await receiver.stop();
      await t.close();
    });
    beforeEach(async () => {
      // Each test starts with no subscription, nothing queued, a healthy receiver and a fresh token.
      // Each test starts at TEST_NOW, so the bookings' ready-by times stay in the future.
      await t.deps.database.db.updateTable('webhooks').set({ deleted_at: t.clock.now(), active: 0 }).where('deleted_at', 'is', null).execute();
      t.clock.advance(DAY);
      await drain(t.deps.worker);
      t.clock.set(TEST_NOW);
      receiver.failFirst(0);
      receiver.secret = SECRET;
      receiver.requests.length = 0;
      await fresh();
    });

    const subscribe = async (over: Record<string, unknown> = {}, bearer = token) => {
      const res = await t.request('POST', '/v1/webhooks', {
        token: bearer,
        body: { target_url: receiver.url(), secret: SECRET, event_types: ['*'], ...over },
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { webhook_id: number };
    };
    const book = async (bearer = token) => {
      const res = await t.request('POST', '/v1/one-way-moves', { token: bearer, body: oneWayRequest() });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().move.move_id as number;
    };
    const jobsOf = (webhookId: number) =>
      t.deps.database.db
        .selectFrom('jobs')
        .selectAll()
        .where('kind', '=', WEBHOOK_DELIVER_JOB)
        .where('dedupe_key', 'like', `webhook:${webhookId}:%`)
        .orderBy('id')
        .execute();
    const deliveries = async (webhookId: number) => {
      const res = await api('GET', `/v1/webhooks/${webhookId}/deliveries`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().deliveries as any[];
    };

    test('a booking is delivered: signed, with the headers and the event envelope', async () => {
      const hook = await subscribe();
      const moveId = await book();
      const [job] = await jobsOf(hook.webhook_id);
      assert.ok(job, 'the booking queued a delivery in its transaction');
      assert.equal(job.state, 'queued');
      assert.equal(job.max_attempts, 32);

      await drain(t.deps.worker);
      assert.equal(receiver.requests.length, 1);
      const got = receiver.requests[0]!;
      assert.equal(got.method, 'POST');
      assert.equal(got.path, '/hooks/handoff');
      assert.equal(got.signatureValid, true, 'the receiver verified the signature with its own HMAC');
      assert.equal(got.t, t.clock.now(), 't is the time of sending, in unix milliseconds');
      assert.equal(got.headers['handoff-event'], 'move_created');
      assert.equal(got.headers['user-agent'], 'Handoff-Webhooks/1.0.0');
      assert.equal(got.headers['content-type'], 'application/json');

      const event = await t.deps.database.db.selectFrom('events').selectAll().where('move_id', '=', moveId).executeTakeFirstOrThrow();
      assert.deepEqual(Object.keys(got.json), ['id', 'object', 'type', 'version', 'created', 'sequence', 'data']);
      assert.equal(got.json.id, event.id);
      assert.equal(got.json.object, 'event');
      assert.equal(got.json.type, 'move.created');
      assert.equal(got.json.version, '1.0.0');
      assert.equal(got.json.sequence, 1);
      const now = await api('GET', `/v1/moves/${moveId}`);
      assert.deepEqual(got.json.data, now.json(), 'data is the GET document');
      const byId = await api('GET', `/v1/events/${event.id}`);
      assert.equal(got.rawBody, byId.body, 'the body is the envelope of GET /v1/events/:id, byte for byte');

      assert.equal((await jobsOf(hook.webhook_id))[0]!.state, 'done');
      const log = await deliveries(hook.webhook_id);
      assert.deepEqual(log.map((d) => [d.event_id, d.event_type, d.attempt, d.delivered, d.status_code, d.error]), [
        [event.id, 'move.created', 1, true, 200, null],
      ]);
      assert.equal(log[0].created_at, iso(t.clock.now()));
    });

    test('a receiver failing the first 3 attempts gets the event on the 4th, after each backoff, signed afresh', async () => {
      const hook = await subscribe();
      receiver.failFirst(3);
      await book();
      const nominal = [30_000, 60_000, 120_000];

      await drain(t.deps.worker);
      for (let attempt = 1; attempt <= 3; attempt++) {
        assert.equal(receiver.requests.length, attempt);
        assert.equal(receiver.requests[attempt - 1]!.answered, 500);
        const [job] = await jobsOf(hook.webhook_id);
        assert.equal(job!.state, 'queued');
        assert.equal(job!.attempts, attempt);
        const wait = Number(job!.run_at) - t.clock.now();
        assert.ok(wait >= nominal[attempt - 1]! / 2 && wait <= nominal[attempt - 1]!, `retry ${attempt} after ${wait} ms`);
        if (attempt === 1) {
          const failing = (await api('GET', `/v1/webhooks/${hook.webhook_id}`)).json();
          assert.equal(failing.failing_since, iso(t.clock.now()));
        }

        t.clock.advance(wait - 1);
        await drain(t.deps.worker);
        assert.equal(receiver.requests.length, attempt, 'not due before its backoff');
        t.clock.advance(1);
        await drain(t.deps.worker);
      }

      assert.equal(receiver.requests.length, 4);
      const [first, ...rest] = receiver.requests;
      assert.equal(receiver.requests[3]!.answered, 200);
      for (const r of receiver.requests) assert.equal(r.signatureValid, true);
      for (const r of rest) {
        assert.equal(r.json.id, first!.json.id, 'the same event id on every attempt');
        assert.equal(r.rawBody, first!.rawBody, 'the same body on every attempt');
      }
      const ts = receiver.requests.map((r) => r.t!);
      assert.deepEqual(ts, [...ts].sort((a, b) => a - b));
      assert.equal(new Set(ts).size, 4, 'a new t each attempt');
      assert.equal(new Set(receiver.requests.map((r) => r.v1)).size, 4, 'a new signature each attempt');

      const [job] = await jobsOf(hook.webhook_id);
      assert.equal(job!.state, 'done');
      const log = await deliveries(hook.webhook_id);
      assert.deepEqual(log.map((d) => [d.attempt, d.status_code, d.delivered]), [
        [4, 200, true],
        [3, 500, false],
        [2, 500, false],
        [1, 500, false],
      ]);
      for (const d of log.slice(1)) assert.match(d.error, /answered 500/);
      for (const d of log) assert.equal(d.event_id, first!.json.id);
      assert.equal((await api('GET', `/v1/webhooks/${hook.webhook_id}`)).json().failing_since, null, 'a success ends the failing run');
    });

    test('a restart between attempts loses nothing', async () => {
      const hook = await subscribe();
      receiver.failFirst(1);
      await book();
      await drain(t.deps.worker);
      assert.equal(receiver.requests.length, 1);
      const [job] = await jobsOf(hook.webhook_id);

      // "Restart": a new process on the same database, with its own worker, takes over.
      const config = loadConfig({ DATABASE_URL: t.scratch.url, PUBLIC_URL, WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1' });
      const restarted = await createDeps(config, {
        clock: t.clock,
        database: openDatabase(t.scratch.config, { poolSize: 2 }),
        logger: pino({ level: 'silent' }),
      });
      try {
        t.clock.set(Number(job!.run_at));
        await drain(restarted.worker);
      } finally {
        await restarted.close();
      }
      assert.equal(receiver.requests.length, 2);
      const [one, two] = receiver.requests;
      assert.equal(two!.answered, 200);
      assert.equal(two!.signatureValid, true, 'the restarted process opens the sealed secret');
      assert.equal(two!.json.id, one!.json.id);
      assert.notEqual(two!.t, one!.t);
      assert.equal((await jobsOf(hook.webhook_id))[0]!.state, 'done');
      assert.deepEqual((await deliveries(hook.webhook_id)).map((d) => [d.attempt, d.status_code]), [
        [2, 200],
        [1, 500],
      ]);
    });

    test("a move's events arrive in increasing sequence", async () => {
      await subscribe();
      const moveId = await book();
      for (const color of ['red', 'green', 'blue', 'black']) {
        const res = await api('PATCH', `/v1/moves/${moveId}`, { vehicle_color: color });
        assert.equal(res.statusCode, 200, res.body);
      }
      await drain(t.deps.worker);
      assert.deepEqual(
        receiver.requests.map((r) => [r.json.type, r.json.sequence]),
        [
          ['move.created', 1],
          ['move.updated', 2],
          ['move.updated', 3],
          ['move.updated', 4],
          ['move.updated', 5],
        ],
      );
      assert.deepEqual(
        receiver.requests.map((r) => r.json.data.move.vehicle.color),
        ['silver', 'red', 'green', 'blue', 'black'],
      );
      assert.ok(receiver.requests.every((r) => r.signatureValid));
    });

    test('event_types choose what a subscription receives; another rooftop\'s subscription gets nothing', async () => {
      const updatesOnly = await subscribe({ event_types: ['move.updated'] });
      const everything = await subscribe({ target_url: receiver.url('/all'), event_types: ['*'] });
      const elsewhere = await t.addClient('dealer', [await t.addRooftop({ name: 'Elsewhere' })]);
      const foreign = await subscribe({ target_url: receiver.url('/foreign') }, elsewhere.token);

      const moveId = await book();
      await api('PATCH', `/v1/moves/${moveId}`, { vehicle_color: 'red' });
      await drain(t.deps.worker);

      const got = (path: string) => receiver.requests.filter((r) => r.path === path).map((r) => r.json.type);
      assert.deepEqual(got('/hooks/handoff'), ['move.updated']);
      assert.deepEqual(got('/all'), ['move.created', 'move.updated']);
      assert.deepEqual(got('/foreign'), []);
      assert.equal((await jobsOf(updatesOnly.webhook_id)).length, 1);
      assert.equal((await jobsOf(everything.webhook_id)).length, 2);
      assert.equal((await jobsOf(foreign.webhook_id)).length, 0);
    });

    test('a deleted or disabled subscription gets nothing, not even deliveries already queued', async () => {
      const deleted = await subscribe({ target_url: receiver.url('/deleted') });
      const disabled = await subscribe({ target_url: receiver.url('/disabled') });
      await book(); // queued for both
      assert.equal((await api('DELETE', `/v1/webhooks/${deleted.webhook_id}`)).statusCode, 204);
      assert.equal((await api('PATCH', `/v1/webhooks/${disabled.webhook_id}`, { active: false })).statusCode, 200);
      await book(); // queued for neither
      assert.equal((await jobsOf(deleted.webhook_id)).length, 1);
      assert.equal((await jobsOf(disabled.webhook_id)).length, 1);

      await drain(t.deps.worker);
      assert.deepEqual(receiver.requests, []);
      for (const id of [deleted.webhook_id, disabled.webhook_id]) {
        assert.deepEqual((await jobsOf(id)).map((j) => j.state), ['done']);
      }
      assert.deepEqual(await deliveries(disabled.webhook_id), []);
    });

    test('a subscription failing for 3 days is disabled, says so, and can be enabled again', async () => {
      const hook = await subscribe();
      receiver.failFirst(1_000_000);
      const start = t.clock.now();
      await book();
      await drain(t.deps.worker);
      assert.equal(receiver.requests.length, 1);

      t.clock.advance(2 * DAY);
      await drain(t.deps.worker);
      await fresh();
      let doc = (await api('GET', `/v1/webhooks/${hook.webhook_id}`)).json();
      assert.deepEqual([doc.active, doc.failing_since], [true, iso(start)], 'failing for 2 days: still active');

      t.clock.set(start + 3 * DAY);
      await drain(t.deps.worker);
      await fresh();
      doc = (await api('GET', `/v1/webhooks/${hook.webhook_id}`)).json();
      assert.equal(doc.active, false);
      assert.match(doc.disabled_reason, new RegExp(`failing since ${iso(start)}`));
      assert.match(doc.disabled_reason, /3 days/);
      const [job] = await jobsOf(hook.webhook_id);
      assert.equal(job!.state, 'failed');
      assert.match(job!.last_error!, /disabled/);
      const attempts = receiver.requests.length;

      await book();
      await drain(t.deps.worker);
      assert.equal(receiver.requests.length, attempts, 'a disabled subscription receives nothing');
      assert.equal((await jobsOf(hook.webhook_id)).length, 1, 'and nothing is queued for it');

      receiver.failFirst(0);
      const enabled = (await api('PATCH', `/v1/webhooks/${hook.webhook_id}`, { active: true })).json();
      assert.deepEqual([enabled.active, enabled.disabled_reason, enabled.failing_since], [true, null, null]);
      await book();
      await drain(t.deps.worker);
      assert.equal(receiver.requests.length, attempts + 1);
      assert.equal(receiver.requests.at(-1)!.answered, 200);
    });

    test('a receiver that does not answer in time fails the attempt, which is retried', async () => {
      // A worker of our own whose transport waits 150 ms instead of 10 s (the default, see the unit tests).
      const guard = new TargetGuard({ allowInsecureLoopback: true });
      const deliverer = new WebhookDeliverer({
        database: t.deps.database,
        clock: t.clock,
        transport: new HttpWebhookTransport({ guard, timeoutMs: 150 }),
        secretKey: webhookSecretKey(t.deps.secret),
      });
      const worker = createWorker({ database: t.deps.database, clock: t.clock, logger: pino({ level: 'silent' }) });
      worker.register(WEBHOOK_DELIVER_JOB, deliverer.handle);
      assert.equal((t.deps.webhooks.transport as HttpWebhookTransport).timeoutMs, 10_000);

      const hook = await subscribe();
      await book();
      receiver.hang();
      try {
        await drain(worker);
      } finally {
        receiver.hang(false);
      }
      const [attempt] = await deliveries(hook.webhook_id);
      assert.deepEqual([attempt.attempt, attempt.status_code, attempt.delivered, attempt.error], [1, null, false, 'timed out after 150 ms']);
      assert.ok(attempt.duration_ms >= 140);
      const [job] = await jobsOf(hook.webhook_id);
      assert.equal(job!.state, 'queued');
      assert.match(job!.last_error!, /timed out after 150 ms/);

      t.clock.set(Number(job!.run_at));
      await drain(worker);
      assert.equal(receiver.requests.at(-1)!.answered, 200);
      assert.equal(receiver.requests.at(-1)!.signatureValid, true);
      assert.equal((await jobsOf(hook.webhook_id))[0]!.state, 'done');
    });

    test('a target that turned private is refused at delivery time, recorded as an error', async () => {
      const hook = await subscribe();
      // As if DNS had changed after the check at creation: the stored URL now points inside.
      await t.deps.database.db.updateTable('webhooks').set({ target_url: 'https://10.0.0.1/hook' }).where('id', '=', hook.webhook_id).execute();
      await book();
      await drain(t.deps.worker);
      const [attempt] = await deliveries(hook.webhook_id);
      assert.equal(attempt.status_code, null);
      assert.match(attempt.error, /^target refused: target_url is 10\.0\.0\.1, a private address/);
      assert.equal((await jobsOf(hook.webhook_id))[0]!.state, 'queued', 'retried like any failure');
    });
  });
}
