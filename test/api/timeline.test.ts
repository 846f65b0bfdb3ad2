// GET /v1/moves/:id/timeline: a priced Concierge + Loaner walked through every step, with a
// webhook subscription whose receiver fails once, the driver's position reports, customer texts, a
// reply and a STOP: the timeline of either leg lists each kind of item of both legs in order with
// who did it; pages of any size give every item once in the same order as one big page; another
// rooftop's caller gets move_invalid; bad query input is a §4 error at the parameter. Then the
// trail: an hour of reports every 30 s is shown sampled (the first of each 2-minute span and the
// latest), and nothing is kept of reports made off duty.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Value } from 'typebox/value';
import type { Worker } from '../../src/jobs/worker.ts';
import { receiveText } from '../../src/modules/sms/sms-inbound.ts';
import { TRAIL_SAMPLE_MS } from '../../src/modules/timeline/timeline-items.ts';
import { TimelineSchema } from '../../src/modules/timeline/timeline.schemas.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { completeSlot, uploadPhoto } from '../support/inspection.ts';
import { addCaller, addDriver, assertError, book, bookCase, type Caller, dispatchOk, type Doc, ONE_WAY } from '../support/lifecycle.ts';
import { position, sendStep, STEPS, stepsOk, type TestDriver } from '../support/lifecycle.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const SECRET = 'whsec_timeline_test_secret_42';
const MINUTE = 60_000;
const BANDS = [
  { rate: 45.01, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 25 },
  { rate: 1.5, type: 'per', class: 'stranded', distance_start: 25, distance_end: 250 },
  { rate: 0.99, type: 'per', class: 'base', distance_start: 0, distance_end: 250 },
];

async function drain(worker: Worker): Promise<void> {
  for (let i = 0; i < 200; i++) if ((await worker.runOnce()) === 0) return;
  assert.fail('jobs kept coming');
}

