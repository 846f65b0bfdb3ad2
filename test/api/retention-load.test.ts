// Issue 10 item 2's acceptance on each engine: under a steady booking load — every booking with an
// Idempotency-Key, its events delivered to a webhook, texts queued — and 10-minute horizons, the
// tables that used to grow for ever (jobs, events, idempotency keys, delivery attempts) level off
// once the horizon has passed, and after every purge no row is older than its horizon. The purge
// runs as the ordinary recurring job, concurrently with the bookings.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { updateDriverPosition } from '../../src/modules/moves/lifecycle/lifecycle.repository.ts';
import { rowsPastHorizon } from '../../src/modules/retention/retention.service.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { BOOKING_ENDPOINTS, futureInstant, validBooking } from '../support/booking-load.ts';
import { engines } from '../support/databases.ts';
import { addCaller, type Caller } from '../support/lifecycle.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const MINUTE = 60_000;
const HORIZON_MINUTES = 10;
/** The test clock moves this far between rounds; the purge is due every minute. */
const STEP_MINUTES = 2;
const ROUNDS = 20;
/** Bookings per round, two of each kind. */
const PER_ROUND = 8;
/** Rounds until the first round's rows are past the horizon and purged. */
const WARM_UP = HORIZON_MINUTES / STEP_MINUTES + 1;
const TABLES = ['jobs', 'events', 'idempotency_keys', 'webhook_deliveries'] as const;
const SECRET = 'whsec_retention_load_0123456789';

for (const engine of engines()) {
  describe(`retention under a booking load on ${engine}`, { timeout: 240_000 }, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    let dealer: Caller;
    before(async () => {
      const horizonDays = String(HORIZON_MINUTES / (24 * 60));
      t = await startTestApp(engine, {
        WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1',
        RETENTION_JOBS_DAYS: horizonDays,
        RETENTION_WEBHOOK_DELIVERIES_DAYS: horizonDays,
        RETENTION_EVENTS_DAYS: horizonDays,
        RETENTION_DRIVER_POSITIONS_DAYS: horizonDays,
        RETENTION_IDEMPOTENCY_HOURS: String(HORIZON_MINUTES / 60),
        RETENTION_PURGE_INTERVAL_MINUTES: '1',
        // Small batches, so each purge runs many statements between the bookings' transactions.
        RETENTION_PURGE_BATCH_SIZE: '7',
      });
      receiver = await startReceiver(SECRET);
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
    });
    after(async () => {
      await receiver.stop();
      await t.close();
    });

    const db = () => t.deps.database.db;
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const table of TABLES) {
        const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        out[table] = Number(row.n);
      }
      return out;
    };
    /** Runs due jobs until none is left; a bounded loop, not a sleep. */
    const drain = async () => {
      for (let i = 0; i < 500; i++) if ((await t.deps.worker.runOnce()) === 0) return;
      assert.fail('jobs kept coming');
    };
    const book = async (round: number, i: number) => {
      const endpoint = BOOKING_ENDPOINTS[i % BOOKING_ENDPOINTS.length]!;
      const res = await t.request('POST', endpoint.path, {
        token: await dealer.bearer(),
        headers: { 'idempotency-key': `load-${engine}-${round}-${i}` },
        body: validBooking(endpoint.kind, futureInstant(7, TEST_NOW)),
      });
      assert.equal(res.statusCode, 200, `${endpoint.kind}: ${res.body}`);
    };

    test('jobs, events, idempotency keys and delivery attempts stop growing past the horizon', async (ctx) => {
      const hook = await dealer.request('POST', '/v1/webhooks', { target_url: receiver.url(), secret: SECRET, event_types: ['*'] });
      assert.equal(hook.statusCode, 200, hook.body);
      const driver = await db()
        .insertInto('drivers')
        .values({ name: 'Once Seen', phone: '+18045550134', can_drive_manual: 0, active: 1, sandbox: 0, last_lat: null, last_lon: null, last_located_at: null, created_at: TEST_NOW, updated_at: TEST_NOW })
        .returning('id')
        .executeTakeFirstOrThrow();
      await updateDriverPosition(db(), Number(driver.id), 37.5, -77.5, t.clock.now());
      assert.equal(await t.deps.retention.schedule(), true, 'start-up queues the first purge');

      const history: Record<string, number>[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        t.clock.advance(STEP_MINUTES * MINUTE);
        // The bookings, the workers (deliveries, texts, the due purge) and a reader of the event
        // log all at once, as in production.
        const bookings = Promise.all(Array.from({ length: PER_ROUND }, (_, i) => book(round, i)));
        const reader = dealer.request('GET', '/v1/events?limit=500');
        await Promise.all([bookings, drain(), reader]);
        await drain(); // what the round's bookings queued
        assert.equal((await reader).statusCode, 200);

        assert.deepEqual(
          await rowsPastHorizon(db(), t.deps.config.retention, t.clock.now()),
          { jobs: 0, webhookDeliveries: 0, idempotencyKeys: 0, driverPositions: 0, driverTrail: 0, events: 0, smsReplies: 0, quotes: 0 },
          `round ${round}: no row outlives its horizon`,
        );
        history.push(await counts());
      }

      const delivered = receiver.requests.length;
      ctx.diagnostic(`${ROUNDS * PER_ROUND} bookings, ${delivered} deliveries; rows by round: ${JSON.stringify(history)}`);
      assert.ok(delivered >= ROUNDS * PER_ROUND, 'every booking produced deliveries');
      for (const table of TABLES) {
        const series = history.map((h) => h[table]!);
        const perRound = series[0]!;
        assert.ok(perRound > 0, `${table}: the load writes rows`);
        // Settled: the rows of the last HORIZON/STEP rounds and no more (plus one round of slack).
        const settled = series.slice(WARM_UP);
        assert.ok(
          Math.max(...settled) <= perRound * (WARM_UP + 1),
          `${table} levels off at about ${WARM_UP} rounds' rows: ${series.join(', ')}`,
        );
        const [early, late] = [settled.slice(0, 3), settled.slice(-3)];
        assert.ok(Math.max(...late) <= Math.max(...early), `${table} no longer grows: ${series.join(', ')}`);
        assert.ok(series.at(-1)! < perRound * ROUNDS * 0.5, `${table}: most of what was written is gone`);
      }
    });
  });
}
