// Crash safety (the acceptance test), on SQLite and PostgreSQL: the real `npm start`
// process (src/main.ts: HTTP and the job worker) takes a steady booking load — all four booking
// endpoints, each request with its own Idempotency-Key — and is killed with SIGKILL in the middle
// of it, then restarted on the same database. Afterwards:
//   - every booking that was answered 200 is in the database exactly once, with the answer's moves;
//   - no scenario is half-written (each has all its moves, lanes, locations and move.created events);
//   - every request that got no answer (it was in flight, or sent to the dead server) is retried
//     with the same Idempotency-Key and body, and ends as exactly one scenario — the one it made
//     before the crash, or a new one — never two;
//   - every event in the events table reaches a loopback webhook receiver, correctly signed.
//
// Time: a SIGKILLed process never releases its leases. The job lease is 5 minutes and the
// idempotency-key lease 60 s, neither configurable from the environment, and this test cannot wait
// that long; so between the kill and the restart it moves the dead process's leases into the past
// (`locked_until` of 'running' jobs and keys) — exactly what the clock would have done — and lets the
// restarted process take them over through its normal lease-expiry path.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../../src/db/database.ts';
import { WEBHOOK_DELIVER_JOB } from '../../src/modules/webhooks/webhook-delivery.ts';
import { assertBookedExactlyOnce, halfWrittenProblems, movesByReference, scenariosOf } from '../support/booking-audit.ts';
import { sendBooking, startBookingLoad, summarize, type LoadRecord } from '../support/booking-load.ts';
import { engines, scratchDatabase, type ScratchDatabase } from '../support/databases.ts';
import {
  authorize,
  type HandoffProcess,
  setUpDealer,
  spawnHandoff,
  subscribeWebhook,
  waitUntil,
} from '../support/handoff-process.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const SECRET = 'whsec_crash_safety_secret_0123';

const serverEnv = (url: string) => ({
  DATABASE_URL: url,
  RATE_LIMIT_PER_MINUTE: '0',
  WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1',
  // A retry of a key whose first request is still running answers 409 at once instead of waiting 10 s.
  IDEMPOTENCY_WAIT_MS: '0',
});

