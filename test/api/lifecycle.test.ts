// The move lifecycle end to end (spec §7, §8), once per move type: book → dispatch → every driver
// step of every leg, in order → delivery successful. After each step the test reads the move the
// way each party does — the step response (the driver), GET /v1/moves/:id (the dealer), GET
// /v1/driver/moves (the driver's work list) and the event log — and checks they tell one story:
// statuses, timestamps set once and never changed, the tracking link and driver, events numbered
// 1, 2, 3… per move, each carrying the document as it was at that moment.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PUBLIC_URL, startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import {
  addCaller,
  addDriver,
  assertDriverViewKeys,
  assertError,
  bookCase,
  type Caller,
  countRows,
  dispatch,
  dispatchOk,
  type Doc,
  documentOf,
  driverMoves,
  driverView,
  EVENT_OF,
  eventRows,
  iso,
  ISO_SECONDS,
  MOVE_TYPE_CASES,
  type MoveRole,
  ONE_WAY,
  position,
  sendStep,
  STATUS_OF,
  type StepBody,
  type StepName,
  stepRows,
  STEPS,
  type TestDriver,
} from '../support/lifecycle.ts';
import { completeSlot } from '../support/inspection.ts';
import { oneWayRequest, oneWayRequestReadyBy } from '../support/requests.ts';

/** Between two actions the clock moves on by a little over five minutes, so every timestamp differs. */
const GAP_MS = 5 * 60_000 + 7_000;
const TRACKING_LINK = new RegExp(`^${PUBLIC_URL.replace(/[.]/g, '\\.')}/track/[A-Za-z0-9_-]{16,}$`);

/**
 * What the driver sends with step `i` of leg `leg`: always a position (a different one each time);
 * odometer, fuel level and notes on some steps, at their bounds on some (fuel 0 and 100), and one
 * note padded with blanks, which are trimmed (spec §2).
 */
function stepBody(leg: number, i: number, step: StepName): StepBody {
  const body: StepBody = { step, lat: 37.47 + leg * 0.03 + i * 0.005, lon: -77.58 + i * 0.02 };
  const odometer = 48_211.4 + leg * 25 + i;
  switch (step) {
    case 'pickup_started':
      return body;
    case 'pickup_arrived':
      return { ...body, notes: '  Customer waiting at the curb  ' };
    case 'pickup_successful':
      return { ...body, odometer, fuel_level: 62.5, notes: 'Scratch on rear bumper, photographed' };
    case 'delivery_started':
      return { ...body, fuel_level: 0 };
    case 'delivery_arrived':
      return { ...body, odometer };
    case 'delivery_successful':
      return { ...body, odometer, fuel_level: 100, notes: 'Keys handed to the service desk' };
  }
}

interface Leg {
  role: MoveRole;
  id: number;
  status: string | null;
  /** The timestamp each step set, as first seen: it must never change afterwards. */
  stamps: Partial<Record<StepName, string>>;
  trackingLink: string | null;
  /** The events this move must have, in order; data null until the document of that moment is read. */
  events: { type: string; at: number; data: string | null }[];
  steps: Record<string, unknown>[];
}