for (const engine of engines()) {
  describe(`a move's timeline on ${engine}`, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    let dealer: Caller;
    let ops: Caller;
    let driver: TestDriver;
    let ids: number[];
    let webhookUrl: string;

    const timelineOf = async (moveId: number, query = '', caller: Caller = dealer) => {
      const res = await caller.request('GET', `/v1/moves/${moveId}/timeline${query}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(Value.Check(TimelineSchema, res.json()), JSON.stringify([...Value.Errors(TimelineSchema, res.json())].slice(0, 3)));
      return res.json() as { timeline: Doc[]; next_cursor: string | null };
    };

    before(async () => {
      t = await startTestApp(engine, { WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1' });
      receiver = await startReceiver(SECRET);
      const desk = await addCaller(t, 'ops', 'all');
      const contract = await desk.request('POST', '/v1/ops/contracts', {
        rooftop: t.rooftopId, begin_date: '2026-03-01', end_date: '2026-03-31', mileage_bands: BANDS, accessorials: {},
      });
      assert.equal(contract.statusCode, 201, contract.body);
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      ops = await addCaller(t, 'ops', [t.rooftopId]);
      driver = await addDriver(t, desk, { name: 'Sam Rivera' });
      webhookUrl = receiver.url();
      const sub = await dealer.request('POST', '/v1/webhooks', { target_url: webhookUrl, secret: SECRET, event_types: ['*'] });
      assert.equal(sub.statusCode, 200, sub.body);
      // The first delivery fails: the timeline shows the 500 and the retry's 200.
      receiver.failFirst(1, 500);

      ({ ids } = await book(dealer, '/v1/concierge-loaner-moves', conciergeLoanerRequest(), ['loaner_move', 'customer_move']));
      await drain(t.deps.worker);
      t.clock.advance(MINUTE);
      await dispatchOk(ops, ids[0]!, driver.driverId);
      for (const moveId of ids) {
        for (const step of STEPS) {
          t.clock.advance(MINUTE);
          if (step === 'pickup_successful' && moveId === ids[0]) assert.equal((await uploadPhoto(driver.app, moveId, 'pickup', 'front')).statusCode, 201);
          if (step.endsWith('_successful')) await completeSlot(driver.app, moveId, step.startsWith('pickup') ? 'pickup' : 'delivery');
          t.clock.advance(MINUTE);
          const res = await sendStep(driver.app, moveId, { step, ...position, odometer: 12_000 });
          assert.equal(res.statusCode, 200, res.body);
          if (step === 'pickup_started') {
            t.clock.advance(MINUTE / 2);
            const ping = await driver.app.request('POST', '/v1/driver/location', { lat: 37.55, lon: -77.45 });
            assert.equal(ping.statusCode, 200, ping.body);
          }
        }
      }
      t.clock.advance(MINUTE);
      await drain(t.deps.worker);
      t.clock.advance(30 * MINUTE);
      await drain(t.deps.worker);
      // The customer answers (through POST /v1/sms/inbound's own handling; its signature is sms-inbound.test.ts's), then sends STOP.
      const text = (body: string, sid: string) => receiveText(t.deps.database, { from: '(888) 888-8888', body, providerMessageId: sid, provider: 'twilio', now: t.clock.now() });
      t.clock.advance(MINUTE);
      await text('Thanks, the keys are with the front desk', 'SM-timeline-1');
      t.clock.advance(MINUTE);
      await text('STOP', 'SM-timeline-2');
    });
    after(async () => {
      await receiver.stop();
      await t.close();
    });

    test('either leg: every kind of item of both legs, in order, each with its actor', async () => {
      const { timeline, next_cursor } = await timelineOf(ids[1]!, '?limit=500');
      assert.equal(next_cursor, null);
      assert.deepEqual((await timelineOf(ids[0]!, '?limit=500')).timeline, timeline, 'the same timeline from either leg');

      const ats = timeline.map((i) => Date.parse(i.at));
      assert.deepEqual(ats, [...ats].sort((a, b) => a - b), 'oldest first');
      assert.equal(new Set(timeline.map((i) => i.id)).size, timeline.length, 'ids are unique');
      const types = new Set(timeline.map((i) => i.type));
      for (const type of ['move.created', 'charge.quoted', 'move.dispatched', 'driver.position', 'move.pickup.started', 'photo.received',
        'condition_report.signed', 'move.delivery.successful', 'sms.message', 'webhook.delivery', 'sms.opted_out', 'driver.location', 'sms.reply']) {
        assert.ok(types.has(type), `${type} is listed: ${[...types].join(', ')}`);
      }
      const first = (type: string, moveId?: number) => timeline.findIndex((i) => i.type === type && (moveId === undefined || i.move_id === moveId));
      const [leg0, leg1] = ids as [number, number];
      assert.ok(first('move.created') < first('move.dispatched'));
      assert.ok(first('move.dispatched') < first('move.pickup.started', leg0));
      assert.ok(first('move.delivery.successful', leg0) < first('move.pickup.started', leg1), 'leg 0 before leg 1');
      assert.equal(timeline.at(-1)!.type, 'sms.opted_out');

      const created = timeline.filter((i) => i.type === 'move.created');
      assert.deepEqual(created.map((i) => i.move_id), [leg0, leg1]);
      assert.deepEqual(created[0]!.actor, { kind: 'client', id: dealer.clientId, name: null });
      assert.deepEqual(timeline[first('move.dispatched')]!.actor, { kind: 'ops', id: null, name: null });
      const started = timeline[first('move.pickup.started', leg1)]!;
      assert.deepEqual(started.actor, { kind: 'driver', id: String(driver.driverId), name: 'Sam Rivera' });
      assert.equal(started.data.status, 'pickup started');
      // Photos and signatures name the driver whose app uploaded them (photos.uploaded_by_driver_id).
      const uploads = timeline.filter((i) => i.type === 'photo.received');
      assert.deepEqual(uploads.map((u) => u.data.kind).sort(), ['photo', 'signature', 'signature', 'signature', 'signature']);
      for (const u of uploads) assert.deepEqual(u.actor, { kind: 'driver', id: String(driver.driverId), name: 'Sam Rivera' }, `${u.data.kind} ${u.id}`);
      const positions = timeline.filter((i) => i.type === 'driver.position');
      assert.equal(positions.length, 12, 'one per step of each leg');
      assert.deepEqual(positions[0]!.data, { step: 'pickup_started', lat: position.lat, lon: position.lon, odometer: 12_000, fuel_level: null, notes: null });
      assert.ok(positions.every((p) => p.actor.kind === 'driver' && p.actor.id === String(driver.driverId)));

      const reports = timeline.filter((i) => i.type === 'condition_report.signed');
      assert.equal(reports.length, 4, 'pickup and delivery of both legs');
      const quoted = timeline.filter((i) => i.type === 'charge.quoted');
      assert.equal(quoted.length, 2);
      assert.ok(quoted.every((q) => q.data.quoted_amount > 0 && q.actor.kind === 'system'));

      const texts = timeline.filter((i) => i.type === 'sms.message');
      assert.ok(texts.length >= 3, 'confirmation, on the way, arrived, delivered');
      assert.ok(texts.every((s) => s.data.status === 'sent' && s.actor.kind === 'system'));
      const attempts = timeline.filter((i) => i.type === 'webhook.delivery');
      const failed = attempts.filter((a) => !a.data.succeeded);
      assert.equal(failed.length, 1);
      assert.equal(failed[0]!.data.status_code, 500);
      assert.ok(attempts.some((a) => a.data.event_id === failed[0]!.data.event_id && a.data.attempt === 2 && a.data.status_code === 200), 'its retry');
      assert.ok(attempts.every((a) => a.data.target_url === webhookUrl));
      const events = timeline.filter((i) => i.id.startsWith('event:'));
      assert.equal(attempts.filter((a) => a.data.succeeded).length, events.length, 'every event delivered once');
      assert.deepEqual(timeline.find((i) => i.type === 'sms.opted_out')!.actor, { kind: 'customer', id: null, name: null });

      const replies = timeline.filter((i) => i.type === 'sms.reply');
      assert.deepEqual(
        replies.map((r) => [r.move_id, r.data.from, r.data.body, r.actor.kind]),
        [
          [leg1, '+18888888888', 'Thanks, the keys are with the front desk', 'customer'],
          [leg1, '+18888888888', 'STOP', 'customer'],
        ],
        'matched to the move of the last text sent to the number (the delivered one of leg 1)',
      );
      const lastText = timeline.map((i) => i.type).lastIndexOf('sms.message');
      assert.equal(timeline[lastText]!.move_id, leg1);
      assert.ok(first('sms.reply') > lastText, 'after the text it answers');

      const locations = timeline.filter((i) => i.type === 'driver.location');
      assert.deepEqual(locations.map((l) => [l.move_id, l.data]), [[leg0, { lat: 37.55, lon: -77.45 }], [leg1, { lat: 37.55, lon: -77.45 }]]);
      assert.ok(locations.every((l) => l.actor.kind === 'driver' && l.actor.id === String(driver.driverId) && l.actor.name === 'Sam Rivera'));
      assert.ok(first('driver.location', leg0) > first('move.pickup.started', leg0) && first('driver.location', leg0) < first('move.pickup.arrived', leg0));
    });

    test('pages of any size list every item once, in the order of one big page', async () => {
      const all = (await timelineOf(ids[0]!, '?limit=500')).timeline.map((i) => i.id);
      for (const limit of [1, 7, 50]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { timeline: Doc[]; next_cursor: string | null } = await timelineOf(ids[0]!, `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
          assert.ok(page.timeline.length <= limit);
          seen.push(...page.timeline.map((i) => i.id));
          cursor = page.next_cursor;
        } while (cursor !== null);
        assert.deepEqual(seen, all, `pages of ${limit}`);
      }
      assert.equal((await timelineOf(ids[0]!)).timeline.length, Math.min(all.length, 100), 'default limit 100');
    });

    test("another rooftop's caller gets move_invalid; a driver is refused as on GET /v1/moves/:id", async () => {
      const other = await addCaller(t, 'dealer', [await t.addRooftop({ name: 'Other Motors' })]);
      const res = await other.request('GET', `/v1/moves/${ids[0]}/timeline`);
      assertError(res, 404, 'move_invalid');
      assertError(await dealer.request('GET', '/v1/moves/99999999/timeline'), 404, 'move_invalid');
      assertError(await dealer.request('GET', '/v1/moves/abc/timeline'), 404, 'move_invalid');
      const asDriver = await driver.app.request('GET', `/v1/moves/${ids[0]}/timeline`);
      const move = await driver.app.request('GET', `/v1/moves/${ids[0]}`);
      assert.equal(asDriver.statusCode, move.statusCode);
      assert.equal(asDriver.json().code, move.json().code);
    });

    test('bad query input is a 400 at each parameter, and a tampered cursor is refused', async () => {
      const get = (q: string) => dealer.request('GET', `/v1/moves/${ids[0]}/timeline${q}`);
      assertError(await get('?limit=0'), 400, 'field_invalid', [['field_invalid', 'limit']]);
      assertError(await get('?limit=501'), 400, 'field_invalid', [['field_invalid', 'limit']]);
      assertError(await get('?limit=x&cursor=nope'), 400, 'field_invalid', [['field_invalid', 'limit'], ['field_invalid', 'cursor']]);
      const { next_cursor } = await timelineOf(ids[0]!, '?limit=3');
      assert.ok(next_cursor);
      const text = Buffer.from(next_cursor, 'base64url').toString('utf8');
      const edited = Buffer.from(text.replace(/\.(\d)\./, (_m, r) => `.${(Number(r) + 1) % 10}.`), 'utf8').toString('base64url');
      assertError(await get(`?cursor=${edited}`), 400, 'field_invalid', [['field_invalid', 'cursor']]);
      assertError(await get(`?cursor=${next_cursor.slice(0, -2)}`), 400, 'field_invalid', [['field_invalid', 'cursor']]);
      assertError(await get(`?cursor=${'A'.repeat(200)}`), 400, 'field_invalid', [['field_invalid', 'cursor']]);
      assert.equal((await get('?limit=2&unknown=1')).statusCode, 200, 'unknown parameters are ignored (spec §2)');
    });
  });
}

