// Reschedule (spec §11.5): POST /v1/ops/moves/:id/reschedule gives up an attempted move and books its
// scenario again for a new time, in one transaction — the originals show cancel_status "rescheduled"
// and the reason, the new booking has the same vehicles, places and customer, one move.rescheduled per
// original move carries both documents and is delivered by webhook (Handoff-Event: move_rescheduled).
// The capacity rule (a driver's shift must fit, unless force), and every refusal writing nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Worker } from '../../src/jobs/worker.ts';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  addCaller,
  addDriver,
  assertError,
  book,
  type Caller,
  dispatchOk,
  type Doc,
  documentOf,
  driverMoves,
  eventRows,
  iso,
  stepsOk,
  type TestDriver,
} from '../support/lifecycle.ts';
import { conciergeLoanerRequest, oneWayRequest } from '../support/requests.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const SECRET = 'whsec_reschedule_test_secret';
const MINUTE = 60_000;
const DAY = 24 * 3600_000;
const NEW_APPOINTMENT = '2026-03-26T14:00:00Z';
const ANSWER_KEYS = ['move', 'newMove', 'move_id', 'new_move_id', 'deliver_by_time_utc'];

async function drain(worker: Worker): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await worker.runOnce()) === 0) return;
  assert.fail('jobs kept coming');
}

