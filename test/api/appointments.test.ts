// Appointments (spec §11.4): staging records of a service appointment; a valet becomes a booked
// Concierge through the booking pipeline, so its document and events are a direct booking's. The
// appointment.* events are listed by GET /v1/events and delivered by webhook; bad input writes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Worker } from '../../src/jobs/worker.ts';
import { engines } from '../support/databases.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { customerLocation, customerVehicle, serviceLotLocation } from '../support/requests.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const SECRET = 'whsec_appointments_test_secret';
const APPOINTMENT_EVENTS = ['appointment.created', 'appointment.updated', 'appointment.ready', 'appointment.canceled'];
/** Wed 2026-03-25 10:00 EDT: when the vehicle must be at the dealership. */
const APPOINTMENT_TIME = '2026-03-25T10:00:00-04:00';
const OBJECT_KEYS = [
  'id', 'status', 'external_id', 'source', 'source_status', 'transport_type', 'consumer_vehicle_direction', 'appointment_time',
  'consumer_name', 'consumer_phone', 'consumer_email', 'vehicle_make', 'vehicle_model', 'vehicle_year', 'vehicle_color',
  'vehicle_vin', 'vehicle_manual', 'customer_id', 'consumer_at_pickup', 'pickup_location_id', 'delivery_location_id',
  'driver_notes', 'config', 'move_id', 'workflow_set_id', 'created_at', 'updated_at', 'problems',
];

async function drain(worker: Worker): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await worker.runOnce()) === 0) return;
  assert.fail('jobs kept coming');
}

/** A document without what differs between two bookings of the same data: the moves' ids and URIs. */
function withoutIds(doc: unknown): unknown {
  if (Array.isArray(doc)) return doc.map(withoutIds);
  if (doc === null || typeof doc !== 'object') return doc;
  return Object.fromEntries(Object.entries(doc).filter(([k]) => k !== 'move_id' && k !== 'move_uri' && k !== 'move_details_url').map(([k, v]) => [k, withoutIds(v)]));
}