for (const engine of engines()) {
  describe(`move lifecycle end to end on ${engine}`, () => {
    let t: TestApp;
    let dealer: Caller;
    let ops: Caller;
    /** The all-rooftops dispatch desk: it makes the drivers and sees where they are at any time. */
    let desk: Caller;
    before(async () => {
      t = await startTestApp(engine);
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      ops = await addCaller(t, 'ops', [t.rooftopId]);
      desk = await addCaller(t, 'ops', 'all');
    });
    after(() => t.close());

    for (const type of MOVE_TYPE_CASES) {
      test(`${type.name}: book, dispatch, every step of every leg in order, to delivery successful`, async () => {
        t.clock.advance(3 * 60 * 60_000); // each move type in its own stretch of time

        // ── book ──
        const booked = await bookCase(dealer, type);
        assert.equal(booked.doc.usecase_key, type.usecaseKey);
        const legs: Leg[] = type.legs.map((role, i) => ({
          role,
          id: booked.ids[i]!,
          status: null,
          stamps: {},
          trackingLink: null,
          events: [{ type: 'move.created', at: t.clock.now(), data: booked.raw }],
          steps: [],
        }));

        // The driver, and two one-way moves of theirs that bracket this booking in time: booked
        // after it (higher ids), one ready a day earlier and one a day later, so the driver's list
        // is in driving order only if it is ordered by time rather than by id.
        const driver: TestDriver = await addDriver(t, desk, { name: `Dana ${type.name}`, canDriveManual: true });
        const early = await bookCase(dealer, ONE_WAY, oneWayRequestReadyBy('2026-03-24T14:00:00Z'));
        const late = await bookCase(dealer, ONE_WAY, oneWayRequestReadyBy('2026-03-26T14:00:00Z'));
        await dispatchOk(ops, late.ids[0]!, driver.driverId);
        await dispatchOk(ops, early.ids[0]!, driver.driverId);
        const earlyDoc = JSON.parse(await documentOf(dealer, early.ids[0]!));
        const lateDoc = JSON.parse(await documentOf(dealer, late.ids[0]!));
        const earlyView = driverView(earlyDoc, early.ids[0]!);
        const lateView = driverView(lateDoc, late.ids[0]!);

        /** Reads the move as the dealer, the event log and the driver see it; checks all against `legs`. */
        async function verify(when: string): Promise<{ raw: string; doc: Doc }> {
          const raws = await Promise.all(legs.map((l) => documentOf(dealer, l.id)));
          for (const r of raws) assert.equal(r, raws[0], `${when}: every move of the scenario reads one document`);
          const raw = raws[0]!;
          const doc = JSON.parse(raw);
          for (const leg of legs) {
            const m = doc[leg.role];
            const at = `${when}: ${leg.role}`;
            assert.equal(m.move_id, leg.id, at);
            assert.equal(m.status, leg.status, `${at}.status`);
            assert.equal(m.cancel_status, null, `${at}.cancel_status`);
            for (const s of STEPS) assert.equal(m[s], leg.stamps[s] ?? null, `${at}.${s} (set once, never changed)`);
            if (leg.status === null) {
              assert.equal(m.tracking_link, null, `${at}.tracking_link is null until dispatched`);
              assert.equal(m.driver_name, null, `${at}.driver_name`);
            } else {
              assert.match(String(m.tracking_link), TRACKING_LINK, `${at}.tracking_link`);
              leg.trackingLink ??= m.tracking_link;
              assert.equal(m.tracking_link, leg.trackingLink, `${at}.tracking_link never changes`);
              assert.equal(m.driver_name, driver.name, `${at}.driver_name`);
            }

            // The event log: the expected types in order, numbered 1, 2, 3…, each with the
            // document of its moment (the newest one: the document just read).
            for (const e of leg.events) e.data ??= raw;
            const rows = await eventRows(t, leg.id);
            assert.deepEqual(
              rows.map((r) => r.type),
              leg.events.map((e) => e.type),
              `${at}: event types in order`,
            );
            assert.deepEqual(
              rows.map((r) => r.sequence),
              rows.map((_, i) => i + 1),
              `${at}: sequences 1, 2, 3… without gaps`,
            );
            rows.forEach((r, i) => {
              assert.equal(r.data, leg.events[i]!.data, `${at}: data of event ${i + 1} (${r.type}) is the document of its moment`);
              assert.equal(r.created_at, leg.events[i]!.at, `${at}: created of event ${i + 1} (${r.type})`);
              assert.equal(r.rooftop_id, t.rooftopId);
            });
          }

          // The driver's list: unfinished moves, in driving order.
          const expected = [
            earlyView,
            ...legs.filter((l) => l.status !== null && l.status !== 'delivery successful').map((l) => driverView(doc, l.id)),
            lateView,
          ];
          const list = await driverMoves(driver.app);
          assert.deepEqual(
            list.map((m) => m.move_id),
            expected.map((m) => m.move_id),
            `${when}: the driver's moves, in driving order`,
          );
          assert.deepEqual(list, expected, `${when}: the driver's moves as the driver sees them`);
          for (const item of list) {
            assertDriverViewKeys(item, item.move_id === early.ids[0] ? earlyDoc : item.move_id === late.ids[0] ? lateDoc : doc);
          }
          return { raw, doc };
        }

        const first = await verify('booked');
        assert.equal(first.raw, booked.raw, 'GET returns the booking response, byte for byte');

        // ── dispatch (from the last leg: any move of the scenario dispatches all of them) ──
        t.clock.advance(GAP_MS);
        const dispatched = await dispatch(ops, legs.at(-1)!.id, driver.driverId);
        assert.equal(dispatched.statusCode, 200, dispatched.body);
        for (const leg of legs) {
          leg.status = 'dispatched';
          leg.events.push({ type: 'move.dispatched', at: t.clock.now(), data: dispatched.body });
        }
        const afterDispatch = await verify('dispatched');
        assert.equal(afterDispatch.raw, dispatched.body, 'dispatch answers the scenario document');

        // ── every step of every leg, in order ──
        for (const [li, leg] of legs.entries()) {
          for (const [si, step] of STEPS.entries()) {
            t.clock.advance(GAP_MS);
            const at = t.clock.now();
            const body = stepBody(li, si, step);
            // The default workflow: a slot's report and signature before its `_successful` step.
            if (step.endsWith('_successful')) await completeSlot(driver.app, leg.id, step === 'pickup_successful' ? 'pickup' : 'delivery');
            const res = await sendStep(driver.app, leg.id, body);
            assert.equal(res.statusCode, 200, `${leg.role} ${step}: ${res.body}`);

            leg.status = STATUS_OF[step];
            leg.stamps[step] = iso(at);
            leg.events.push({ type: EVENT_OF[step], at, data: null });
            // A signed delivery with every photo stored: the evidence pack is ready.
            if (step === 'delivery_successful') leg.events.push({ type: 'move.bol.ready', at, data: null });
            leg.steps.push({
              driver_id: driver.driverId,
              step,
              lat: body.lat,
              lon: body.lon,
              odometer: body.odometer ?? null,
              fuel_level: body.fuel_level ?? null,
              notes: body.notes?.trim() ?? null,
              created_at: at,
            });
            const { doc } = await verify(`after ${leg.role} ${step}`);

            // The step answers the driver's view of the move, as it now is.
            const answer = res.json();
            assert.equal(answer.status, STATUS_OF[step]);
            assert.equal(answer[step], iso(at));
            assert.match(answer[step], ISO_SECONDS);
            assert.deepEqual(answer, driverView(doc, leg.id), `${leg.role} ${step}: the step response`);
            assertDriverViewKeys(answer, doc);
          }
        }

        // ── the end: every leg delivered, the driver's list back to the two other moves ──
        const final = await verify('delivered');
        for (const leg of legs) {
          assert.equal(final.doc[leg.role].status, 'delivery successful');
          assert.equal(leg.events.length, 2 + STEPS.length + 1);
          assert.deepEqual(await stepRows(t, leg.id), leg.steps, `${leg.role}: move_steps keep what the driver sent`);
        }
        const stamps = legs.flatMap((l) => STEPS.map((s) => l.stamps[s]!));
        assert.deepEqual([...stamps].sort(), stamps, 'the legs were driven in order, each step after the one before');
        assert.equal(new Set(stamps).size, stamps.length);

        // The driver's last position is the last step's.
        const last = legs.at(-1)!.steps.at(-1)!;
        const d = await desk.request('GET', `/v1/ops/drivers/${driver.driverId}`);
        assert.equal(d.statusCode, 200, d.body);
        assert.deepEqual(d.json().last_location, { lat: last.lat, lon: last.lon, at: iso(last.created_at as number) });

        // GET /v1/events tells the same story as the log, for the dealer and for ops.
        for (const reader of [dealer, ops]) {
          const res = await reader.request('GET', '/v1/events?limit=500');
          assert.equal(res.statusCode, 200, res.body);
          assert.equal(res.json().next_cursor, null, 'fewer than 500 events in this test app');
          const rows = (await Promise.all(legs.map((l) => eventRows(t, l.id)))).flat().sort((a, b) => a.position - b.position);
          const ids = new Set(rows.map((r) => r.id));
          const listed = (res.json().events as Doc[]).filter((e) => ids.has(e.id));
          assert.deepEqual(
            listed,
            rows.map((r) => ({
              id: r.id,
              object: 'event',
              type: r.type,
              version: '1.0.0',
              created: iso(r.created_at),
              sequence: r.sequence,
              data: JSON.parse(r.data),
            })),
          );
        }
      });
    }

    describe('dispatch', () => {
      let a: TestDriver;
      let b: TestDriver;
      before(async () => {
        a = await addDriver(t, desk, { name: 'Alex Able', canDriveManual: true });
        b = await addDriver(t, desk, { name: 'Blair Baker', canDriveManual: true });
      });

      test('a pair is dispatched whole from either leg; again to the same driver is a silent no-op; to another driver moves both legs', async () => {
        t.clock.advance(3 * 60 * 60_000);
        const pair = await bookCase(dealer, MOVE_TYPE_CASES.find((c) => c.name === 'round-trip')!);
        const [leg0, leg1] = pair.ids as [number, number];

        // From leg 1: both legs go to A, each with a tracking link and a move.dispatched event.
        t.clock.advance(GAP_MS);
        const first = await dispatch(ops, leg1, a.driverId);
        assert.equal(first.statusCode, 200, first.body);
        assert.equal(first.body, await documentOf(dealer, leg0));
        const doc1 = first.json();
        for (const role of ['move_one', 'move_two']) {
          assert.equal(doc1[role].status, 'dispatched');
          assert.equal(doc1[role].driver_name, 'Alex Able');
          assert.match(doc1[role].tracking_link, TRACKING_LINK);
        }
        for (const id of [leg0, leg1]) {
          assert.deepEqual(
            (await eventRows(t, id)).map((e) => [e.type, e.sequence, e.data]),
            [
              ['move.created', 1, pair.raw],
              ['move.dispatched', 2, first.body],
            ],
          );
        }
        assert.deepEqual((await driverMoves(a.app)).map((m) => m.move_id), [leg0, leg1]);

        // Again to A, from leg 0: nothing changes and nothing is said.
        t.clock.advance(GAP_MS);
        const events = await countRows(t, 'events');
        const again = await dispatch(ops, leg0, a.driverId);
        assert.equal(again.statusCode, 200, again.body);
        assert.equal(again.body, first.body, 'the same document, byte for byte');
        assert.equal(await documentOf(dealer, leg1), first.body);
        assert.equal(await countRows(t, 'events'), events, 'no event');

        // To B: both legs move, keep their status and tracking links, and say so once each.
        t.clock.advance(GAP_MS);
        const moved = await dispatch(ops, leg0, b.driverId);
        assert.equal(moved.statusCode, 200, moved.body);
        const doc2 = moved.json();
        for (const role of ['move_one', 'move_two']) {
          assert.equal(doc2[role].status, 'dispatched');
          assert.equal(doc2[role].driver_name, 'Blair Baker');
          assert.equal(doc2[role].tracking_link, doc1[role].tracking_link, `${role}: the tracking link stays`);
        }
        assert.equal(moved.body, await documentOf(dealer, leg1));
        for (const id of [leg0, leg1]) {
          const rows = await eventRows(t, id);
          assert.deepEqual(
            rows.map((e) => [e.type, e.sequence, e.data, e.created_at]),
            [
              ['move.created', 1, pair.raw, rows[0]!.created_at],
              ['move.dispatched', 2, first.body, rows[1]!.created_at],
              ['move.dispatched', 3, moved.body, t.clock.now()],
            ],
          );
        }
        assert.equal(await countRows(t, 'events'), events + 2);
        assert.deepEqual((await driverMoves(a.app)).map((m) => m.move_id), [], 'A no longer has them');
        assert.deepEqual((await driverMoves(b.app)).map((m) => m.move_id), [leg0, leg1], 'B has both, in order');
        assertError(await sendStep(a.app, leg0, { step: 'pickup_started', ...position }), 404, 'move_invalid');
        const started = await sendStep(b.app, leg0, { step: 'pickup_started', ...position });
        assert.equal(started.statusCode, 200, started.body);
        assert.equal(started.json().driver_name, 'Blair Baker');
      });

      test('a manual vehicle goes to a driver who drives manual', async () => {
        const body = oneWayRequest();
        body.move.vehicle.manual = true;
        const booked = await bookCase(dealer, ONE_WAY, body);
        const doc = await dispatchOk(ops, booked.ids[0]!, a.driverId);
        assert.equal(doc.move.vehicle.manual, true);
        assert.equal(doc.move.status, 'dispatched');
        assert.equal(doc.move.driver_name, 'Alex Able');
      });
    });

    describe('the driver app', () => {
      test('GET /v1/driver/moves of a driver with nothing assigned is an empty list', async () => {
        const idle = await addDriver(t, desk, { name: 'Idle Ike' });
        assert.deepEqual(await driverMoves(idle.app), []);
      });

      test('POST /v1/driver/location records where the driver is, for the ops desk to see', async () => {
        const d = await addDriver(t, desk, { name: 'Lou Locator' });
        t.clock.advance(GAP_MS + 400); // not on a whole second: the fraction is dropped
        const res = await d.app.request('POST', '/v1/driver/location', { lat: 37.5407, lon: -77.436 });
        assert.equal(res.statusCode, 200, res.body);
        const at = iso(t.clock.now());
        assert.deepEqual(Object.keys(res.json()), ['driver_id', 'lat', 'lon', 'located_at']);
        assert.deepEqual(res.json(), { driver_id: d.driverId, lat: 37.5407, lon: -77.436, located_at: at });
        const seen = await desk.request('GET', `/v1/ops/drivers/${d.driverId}`);
        assert.deepEqual(seen.json().last_location, { lat: 37.5407, lon: -77.436, at });

        t.clock.advance(GAP_MS);
        const moved = await d.app.request('POST', '/v1/driver/location', { lat: -12.5, lon: 179.25 });
        assert.equal(moved.statusCode, 200, moved.body);
        const seenAgain = await desk.request('GET', `/v1/ops/drivers/${d.driverId}`);
        assert.deepEqual(seenAgain.json().last_location, { lat: -12.5, lon: 179.25, at: iso(t.clock.now()) });
      });
    });
  });
}