for (const engine of engines()) {
  describe(`reschedule on ${engine}`, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    let dealer: Caller;
    let ops: Caller;
    let driver: TestDriver;

    before(async () => {
      t = await startTestApp(engine, { WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1' });
      receiver = await startReceiver(SECRET);
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      ops = await addCaller(t, 'ops', [t.rooftopId]);
      driver = await addDriver(t, await addCaller(t, 'ops', 'all'), { name: 'Dana Wheeler', canDriveManual: true });
      const hook = await dealer.request('POST', '/v1/webhooks', { target_url: receiver.url(), secret: SECRET, event_types: ['move.rescheduled'] });
      assert.equal(hook.statusCode, 200, hook.body);
    });
    after(async () => {
      await receiver.stop();
      await t.close();
    });

    const reschedule = (moveId: number, body: unknown, caller: Caller = ops) => caller.request('POST', `/v1/ops/moves/${moveId}/reschedule`, body);
    const bookPair = () => book(dealer, '/v1/concierge-loaner-moves', conciergeLoanerRequest(), ['loaner_move', 'customer_move']);
    const bookOneWay = () => book(dealer, '/v1/one-way-moves', oneWayRequest(), ['move']);
    const scenarioOf = async (moveId: number) =>
      (await t.deps.database.db.selectFrom('moves').innerJoin('scenarios', 'scenarios.id', 'moves.scenario_id').selectAll('scenarios').where('moves.id', '=', moveId).executeTakeFirstOrThrow());
    const counts = async () => Promise.all([t.count('scenarios'), t.count('moves'), t.count('events')]);

    test('a concierge-loaner pair attempted and rescheduled: the originals given up, the pair booked again, move.rescheduled delivered', async () => {
      const booked = await bookPair();
      const [loanerId, customerId] = booked.ids as [number, number];
      await dispatchOk(ops, loanerId, driver.driverId);
      await stepsOk(driver.app, loanerId, ['pickup_started', 'pickup_arrived']);
      const before = await eventRows(t, loanerId);

      const res = await reschedule(customerId, { appointment_time_utc: NEW_APPOINTMENT, reason: '  Customer not home ', force: true });
      assert.equal(res.statusCode, 200, res.body);
      const answer = res.json();
      assert.deepEqual(Object.keys(answer), ANSWER_KEYS);

      // The originals: rescheduled, with the reason, as GET shows them (the answer's `move` is that document).
      const original = JSON.parse(await documentOf(dealer, loanerId)) as Doc;
      assert.deepEqual(answer.move, original);
      for (const role of ['loaner_move', 'customer_move']) {
        assert.equal(original[role].cancel_status, 'rescheduled');
        assert.equal(original[role].cancel_reason, 'Customer not home');
      }
      assert.equal(original.loaner_move.status, 'pickup arrived', 'the attempt keeps what happened');
      assert.deepEqual(await driverMoves(driver.app), [], "the attempt leaves the driver's list");

      // The new pair: same vehicles, places and customer; the new appointment, its ready-by derived as at booking.
      const fresh = answer.newMove as Doc;
      assert.deepEqual(JSON.parse(await documentOf(dealer, fresh.loaner_move.move_id)), fresh);
      assert.equal(fresh.appointment_time_utc, NEW_APPOINTMENT);
      const lead = Date.parse(booked.doc.appointment_time_utc) - Date.parse(booked.doc.ready_by_time_utc);
      assert.equal(fresh.ready_by_time_utc, iso(Date.parse(NEW_APPOINTMENT) - lead));
      for (const key of ['customer_name', 'customer_phone', 'customer_action', 'usecase_key']) assert.equal(fresh[key], booked.doc[key], key);
      for (const role of ['loaner_move', 'customer_move']) {
        const [was, now] = [booked.doc[role], fresh[role]];
        assert.notEqual(now.move_id, was.move_id);
        assert.deepEqual(now.vehicle, was.vehicle, `${role}.vehicle`);
        assert.equal(now.pickup_location.location_id, was.pickup_location.location_id);
        assert.equal(now.delivery_location.location_id, was.delivery_location.location_id);
        assert.equal(now.lane_uri, was.lane_uri);
        assert.equal(now.reference_id, was.reference_id);
        assert.equal(now.cardinality, was.cardinality);
        for (const k of ['status', 'cancel_status', 'cancel_reason', 'pickup_started', 'tracking_link', 'driver_name']) assert.equal(now[k], null, `${role}.${k}`);
      }
      const newScenario = await scenarioOf(fresh.loaner_move.move_id);
      assert.equal(Number(newScenario.rescheduled_from), Number((await scenarioOf(loanerId)).id));
      for (const role of ['loaner_move', 'customer_move']) {
        assert.deepEqual((await eventRows(t, fresh[role].move_id)).map((e) => [e.type, e.sequence]), [['move.created', 1]]);
      }

      // One move.rescheduled per original move, with both documents.
      assert.equal(answer.move_id, customerId);
      assert.equal(answer.new_move_id, fresh.customer_move.move_id);
      const readyBy = Date.parse(booked.doc.ready_by_time_utc);
      const leg0 = booked.doc.loaner_move.duration_minutes * MINUTE;
      const leg1 = booked.doc.customer_move.duration_minutes * MINUTE;
      const expected = new Map([
        [loanerId, { new_move_id: fresh.loaner_move.move_id, deliver_by_time_utc: iso(readyBy + Math.round(leg0)) }],
        [customerId, { new_move_id: fresh.customer_move.move_id, deliver_by_time_utc: iso(readyBy + Math.round(leg0) + Math.round(leg1)) }],
      ]);
      assert.equal(answer.deliver_by_time_utc, expected.get(customerId)!.deliver_by_time_utc);
      const rescheduled: Awaited<ReturnType<typeof eventRows>> = [];
      for (const id of [loanerId, customerId]) {
        const events = await eventRows(t, id);
        const last = events.at(-1)!;
        assert.equal(last.type, 'move.rescheduled');
        assert.equal(events.filter((e) => e.type === 'move.rescheduled').length, 1);
        const data = JSON.parse(last.data);
        assert.deepEqual(data, { move: original, newMove: fresh, move_id: id, ...expected.get(id) });
        rescheduled.push(last);
      }
      assert.equal((await eventRows(t, loanerId)).length, before.length + 1);

      // Delivered by webhook, signed, as move_rescheduled.
      await drain(t.deps.worker);
      assert.equal(receiver.requests.length, 2);
      for (const got of receiver.requests) {
        assert.equal(got.headers['handoff-event'], 'move_rescheduled');
        assert.equal(got.signatureValid, true);
        assert.equal(got.json.type, 'move.rescheduled');
        const event = rescheduled.find((e) => e.id === got.json.id)!;
        assert.ok(event, 'each delivery is one of the two events');
        assert.deepEqual(got.json.data, JSON.parse(event.data));
      }

      // Rescheduled once: a second time is refused, and so is a cancelation of the given-up attempt.
      const again = await reschedule(loanerId, { appointment_time_utc: NEW_APPOINTMENT, reason: 'again', force: true });
      assertError(again, 409, 'move_not_modifiable');
      assert.match(again.json().message, /already rescheduled/);
      const cancel = await dealer.request('POST', '/v1/cancelation', { move_id: loanerId });
      assertError(cancel, 409, 'move_not_modifiable');
      assert.match(cancel.json().message, new RegExp(`move ${loanerId} was rescheduled`));
      const edit = await dealer.request('PATCH', `/v1/moves/${loanerId}`, { vehicle_color: 'red' });
      assertError(edit, 409, 'move_not_modifiable');
      assert.match(edit.json().message, /was rescheduled/);
    });

    test('without force the new time must fit a driver shift (409 slot_unavailable, nothing written); with one it books', async () => {
      const booked = await bookOneWay();
      const [moveId] = booked.ids as [number];
      // Two days on: clear of the pair rescheduled above (unassigned, it holds the region's capacity the day after).
      const readyBy = Date.parse(booked.doc.ready_by_time_utc) + 2 * DAY;
      const before = await counts();
      const refused = await reschedule(moveId, { ready_by_time_utc: iso(readyBy), reason: 'Vehicle not ready' });
      assertError(refused, 409, 'slot_unavailable', [['slot_unavailable', 'ready_by_time_utc']]);
      assert.deepEqual(await counts(), before, 'nothing written');
      assert.equal(JSON.parse(await documentOf(dealer, moveId)).move.cancel_status, null);

      await t.deps.database.db
        .insertInto('driver_shifts')
        .values({ driver_id: driver.driverId, region_id: null, starts_at: readyBy - 2 * 3600_000, ends_at: readyBy + 8 * 3600_000, created_at: t.clock.now() })
        .execute();
      const res = await reschedule(moveId, { ready_by_time_utc: iso(readyBy), reason: 'Vehicle not ready' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().newMove.ready_by_time_utc, iso(readyBy));
      assert.equal(res.json().move.move.cancel_status, 'rescheduled');
    });

    test('refusals are §4 errors naming the field, and write nothing', async () => {
      const pair = await bookPair();
      const [loanerId] = pair.ids as [number];
      const valid = { appointment_time_utc: NEW_APPOINTMENT, reason: 'Customer not home', force: true };
      const before = await counts();

      assertError(await reschedule(loanerId, { reason: 'x' }), 400, 'field_missing', [['field_missing', null]]);
      assertError(await reschedule(loanerId, { ...valid, ready_by_time_utc: NEW_APPOINTMENT }), 400, 'field_invalid', [
        ['field_invalid', 'appointment_time_utc'],
        ['field_invalid', 'ready_by_time_utc'],
      ]);
      assertError(await reschedule(loanerId, { ...valid, appointment_time_utc: '2026-03-17T14:00:00Z' }), 400, 'field_invalid', [['field_invalid', 'appointment_time_utc']]);
      assertError(await reschedule(loanerId, { ...valid, appointment_time_utc: 'tomorrow' }), 400, 'field_invalid', [['field_invalid', 'appointment_time_utc']]);
      assertError(await reschedule(loanerId, { ...valid, reason: '  ' }), 400, 'field_missing', [['field_missing', 'reason']]);
      assertError(await reschedule(loanerId, { appointment_time_utc: NEW_APPOINTMENT }), 400, 'field_missing', [['field_missing', 'reason']]);
      assertError(await reschedule(loanerId, { ...valid, reason: 'x'.repeat(501), force: 'yes' }), 400, 'field_invalid', [
        ['field_invalid', 'reason'],
        ['field_invalid', 'force'],
      ]);
      // A concierge pair is rescheduled by its appointment, as it is booked.
      const wrongField = await reschedule(loanerId, { ready_by_time_utc: NEW_APPOINTMENT, reason: 'x', force: true });
      assertError(wrongField, 400, 'field_invalid', [['field_invalid', 'ready_by_time_utc']]);
      assert.match(wrongField.json().message, /appointment_time_utc/);

      // Another rooftop's move is no move at all; a dealer may not reschedule.
      const elsewhere = await addCaller(t, 'dealer', [await t.addRooftop({ name: 'Elsewhere' })]);
      const foreign = await book(elsewhere, '/v1/one-way-moves', oneWayRequest(), ['move']);
      const afterForeign = await counts();
      assertError(await reschedule(foreign.ids[0]!, { ready_by_time_utc: NEW_APPOINTMENT, reason: 'x', force: true }), 404, 'move_invalid');
      assertError(await reschedule(999_999_999, valid), 404, 'move_invalid');
      assertError(await reschedule(loanerId, valid, dealer), 403, 'missing_scope');

      // A delivered move cannot be attempted again; nor a canceled one.
      const delivered = await bookOneWay();
      await dispatchOk(ops, delivered.ids[0]!, driver.driverId);
      await stepsOk(driver.app, delivered.ids[0]!);
      const canceled = await bookOneWay();
      const cancel = await dealer.request('POST', '/v1/cancelation', { move_id: canceled.ids[0] });
      assert.equal(cancel.statusCode, 200, cancel.body);
      const ops2 = await ops.request('POST', `/v1/ops/moves/${canceled.ids[0]}/cancel-decision`, { outcome: 'canceled' });
      assert.equal(ops2.statusCode, 200, ops2.body);
      const settled = await counts();
      const late = await reschedule(delivered.ids[0]!, { ready_by_time_utc: NEW_APPOINTMENT, reason: 'x', force: true });
      assertError(late, 409, 'move_not_modifiable');
      assert.match(late.json().message, /already delivered/);
      const gone = await reschedule(canceled.ids[0]!, { ready_by_time_utc: NEW_APPOINTMENT, reason: 'x', force: true });
      assertError(gone, 409, 'move_not_modifiable');
      assert.match(gone.json().message, /canceled/);

      assert.deepEqual(afterForeign.map((n, i) => n - before[i]!), [1, 1, 1], 'only the other rooftop\'s booking was written');
      assert.deepEqual(await counts(), settled, 'the refusals wrote nothing');
      assert.equal(JSON.parse(await documentOf(dealer, loanerId)).loaner_move.cancel_status, null);
    });

    test('the new booking is not warned about the trip it replaces', async () => {
      const booked = await bookOneWay();
      // A day with one shift that holds one trip: rescheduled there, then 15 minutes later inside it.
      const readyBy = Date.parse(booked.doc.ready_by_time_utc) + 5 * DAY;
      await t.deps.database.db
        .insertInto('driver_shifts')
        .values({ driver_id: driver.driverId, region_id: null, starts_at: readyBy - 10 * MINUTE, ends_at: readyBy + 100 * MINUTE, created_at: t.clock.now() })
        .execute();
      // The document's warnings list every move's (spec §5 extensions).
      const noCapacity = (doc: { warnings: { message: string }[] }) => doc.warnings.filter((w) => /no driver's shift/.test(w.message));
      const first = await reschedule(booked.ids[0]!, { ready_by_time_utc: iso(readyBy), reason: 'Vehicle not ready' });
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(noCapacity(first.json().newMove), []);
      // The shift cannot hold both trips: only counting the replaced one as gone leaves room.
      const second = await reschedule(first.json().new_move_id, { ready_by_time_utc: iso(readyBy + 15 * MINUTE), reason: 'Vehicle still not ready' });
      assert.equal(second.statusCode, 200, second.body);
      assert.deepEqual(noCapacity(second.json().newMove), []);
      // A third trip beside it is booked, with the warning: the shift is full.
      const beside = await book(dealer, '/v1/one-way-moves', { ...oneWayRequest(), ready_by_time_utc: iso(readyBy + 15 * MINUTE) }, ['move']);
      assert.equal(noCapacity(JSON.parse(await documentOf(dealer, beside.ids[0]!))).length, 1);
    });
  });
}