for (const engine of engines()) {
  describe(`appointments on ${engine}`, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    /** The consumer's address and the dealership (the service lot), as the rooftop's locations. */
    let home: number;
    let lot: number;
    let driveMinutes: number;
    const api = (method: string, url: string, body?: unknown, token?: string) => t.request(method, url, { body, token });
    const tally = async () => ({
      appointments: Number((await t.deps.database.db.selectFrom('appointments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      events: await t.count('events'),
      moves: await t.count('moves'),
    });
    const newBody = (over: Record<string, unknown> = {}) => ({
      customer_id: t.rooftopId,
      consumer_at_pickup: true,
      delivery_location_id: lot,
      appointment_time: APPOINTMENT_TIME,
      consumer_name: 'Harry Stevens',
      consumer_phone: '804-555-0134',
      ...over,
    });
    const create = async (over: Record<string, unknown> = {}) => {
      const res = await api('POST', '/v1/appointments', newBody(over));
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    };

    before(async () => {
      t = await startTestApp(engine, { WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1' });
      receiver = await startReceiver(SECRET);
      // The rooftop's two places, as a booking leaves them: the consumer's home and the service lot.
      const res = await api('POST', '/v1/one-way-moves', {
        ready_by_time_utc: '2026-03-24T14:00:00Z',
        move: { vehicle: { make: 'Honda', model: 'Accord', manual: false }, pickup_location: customerLocation(), delivery_location: serviceLotLocation() },
      });
      assert.equal(res.statusCode, 200, res.body);
      home = res.json().move.pickup_location.location_id;
      lot = res.json().move.delivery_location.location_id;
      driveMinutes = res.json().move.duration_minutes;
      const hook = await api('POST', '/v1/webhooks', { target_url: receiver.url(), secret: SECRET, event_types: APPOINTMENT_EVENTS });
      assert.equal(hook.statusCode, 200, hook.body);
    });
    after(async () => {
      await receiver.stop();
      await t.close();
    });

    test('a scheduler appointment, patched, then a valet: its Concierge is a direct booking, its events are listed and delivered', async () => {
      const created = await create({ source: 'spark', external_id: 'SPK-1001', vehicle_make: 'Buick', vehicle_year: 2011 });
      assert.deepEqual(Object.keys(created), OBJECT_KEYS);
      assert.equal(created.status, 'new');
      assert.equal(created.source, 'spark');
      assert.equal(created.consumer_vehicle_direction, 'to_dealer');
      assert.equal(created.appointment_time, '2026-03-25T14:00:00Z');
      assert.deepEqual(created.problems, []);

      const patched = await api('PATCH', `/v1/appointments/${created.id}`, {
        vehicle_model: 'Enclave',
        vehicle_vin: '5gakrbed5bj262438',
        vehicle_color: 'white',
        vehicle_manual: false,
        pickup_location_id: home,
        driver_notes: 'Keys with the customer',
      });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json().status, 'new');
      assert.equal(patched.json().vehicle_vin, '5GAKRBED5BJ262438');

      const put = await api('PUT', `/v1/appointments/${created.id}`, { ...(patched.json() as object), transportation_type: 'valet' });
      assert.equal(put.statusCode, 200, put.body);
      const ready = put.json();
      assert.equal(ready.status, 'ready');
      assert.equal(ready.transport_type, 'valet');
      assert.equal(typeof ready.move_id, 'number');
      assert.equal(typeof ready.workflow_set_id, 'number');

      // The valet as the dealer would book it by hand: the driver meets the consumer a drive and a
      // handoff (10 min) before the vehicle must be at the dealership, rounded down to the minute.
      const meetMs = Math.floor((Date.parse('2026-03-25T14:00:00Z') - (driveMinutes + 10) * 60_000) / 60_000) * 60_000;
      const meet = new Date(meetMs).toISOString().replace('.000Z', 'Z');
      const direct = await api('POST', '/v1/concierge-moves', {
        appointment_time_utc: meet,
        customer_name: 'Harry Stevens',
        customer_phone: '804-555-0134',
        customer_action: 'pickup',
        customer_move: {
          special_instructions: 'Keys with the customer',
          vehicle: { ...customerVehicle(), stock: undefined },
          pickup_location: customerLocation(),
          delivery_location: serviceLotLocation(),
        },
      });
      assert.equal(direct.statusCode, 200, direct.body);
      const directMove = direct.json().customer_move.move_id;

      const valetDoc = (await api('GET', `/v1/moves/${ready.move_id}`)).json();
      const directDoc = (await api('GET', `/v1/moves/${directMove}`)).json();
      assert.equal(valetDoc.appointment_time_utc, meet);
      assert.equal(valetDoc.usecase_key, 'concierge-pu');
      assert.equal(valetDoc.customer_move.workflowset, ready.workflow_set_id);
      assert.deepEqual(withoutIds(valetDoc), withoutIds(directDoc));

      const createdEvents = async (moveId: number) =>
        t.deps.database.db.selectFrom('events').selectAll().where('move_id', '=', moveId).where('type', '=', 'move.created').execute();
      const [valetCreated] = await createdEvents(ready.move_id);
      const [directCreated] = await createdEvents(directMove);
      assert.ok(valetCreated && directCreated);
      assert.equal(valetCreated.sequence, directCreated.sequence);
      assert.deepEqual(withoutIds(JSON.parse(valetCreated.data)), withoutIds(JSON.parse(directCreated.data)));
      assert.deepEqual(JSON.parse(valetCreated.data), valetDoc, 'the event carries the GET document');

      // GET /v1/events lists the appointment's three events, each with the object as it then was.
      const listed = (await api('GET', '/v1/events?limit=200')).json().events.filter((e: any) => e.data.id === created.id && e.type.startsWith('appointment.'));
      assert.deepEqual(listed.map((e: any) => [e.type, e.sequence]), [['appointment.created', 1], ['appointment.updated', 2], ['appointment.ready', 3]]);
      assert.deepEqual(listed[2].data, (await api('GET', `/v1/appointments/${created.id}`)).json());

      // Delivered by webhook, signed; the customer is texted once per booking, never for an appointment event.
      await drain(t.deps.worker);
      // In any order (an appointment's deliveries are not queued behind each other); `sequence` orders them.
      const mine = receiver.requests.filter((r) => r.json?.data?.id === created.id).sort((a, b) => a.json.sequence - b.json.sequence);
      assert.deepEqual(mine.map((r) => r.json.type), ['appointment.created', 'appointment.updated', 'appointment.ready']);
      assert.ok(mine.every((r) => r.signatureValid));
      assert.equal(mine[2]!.headers['handoff-event'], 'appointment_ready');
      const texts = await t.deps.database.db.selectFrom('sms_messages').select('move_id').where('move_id', 'in', [ready.move_id, directMove]).execute();
      assert.equal(texts.length, 2);
    });

    test('a repeat of source and external_id returns the same appointment and writes nothing, however it races', async () => {
      const first = await create({ source: 'spark', external_id: 'SPK-2002' });
      const before = await tally();
      const again = await api('POST', '/v1/appointments', newBody({ source: 'spark', external_id: 'SPK-2002', consumer_name: 'Someone Else' }));
      assert.equal(again.statusCode, 200, again.body);
      assert.deepEqual(again.json(), first);
      assert.deepEqual(await tally(), before);
      // Another source is another scheduler: another appointment.
      assert.notEqual((await create({ source: 'dealer-portal', external_id: 'SPK-2002' })).id, first.id);

      // An Idempotency-Key replays the first answer, 201 and all.
      const keyed = () => t.request('POST', '/v1/appointments', { body: newBody({ external_id: 'KEYED-1' }), headers: { 'idempotency-key': 'appt-key-1' } });
      const [k1, k2] = [await keyed(), await keyed()];
      assert.deepEqual([k1.statusCode, k2.statusCode, k2.headers['idempotent-replayed']], [201, 201, 'true']);
      assert.equal(k2.body, k1.body);

      const racing = await Promise.all(Array.from({ length: 5 }, () => api('POST', '/v1/appointments', newBody({ external_id: 'RACE-1' }))));
      assert.deepEqual(racing.map((r) => r.statusCode).sort(), [200, 200, 200, 200, 201]);
      assert.equal(new Set(racing.map((r) => r.json().id)).size, 1);
      const events = await t.deps.database.db.selectFrom('events').select('id').where('appointment_id', '=', racing[0]!.json().id).execute();
      assert.equal(events.length, 1);
    });

    test('hold_id is used up by the appointment, in its transaction', async () => {
      const hold = async (id: string, rooftopId = t.rooftopId) =>
        t.deps.database.db
          .insertInto('availability_holds')
          .values({ id, rooftop_id: rooftopId, client_id: 'test', consumer_action: 'concierge-pu', slot_start: Date.parse('2026-03-25T13:27:00Z'), busy_from: Date.parse('2026-03-25T13:27:00Z'), busy_until: Date.parse('2026-03-25T14:10:00Z'), expires_at: TEST_NOW + 300_000, created_at: TEST_NOW })
          .execute();
      await hold('8f4d3c1e-0000-4000-8000-000000000001');
      const a = await create({ hold_id: '8f4d3c1e-0000-4000-8000-000000000001' });
      const used = await t.deps.database.db.selectFrom('availability_holds').select('consumed_by').where('id', '=', '8f4d3c1e-0000-4000-8000-000000000001').executeTakeFirstOrThrow();
      assert.equal(used.consumed_by, `appointment:${a.id}`);

      const before = await tally();
      for (const [holdId, code] of [['8f4d3c1e-0000-4000-8000-000000000001', 'slot_unavailable'], ['no-such-hold', 'field_invalid']]) {
        const res = await api('POST', '/v1/appointments', newBody({ hold_id: holdId }));
        assert.equal(res.json().code, code, res.body);
        assert.deepEqual(res.json().errors.map((e: any) => e.field), ['hold_id']);
      }
      assert.deepEqual(await tally(), before, 'a refused hold writes no appointment');
    });

    test('pending says what a valet lacks; supplying it books the valet', async () => {
      const a = await create({ vehicle_make: 'Buick', vehicle_model: 'Enclave', vehicle_manual: false });
      const put = await api('PUT', `/v1/appointments/${a.id}`, { ...newBody({ vehicle_make: 'Buick', vehicle_model: 'Enclave', vehicle_manual: false }), transportation_type: 'valet' });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().status, 'pending');
      assert.equal(put.json().transport_type, 'valet');
      assert.equal(put.json().move_id, null);
      assert.deepEqual(put.json().problems.map((p: any) => [p.code, p.field]), [['field_missing', 'pickup_location_id']]);

      const patched = await api('PATCH', `/v1/appointments/${a.id}`, { pickup_location_id: home, config: { loaner: true } });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json().status, 'ready');
      assert.deepEqual(patched.json().problems, []);
      assert.deepEqual(patched.json().config, { loaner: true });
      const doc = (await api('GET', `/v1/moves/${patched.json().move_id}`)).json();
      assert.equal(doc.usecase_key, 'concierge-loaner-pu');
      assert.equal(doc.customer_move.move_id, patched.json().move_id);
      assert.equal(doc.loaner_move.pickup_location.location_id, lot);
    });

    test('another transport is ready at once, with no moves; in ready only the contact, notes and config change', async () => {
      const a = await create({ vehicle_make: 'Buick' });
      const moves = await t.count('moves');
      const shuttle = await api('PUT', `/v1/appointments/${a.id}`, { ...newBody({ vehicle_make: 'Buick' }), transportation_type: 'shuttle' });
      assert.equal(shuttle.statusCode, 200, shuttle.body);
      assert.equal(shuttle.json().status, 'ready');
      assert.equal(shuttle.json().transport_type, 'shuttle');
      assert.equal(await t.count('moves'), moves);

      const before = await tally();
      const frozen = await api('PATCH', `/v1/appointments/${a.id}`, { vehicle_make: 'Honda', pickup_location_id: home, consumer_name: 'Harry S.' });
      assert.equal(frozen.statusCode, 409, frozen.body);
      assert.equal(frozen.json().code, 'appointment_not_modifiable');
      assert.deepEqual(frozen.json().errors.map((e: any) => e.field), ['vehicle_make', 'pickup_location_id']);
      assert.deepEqual(await tally(), before);

      const contact = await api('PATCH', `/v1/appointments/${a.id}`, { consumer_name: 'Harry S.', driver_notes: 'Gate code 1234' });
      assert.equal(contact.statusCode, 200, contact.body);
      assert.equal(contact.json().consumer_name, 'Harry S.');
      // The same values again: no write, no event.
      const events = await t.count('events');
      const same = await api('PATCH', `/v1/appointments/${a.id}`, { consumer_name: 'Harry S.' });
      assert.equal(same.statusCode, 200);
      assert.equal(same.json().updated_at, contact.json().updated_at);
      assert.equal(await t.count('events'), events);
    });

    test('DELETE cancels (its moves stay), once; a canceled appointment is not modifiable', async () => {
      const a = await create();
      const res = await api('DELETE', `/v1/appointments/${a.id}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'canceled');
      const events = await t.count('events');
      assert.equal((await api('DELETE', `/v1/appointments/${a.id}`)).json().status, 'canceled');
      assert.equal(await t.count('events'), events, 'canceling again writes nothing');
      const types = await t.deps.database.db.selectFrom('events').select('type').where('appointment_id', '=', a.id).orderBy('sequence').execute();
      assert.deepEqual(types.map((e) => e.type), ['appointment.created', 'appointment.canceled']);
    });

    test('listing: by status and time, newest first, cursor paginated; another rooftop sees none', async () => {
      const ids = [(await create({ appointment_time: '2026-04-01T14:00:00Z' })).id, (await create({ appointment_time: '2026-04-02T14:00:00Z' })).id];
      const page1 = await api('GET', '/v1/appointments?status=new&from=2026-04-01T00:00:00Z&to=2026-04-03T00:00:00Z&limit=1');
      assert.equal(page1.statusCode, 200, page1.body);
      assert.deepEqual(page1.json().appointments.map((a: any) => a.id), [ids[1]]);
      assert.ok(page1.json().next_cursor);
      const page2 = await api('GET', `/v1/appointments?status=new&from=2026-04-01T00:00:00Z&to=2026-04-03T00:00:00Z&limit=1&cursor=${page1.json().next_cursor}`);
      assert.deepEqual(page2.json().appointments.map((a: any) => a.id), [ids[0]]);
      assert.equal(page2.json().next_cursor, null);
      assert.equal((await api('GET', '/v1/appointments?status=sleeping')).json().errors[0].field, 'status');

      const other = await t.addRooftop({ name: 'Elsewhere Motors' });
      const { token } = await t.addClient('dealer', [other]);
      assert.deepEqual((await api('GET', '/v1/appointments', undefined, token)).json().appointments, []);
      for (const [method, body] of [['GET'], ['PATCH', { consumer_name: 'X' }], ['PUT', newBody()], ['DELETE']] as const) {
        const res = await api(method, `/v1/appointments/${ids[0]}`, body, token);
        assert.equal(res.statusCode, 404, `${method}: ${res.body}`);
        assert.equal(res.json().code, 'not_found');
      }
    });

    test('bad input: a §4 error naming the field, and nothing written', async () => {
      const a = await create({ vehicle_make: 'Buick' });
      const canceled = await create();
      await api('DELETE', `/v1/appointments/${canceled.id}`);
      const ready = await create();
      assert.equal((await api('PUT', `/v1/appointments/${ready.id}`, { ...newBody(), transportation_type: 'rideshare' })).json().status, 'ready');
      const other = await t.addRooftop({ name: 'Other Rooftop' });

      const rows: [string, string, string, unknown, number, [string, string][]][] = [
        ['customer_id of another rooftop', 'POST', '/v1/appointments', newBody({ customer_id: other }), 400, [['field_invalid', 'customer_id']]],
        ['appointment_time without an offset', 'POST', '/v1/appointments', newBody({ appointment_time: '2026-03-25T10:00:00' }), 400, [['field_invalid', 'appointment_time']]],
        ['vehicle_year "abc"', 'POST', '/v1/appointments', newBody({ vehicle_year: 'abc' }), 400, [['field_invalid', 'vehicle_year']]],
        ['no required fields', 'POST', '/v1/appointments', { customer_id: t.rooftopId }, 400, [['field_missing', 'consumer_at_pickup'], ['field_missing', 'delivery_location_id']]],
        ['a location not the rooftop\'s', 'POST', '/v1/appointments', newBody({ pickup_location_id: 999_999 }), 400, [['field_invalid', 'pickup_location_id']]],
        ['a phone that is no US number', 'POST', '/v1/appointments', newBody({ consumer_phone: '555' }), 400, [['field_invalid', 'consumer_phone']]],
        ['a VIN with an O', 'POST', '/v1/appointments', newBody({ vehicle_vin: '5GAKRBED5BJ26243O' }), 400, [['field_invalid', 'vehicle_vin']]],
        ['an unknown source', 'POST', '/v1/appointments', newBody({ source: 'fax' }), 400, [['field_invalid', 'source']]],
        ['an unknown transportation_type', 'PUT', `/v1/appointments/${a.id}`, { ...newBody(), transportation_type: 'helicopter' }, 400, [['field_invalid', 'transportation_type']]],
        ['PUT on a canceled appointment', 'PUT', `/v1/appointments/${canceled.id}`, { ...newBody(), transportation_type: 'valet' }, 409, []],
        ['PATCH of a frozen field in ready', 'PATCH', `/v1/appointments/${ready.id}`, { vehicle_model: 'Enclave' }, 409, [['appointment_not_modifiable', 'vehicle_model']]],
        ['PATCH of a read-only field', 'PATCH', `/v1/appointments/${a.id}`, { consumer_name: 'X', status: 'ready' }, 400, [['field_invalid', 'status']]],
        ['an empty PATCH', 'PATCH', `/v1/appointments/${a.id}`, { move_id: null }, 400, []],
        ['PATCH to a time in the past', 'PATCH', `/v1/appointments/${a.id}`, { appointment_time: '2026-03-18T11:00:00Z' }, 400, [['field_invalid', 'appointment_time']]],
        ['PATCH clearing a required field', 'PATCH', `/v1/appointments/${a.id}`, { delivery_location_id: null }, 400, [['field_missing', 'delivery_location_id']]],
        ['a valet too soon to be booked', 'PUT', `/v1/appointments/${a.id}`, { ...newBody({ appointment_time: new Date(TEST_NOW + 20 * 60_000).toISOString(), pickup_location_id: home, vehicle_make: 'Buick', vehicle_model: 'Enclave', vehicle_manual: false }), transportation_type: 'valet' }, 400, [['field_invalid', 'appointment_time']]],
      ];
      for (const [what, method, url, body, status, problems] of rows) {
        const before = await tally();
        const res = await api(method, url, body);
        assert.equal(res.statusCode, status, `${what}: ${res.body}`);
        const err = res.json();
        assert.equal(typeof err.request_id, 'string', what);
        if (problems.length) assert.deepEqual(err.errors.map((p: any) => [p.code, p.field]), problems, what);
        assert.deepEqual(await tally(), before, `${what}: nothing written`);
      }
      assert.equal((await api('PATCH', `/v1/appointments/${a.id}`, {})).json().code, 'field_missing');
      assert.equal((await api('PUT', `/v1/appointments/${canceled.id}`, newBody())).json().code, 'appointment_not_modifiable');
    });

    test('a PUT once the appointment time has passed is refused', async () => {
      const a = await create({ appointment_time: '2026-03-18T13:00:00Z' });
      t.clock.set(TEST_NOW + 2 * 3600_000);
      try {
        const { token } = await t.addClient('dealer', [t.rooftopId]);
        // Sent back as read (its time now past), or moved to another day: the appointment is over either way.
        for (const time of ['2026-03-18T13:00:00Z', '2026-03-19T13:00:00Z']) {
          const res = await api('PUT', `/v1/appointments/${a.id}`, { ...newBody({ appointment_time: time }), transportation_type: 'shuttle' }, token);
          assert.equal(res.statusCode, 409, res.body);
          assert.equal(res.json().code, 'appointment_not_modifiable');
        }
      } finally {
        t.clock.set(TEST_NOW);
      }
    });
  });
}