describe('crash safety: kill -9 under a booking load', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => {});
  });

  for (const engine of engines()) {
    test(`on ${engine}: answered bookings exist once, nothing half-written, retries never duplicate, every event delivered`, { timeout: 180_000 }, async (t) => {
      const started = Date.now();
      const scratch: ScratchDatabase = await scratchDatabase(engine);
      cleanup.push(() => scratch.drop());
      const dealer = await setUpDealer(scratch.url);
      const receiver: WebhookReceiver = await startReceiver(SECRET);
      cleanup.push(() => receiver.stop());

      // ── 1. the server under load, killed in the middle ──────────────────────────────────────
      let server: HandoffProcess = await spawnHandoff('all', serverEnv(scratch.url));
      cleanup.push(() => server.kill('SIGKILL'));
      const token = await authorize(server.baseUrl!, dealer);
      await subscribeWebhook(server.baseUrl!, token, receiver.url(), SECRET);

      const prefix = `crash-${engine}`;
      const load = startBookingLoad({ targets: [server.baseUrl!], token, concurrency: 8, maxRequests: 5_000, maxMs: 15_000, keyPrefix: prefix });
      const loadStarted = Date.now();
      const killAfter = 1_000 + Math.floor(Math.random() * 1_000);
      await waitUntil('the load to be under way', () => Date.now() - loadStarted >= killAfter && load.ok().length >= 20, { timeoutMs: 12_000, intervalMs: 10 });
      const killedAt = Date.now();
      const exit = await server.kill('SIGKILL');
      load.stop();
      const records = await load.done;
      assert.equal(exit.signal, 'SIGKILL');
      t.diagnostic(`killed after ${killedAt - loadStarted} ms of load: ${summarize(records)}`);

      const answered = records.filter((r) => r.status !== null);
      assert.deepEqual(
        answered.filter((r) => r.status !== 200).map((r) => `${r.key}: ${r.status} ${r.error}`),
        [],
        'before the kill every answered booking was a 200',
      );
      const ok = load.ok();
      const unanswered = load.unanswered();
      assert.ok(ok.length >= 20, 'bookings succeeded before the kill');

      // ── 2. the dead process's leases lapse (see the header), then a restart ─────────────────
      const database = openDatabase(scratch.config, { poolSize: 2 });
      cleanup.push(() => database.close());
      const db = database.db;
      const past = Date.now() - 1;
      const orphanKeys = await db.selectFrom('idempotency_keys').select('key').where('state', '=', 'running').execute();
      const orphanJobs = await db.selectFrom('jobs').select(['id', 'kind']).where('state', '=', 'running').execute();
      const before = await movesByReference(db, prefix);
      const committedUnrecorded = orphanKeys.filter((k) => scenariosOf(before.get(k.key)).length > 0).map((k) => k.key);
      t.diagnostic(
        `at the kill: ${orphanKeys.length} idempotency keys still running (${committedUnrecorded.length} of them with a committed booking: ${committedUnrecorded.join(', ') || 'none'}), ${orphanJobs.length} jobs running`,
      );
      await db.updateTable('idempotency_keys').set({ locked_until: past }).where('state', '=', 'running').execute();
      await db.updateTable('jobs').set({ locked_until: past }).where('state', '=', 'running').execute();

      server = await spawnHandoff('all', serverEnv(scratch.url));
      cleanup.push(() => server.kill('SIGKILL'));

      // ── 3. every 200 is there exactly once; nothing is half-written ──────────────────────────
      for (const r of ok) assertBookedExactlyOnce(r, before.get(r.key));
      assert.deepEqual(await halfWrittenProblems(db), [], 'no half-written scenario after the crash');
      // Every scenario in the database was made by a request of the load (nothing else books here).
      const allScenarios = await db.selectFrom('scenarios').select('id').execute();
      assert.equal(allScenarios.length, new Set([...before.values()].flat().map((m) => m.scenarioId)).size);

      // The restarted server serves what was booked before the crash (tokens survive the restart).
      for (const r of ok.slice(0, 5)) {
        const res = await fetch(`${server.baseUrl}/v1/moves/${r.moveIds[0]}`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(res.status, 200, `GET /v1/moves/${r.moveIds[0]} after the restart`);
      }

      // ── 4. retry the unanswered requests: the same key and bytes give one scenario, never two ─
      const retried: { first: LoadRecord; again: LoadRecord; hadBefore: number }[] = [];
      for (const first of unanswered) {
        const again = await sendBooking(server.baseUrl!, token, first);
        retried.push({ first, again, hadBefore: scenariosOf(before.get(first.key)).length });
      }
      const afterRetry = await movesByReference(db, prefix);
      for (const { first, again, hadBefore } of retried) {
        assert.equal(again.status, 200, `retry of ${first.key} (no answer before the crash: ${first.error}): ${again.status} ${again.error}`);
        assert.ok(hadBefore <= 1, `${first.key} was booked ${hadBefore} times before the retry`);
        assertBookedExactlyOnce(again, afterRetry.get(first.key), ` (retried; ${hadBefore ? 'booked before the crash, its answer lost' : 'not booked before the crash'})`);
      }
      for (const r of ok) assertBookedExactlyOnce(r, afterRetry.get(r.key), ' (after the retries)');
      assert.deepEqual(await halfWrittenProblems(db), [], 'no half-written scenario after the retries');
      t.diagnostic(
        `${ok.length} answered bookings verified; ${retried.length} unanswered retried (${retried.filter((x) => x.hadBefore).length} had been committed before the crash)`,
      );

      // ── 5. every event reaches the receiver, signed ─────────────────────────────────────────
      const eventIds = (await db.selectFrom('events').select('id').execute()).map((e) => e.id);
      const expectedEvents = [...afterRetry.values()].flat().length;
      assert.equal(eventIds.length, expectedEvents, 'one move.created event per move');
      const missing = () => {
        const got = new Set(receiver.requests.map((r) => r.json?.id));
        return eventIds.filter((id) => !got.has(id));
      };
      await waitUntil('every event delivered to the receiver', () => missing().length === 0, {
        timeoutMs: 30_000,
        describe: async () => {
          const jobs = await db.selectFrom('jobs').select(['state', 'attempts', 'last_error']).where('kind', '=', WEBHOOK_DELIVER_JOB).where('state', '!=', 'done').execute();
          return `${missing().length} of ${eventIds.length} events missing; undone delivery jobs: ${JSON.stringify(jobs.slice(0, 5))}`;
        },
      });
      const bad = receiver.requests.filter((r) => !r.signatureValid || r.json?.object !== 'event');
      assert.deepEqual(bad.map((r) => r.rawBody.slice(0, 100)), [], 'every delivery carries a valid signature');
      const failed = await db.selectFrom('jobs').select(['kind', 'last_error']).where('state', '=', 'failed').execute();
      assert.deepEqual(failed, [], 'no job failed for good');
      t.diagnostic(
        `${eventIds.length} events, ${receiver.requests.length} deliveries received (${receiver.requests.length - eventIds.length} repeats after the crash)`,
      );

      // ── 6. a graceful stop ───────────────────────────────────────────────────────────────────
      const stopped = await server.kill('SIGTERM');
      assert.deepEqual(stopped, { code: 0, signal: null }, `SIGTERM exits 0:\n${server.output().slice(-2000)}`);
      t.diagnostic(`${engine}: ${Date.now() - started} ms`);
    });
  }
});
