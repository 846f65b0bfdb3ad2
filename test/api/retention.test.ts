// Retention (issue 10 item 2), kind by kind on each engine with the documented default horizons:
// a row one millisecond inside its horizon is kept, one past it is purged, in batches of
// RETENTION_PURGE_BATCH_SIZE; queued and running jobs, live idempotency claims, step positions and
// the newest sequenced event are never touched. The trail of a move goes with drivers' positions,
// customers' replies with the events.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { JobTable } from '../../src/db/schema.ts';
import { recordStep, updateDriverPosition } from '../../src/modules/moves/lifecycle/lifecycle.repository.ts';
import { rowsPastHorizon } from '../../src/modules/retention/retention.service.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { futureInstant } from '../support/booking-load.ts';
import { engines } from '../support/databases.ts';
import { addCaller, type Caller } from '../support/lifecycle.ts';
import { oneWayRequestReadyBy } from '../support/requests.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const BATCH = 3;

for (const engine of engines()) {
  describe(`retention on ${engine}`, () => {
    let t: TestApp;
    let dealer: Caller;
    const db = () => t.deps.database.db;
    before(async () => {
      t = await startTestApp(engine, { RETENTION_PURGE_BATCH_SIZE: String(BATCH) });
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
    });
    after(() => t.close());

    /** Books a one-way move ready a week after the test clock's now (a weekday when the clock is). */
    const book = async () => {
      const res = await dealer.request('POST', '/v1/one-way-moves', oneWayRequestReadyBy(futureInstant(7, t.clock.now())));
      assert.equal(res.statusCode, 200, res.body);
      return res.json().move.move_id as number;
    };

    test('finished jobs go 30 days after they finished, in batches; queued, running and recent ones stay', async () => {
      const now = t.clock.now();
      const add = async (label: string, state: JobTable['state'], runAt: number, updatedAt: number) =>
        Number(
          (
            await db()
              .insertInto('jobs')
              .values({
                kind: 'test.retention',
                payload: '{}',
                run_at: runAt,
                state,
                attempts: state === 'queued' ? 0 : 1,
                max_attempts: 10,
                locked_until: state === 'running' ? now + HOUR : null,
                locked_by: state === 'running' ? 'a-live-worker' : null,
                last_error: null,
                dedupe_key: `retention-test:${label}`,
                created_at: runAt,
                updated_at: updatedAt,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
        );
      const old = now - 30 * DAY - 1;
      for (let i = 0; i < 6; i++) await add(`done-${i}`, 'done', old - i * HOUR, old);
      await add('failed', 'failed', old, old);
      const kept = [
        await add('queued-long-ago', 'queued', old, old),
        await add('running-long-ago', 'running', old, old),
        await add('done-29-days-ago', 'done', now - 30 * DAY + 1, now - 30 * DAY + 1),
        // Due long ago but claimed late (a backlog): it finished recently, so it stays.
        await add('finished-late', 'done', old, now - DAY),
      ];
      assert.equal((await rowsPastHorizon(db(), t.deps.config.retention, now)).jobs, 7);

      const report = await t.deps.retention.purge(now);
      assert.deepEqual(report.kinds.jobs, { rows: 7, batches: 3 }, '3 + 3 + 1');
      const left = await db().selectFrom('jobs').select('id').where('kind', '=', 'test.retention').orderBy('id').execute();
      assert.deepEqual(left.map((r) => Number(r.id)), kept);
      assert.equal((await rowsPastHorizon(db(), t.deps.config.retention, now)).jobs, 0);
    });

    test('webhook delivery attempts go after 30 days, in batches', async () => {
      const now = t.clock.now();
      const hook = await db()
        .insertInto('webhooks')
        .values({
          rooftop_id: t.rooftopId,
          target_url: 'https://receiver.example/hook',
          secret: 'sealed',
          event_types: '["*"]',
          description: null,
          active: 1,
          disabled_reason: null,
          failing_since: null,
          deleted_at: null,
          created_at: now - 40 * DAY,
          updated_at: now - 40 * DAY,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const attempt = (i: number, at: number) => ({
        webhook_id: Number(hook.id),
        event_id: `00000000-0000-4000-8000-00000000000${i}`,
        event_type: 'move.created',
        attempt: 1,
        status_code: 200,
        duration_ms: 5,
        error: null,
        created_at: at,
      });
      await db()
        .insertInto('webhook_deliveries')
        .values([0, 1, 2, 3, 4].map((i) => attempt(i, now - 30 * DAY - 1 - i)))
        .execute();
      await db()
        .insertInto('webhook_deliveries')
        .values([attempt(8, now - 30 * DAY), attempt(9, now)])
        .execute();

      const report = await t.deps.retention.purge(now);
      assert.deepEqual(report.kinds.webhookDeliveries, { rows: 5, batches: 2 }, '3 + 2');
      const left = await db().selectFrom('webhook_deliveries').select('event_id').orderBy('id').execute();
      assert.deepEqual(
        left.map((r) => r.event_id.slice(-1)),
        ['8', '9'],
      );
    });

    test('an idempotency key is replayed for its 24 hours and purged after them; a live claim stays', async () => {
      const key = `retention-${engine}-${Math.random().toString(36).slice(2)}`;
      const post = async () =>
        t.request('POST', '/v1/one-way-moves', {
          token: await dealer.bearer(),
          headers: { 'idempotency-key': key },
          body: oneWayRequestReadyBy(futureInstant(7, TEST_NOW)),
        });
      const first = await post();
      assert.equal(first.statusCode, 200, first.body);
      const created = t.clock.now();
      const live = { client_id: 'someone', request_hash: 'h', state: 'running' as const, status_code: null, content_type: null, response_body: null };
      // A claim as old as the window whose lease still holds (its request is still running).
      await db()
        .insertInto('idempotency_keys')
        .values({ ...live, key: 'running', created_at: created - 25 * HOUR, locked_until: created + 48 * HOUR })
        .execute();
      for (let i = 0; i < 3; i++) {
        await db()
          .insertInto('idempotency_keys')
          .values({ ...live, key: `old-${i}`, state: 'done', status_code: 200, created_at: created - 24 * HOUR - 1 - i, locked_until: 0 })
          .execute();
      }

      t.clock.set(created + 24 * HOUR - 1);
      assert.equal((await t.deps.retention.purge()).kinds.idempotencyKeys.rows, 3, 'only the three older keys');
      const replay = await post();
      assert.equal(replay.headers['idempotent-replayed'], 'true', 'still replayed at 23:59:59.999');
      assert.equal(replay.body, first.body);

      t.clock.set(created + 24 * HOUR + 1);
      const report = await t.deps.retention.purge();
      assert.deepEqual(report.kinds.idempotencyKeys, { rows: 1, batches: 1 });
      const left = await db().selectFrom('idempotency_keys').select('key').execute();
      assert.deepEqual(left.map((r) => r.key), ['running']);
      t.clock.set(TEST_NOW);
    });

    test("a driver's last position is cleared 30 days after its report; the step positions stay with the move", async () => {
      const now = t.clock.now();
      const driver = (name: string) =>
        db()
          .insertInto('drivers')
          .values({ name, phone: '+18045550134', can_drive_manual: 0, active: 1, sandbox: 0, last_lat: null, last_lon: null, last_located_at: null, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.id));
      const gone = await driver('Gone Quiet');
      const recent = await driver('Still Reporting');
      const moveId = await book();
      const step = { step: 'pickup_started' as const, lat: 37.5, lon: -77.5, odometer: null, fuelLevel: null, notes: null };
      await recordStep(db(), { moveId, driverId: gone, input: step, now: now - 30 * DAY - 1 });
      await updateDriverPosition(db(), recent, 37.6, -77.4, now - 30 * DAY);

      const report = await t.deps.retention.purge(now);
      assert.deepEqual(report.kinds.driverPositions, { rows: 1, batches: 1 });
      const rows = await db().selectFrom('drivers').selectAll().where('id', 'in', [gone, recent]).orderBy('id').execute();
      assert.deepEqual(
        rows.map((r) => [r.last_lat, r.last_lon, r.last_located_at === null ? null : Number(r.last_located_at)]),
        [
          [null, null, null],
          [37.6, -77.4, now - 30 * DAY],
        ],
      );
      assert.equal(Number(rows[0]!.updated_at), now, 'the change shows in updated_at');
      const steps = await db().selectFrom('move_steps').select(['lat', 'lon']).where('move_id', '=', moveId).execute();
      assert.deepEqual(steps, [{ lat: 37.5, lon: -77.5 }], 'the step keeps where it happened');
    });

    test("a move's trail goes 30 days after each report, customers' replies 90 days after they came; younger ones stay", async () => {
      const now = t.clock.now();
      const moveId = await book();
      const driverId = Number(
        (
          await db()
            .insertInto('drivers')
            .values({ name: 'Trail Maker', phone: '+18045550134', can_drive_manual: 0, active: 1, sandbox: 0, last_lat: null, last_lon: null, last_located_at: null, created_at: now, updated_at: now })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
      const point = (recordedAt: number) => ({ driver_id: driverId, move_id: moveId, lat: 37.5, lon: -77.5, recorded_at: recordedAt });
      await db().insertInto('driver_positions').values([point(now - 30 * DAY - 2), point(now - 30 * DAY - 1), point(now - 30 * DAY), point(now)]).execute();
      const text = (sid: string, receivedAt: number, withMove = true) => ({
        move_id: withMove ? moveId : null, from_phone: '+18045550134', body: sid, provider: 'twilio', provider_message_id: sid, received_at: receivedAt,
      });
      await db()
        .insertInto('sms_replies')
        .values([text('old', now - 90 * DAY - 1), text('old-unmatched', now - 91 * DAY, false), text('day-90', now - 90 * DAY), text('fresh', now, false)])
        .execute();
      const due = await rowsPastHorizon(db(), t.deps.config.retention, now);
      assert.deepEqual([due.driverTrail, due.smsReplies], [2, 2]);

      const report = await t.deps.retention.purge(now);
      assert.deepEqual(report.kinds.driverTrail, { rows: 2, batches: 1 });
      assert.deepEqual(report.kinds.smsReplies, { rows: 2, batches: 1 });
      const trail = await db().selectFrom('driver_positions').select('recorded_at').where('move_id', '=', moveId).orderBy('id').execute();
      assert.deepEqual(trail.map((r) => Number(r.recorded_at)), [now - 30 * DAY, now]);
      const replies = await db().selectFrom('sms_replies').select('body').orderBy('id').execute();
      assert.deepEqual(replies.map((r) => r.body), ['day-90', 'fresh']);
      const counts = await rowsPastHorizon(db(), t.deps.config.retention, now);
      assert.deepEqual([counts.driverTrail, counts.smsReplies], [0, 0]);
    });

    test('a quote goes a day after it expired; one still usable, or expired less than a day ago, stays', async () => {
      const now = t.clock.now();
      const quote = (id: string, expiresAt: number) =>
        db().insertInto('quotes').values({ id, client_id: 'c', rooftop_id: t.rooftopId, body_sha256: 'x', quote: '[]', expires_at: expiresAt, created_at: expiresAt - 15 * 60_000 }).execute();
      await quote('old', now - DAY - 1);
      await quote('yesterday', now - DAY + 1);
      await quote('fresh', now + 60_000);
      const report = await t.deps.retention.purge(now);
      assert.deepEqual(report.kinds.quotes, { rows: 1, batches: 1 });
      const left = await db().selectFrom('quotes').select('id').orderBy('id').execute();
      assert.deepEqual(left.map((r) => r.id), ['fresh', 'yesterday']);
    });

    test('events go after the 90-day catch-up window, sequenced or not, but the newest sequenced one stays so cursors hold', async () => {
      await db().deleteFrom('events').execute();
      t.clock.set(TEST_NOW);
      for (let i = 0; i < 4; i++) await book();
      const listed = await dealer.request('GET', '/v1/events?limit=500');
      assert.equal(listed.statusCode, 200);
      const old = listed.json().events as { id: string }[];
      assert.equal(old.length, 4);
      const newestOld = await db().selectFrom('events').select(['id', 'log_position']).orderBy('log_position', 'desc').executeTakeFirstOrThrow();
      await book(); // never listed: no log position yet

      t.clock.set(TEST_NOW + 90 * DAY);
      assert.equal((await t.deps.retention.purge()).kinds.events.rows, 0, 'not one millisecond early');

      t.clock.set(TEST_NOW + 91 * DAY);
      const report = await t.deps.retention.purge();
      assert.deepEqual(report.kinds.events, { rows: 4, batches: 2 }, 'three older sequenced + the unsequenced one');
      const left = await db().selectFrom('events').select('id').execute();
      assert.deepEqual(left.map((r) => r.id), [newestOld.id]);
      assert.equal((await rowsPastHorizon(db(), t.deps.config.retention, t.clock.now())).events, 0, 'the kept one is not overdue');
      assert.equal((await dealer.request('GET', `/v1/events/${old[0]!.id}`)).statusCode, 404);

      // The sequencer numbers on from the kept event: a reader's cursor from before still sees what is new.
      const moveId = await book();
      const page = await dealer.request('GET', `/v1/events?cursor=e${newestOld.log_position}`);
      assert.equal(page.statusCode, 200, page.body);
      const fresh = page.json().events as { data: { move: { move_id: number } } }[];
      assert.deepEqual(
        fresh.map((e) => e.data.move.move_id),
        [moveId],
      );
      t.clock.set(TEST_NOW);
    });
  });
}