for (const engine of engines()) {
  describe(`a move's trail on ${engine}`, () => {
    let t: TestApp;
    let dealer: Caller;
    let ops: Caller;
    let driver: TestDriver;
    before(async () => {
      t = await startTestApp(engine);
      const desk = await addCaller(t, 'ops', 'all');
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      ops = await addCaller(t, 'ops', [t.rooftopId]);
      driver = await addDriver(t, desk, { name: 'Sam Rivera' });
    });
    after(() => t.close());

    const report = async (lat: number) => {
      const res = await driver.app.request('POST', '/v1/driver/location', { lat, lon: -77.45 });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(Date.parse(res.json().located_at), Math.floor(t.clock.now() / 1000) * 1000);
    };
    const trailRows = async () => Number((await t.deps.database.db.selectFrom('driver_positions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const lastLocated = async () =>
      Number((await t.deps.database.db.selectFrom('drivers').select('last_located_at').where('id', '=', driver.driverId).executeTakeFirstOrThrow()).last_located_at);

    test('an hour of reports every 30 s: the first of each 2-minute span and the latest, in order; nothing kept off duty', async () => {
      // Off duty: no move, then a move dispatched but not set out on. The last position still moves.
      await report(37.1);
      const [moveId] = (await bookCase(dealer, ONE_WAY)).ids as [number];
      await dispatchOk(ops, moveId, driver.driverId);
      t.clock.advance(MINUTE);
      await report(37.2);
      assert.equal(await lastLocated(), t.clock.now());
      assert.equal(await trailRows(), 0, 'nothing kept before the driver sets out');

      await stepsOk(driver.app, moveId, ['pickup_started']);
      // Start on a span's edge so the sampled count is exact: spans 0..29 each give their first report (i = 4k).
      const start = Math.ceil((t.clock.now() + 1) / TRAIL_SAMPLE_MS) * TRAIL_SAMPLE_MS;
      assert.equal(TRAIL_SAMPLE_MS, 2 * MINUTE);
      for (let i = 0; i < 120; i++) {
        t.clock.set(start + i * 30_000);
        await report(37.3 + i / 10_000);
      }
      assert.equal(await trailRows(), 120, 'every report under way is kept');

      const locationsOf = async (limit: number) => {
        const ids: string[] = [];
        const items: Doc[] = [];
        let cursor: string | null = null;
        do {
          const res = await dealer.request('GET', `/v1/moves/${moveId}/timeline?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
          assert.equal(res.statusCode, 200, res.body);
          const page = res.json() as { timeline: Doc[]; next_cursor: string | null };
          ids.push(...page.timeline.map((i) => i.id));
          items.push(...page.timeline.filter((i) => i.type === 'driver.location'));
          cursor = page.next_cursor;
        } while (cursor !== null);
        return { ids, items };
      };
      const { ids, items } = await locationsOf(500);
      const sampled = [...Array.from({ length: 30 }, (_, k) => 4 * k), 119];
      assert.deepEqual(
        items.map((l) => [Date.parse(l.at), l.data.lat]),
        sampled.map((i) => [start + i * 30_000, 37.3 + i / 10_000]),
        'one per 2-minute span, oldest first, and the latest report',
      );
      assert.ok(items.every((l) => l.move_id === moveId && l.actor.kind === 'driver' && l.actor.id === String(driver.driverId)));
      assert.deepEqual((await locationsOf(7)).ids, ids, 'pages of 7 give the same items');

      // The step positions are still shown, each with its step.
      t.clock.advance(30_000);
      await stepsOk(driver.app, moveId, ['pickup_arrived', 'pickup_successful', 'delivery_started', 'delivery_arrived', 'delivery_successful']);
      const after = (await dealer.request('GET', `/v1/moves/${moveId}/timeline?limit=500`)).json().timeline as Doc[];
      assert.equal(after.filter((i) => i.type === 'driver.position').length, 6);

      // Delivered: off duty again.
      t.clock.advance(MINUTE);
      await report(37.9);
      assert.equal(await lastLocated(), t.clock.now());
      assert.equal(await trailRows(), 120, 'nothing kept after the delivery');
    });
  });
}
