import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp, PUBLIC_URL } from '../support/app.ts';
import { conciergeLoanerRequest, referenceResponse } from '../support/requests.ts';
import { assertReferenceShape, kmBetween } from '../support/shape.ts';
import { LOCATION_EXTENSIONS, PAIR_MOVE_EXTENSIONS, TOP_EXTENSIONS } from '../support/document-shape.ts';

const minutes = (a: string, b: string) => (Date.parse(a) - Date.parse(b)) / 60_000;

for (const engine of engines()) {
  describe(`POST /v1/concierge-loaner-moves on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    test('the reference request returns the reference response shape', async () => {
      const res = await t.request('POST', '/v1/concierge-loaner-moves', { body: conciergeLoanerRequest() });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const body = res.json();
      const ref = referenceResponse();

      const extensions = assertReferenceShape(body, ref, { nullable: ['google_place_id'] });
      assert.deepEqual(extensions, {
        $: TOP_EXTENSIONS,
        '$.loaner_move': PAIR_MOVE_EXTENSIONS,
        '$.loaner_move.pickup_location': LOCATION_EXTENSIONS,
        '$.customer_move': PAIR_MOVE_EXTENSIONS,
        '$.customer_move.pickup_location': LOCATION_EXTENSIONS,
      });

      // Ready-by: appointment minus the drive, close to the reference's 23-minute lead.
      const lead = minutes(body.appointment_time_utc, body.ready_by_time_utc);
      assert.ok(lead >= 13 && lead <= 33, `lead ${lead} min`);
      assert.equal(body.ready_by_time_utc, '2026-03-25T13:37:00Z');
      assert.equal(body.earliest_available_time, body.ready_by_time_utc, 'within business hours (09:37 EDT)');
      assert.equal(body.message, null);

      for (const role of ['loaner_move', 'customer_move'] as const) {
        const km = kmBetween(body[role].pickup_location, ref[role].pickup_location);
        assert.ok(km <= 5, `${role} is ${km.toFixed(2)} km from the reference coordinates`);
        assert.equal(body[role].pickup_location.full_address, ref[role].pickup_location.full_address);
        assert.equal(body[role].move_uri, `${PUBLIC_URL}/v1/moves/${body[role].move_id}`);
        assert.equal(body[role].status, null);
        assert.equal(body[role].tracking_link, null);
      }
      assert.equal(body.loaner_move.lane_uri, body.customer_move.lane_uri, 'both legs share one lane');

      // Echoes: the loaner vehicle's absent fields are null, manual false; phone as sent.
      assert.deepEqual(body.loaner_move.vehicle, ref.loaner_move.vehicle);
      assert.deepEqual(body.customer_move.vehicle, ref.customer_move.vehicle);
      assert.equal(body.customer_phone, '888-888-8888');
      assert.equal(body.customer_move.reference_id, 'RO# 12345');
      assert.equal(body.customer_move.reference_num, 'RO# 12345');
      assert.equal(body.usecase_key, 'concierge-loaner-pu');

      // Pickup: leg 0 is the loaner, service lot → customer; leg 1 comes back.
      assert.equal(body.loaner_move.cardinality, 0);
      assert.equal(body.customer_move.cardinality, 1);
      assert.equal(body.loaner_move.delivery_location.location_id, body.customer_move.pickup_location.location_id);
      assert.equal(body.customer_move.delivery_location.location_id, body.loaner_move.pickup_location.location_id);

      // GET either move returns the same pair, byte for byte.
      for (const role of ['loaner_move', 'customer_move'] as const) {
        const got = await t.request('GET', new URL(body[role].move_uri).pathname);
        assert.equal(got.statusCode, 200);
        assert.equal(got.body, res.body);
      }
    });

    test('the booking wrote two moves and their move.created events in one go', async () => {
      const before = { moves: await t.count('moves'), events: await t.count('events') };
      const body = (await t.request('POST', '/v1/concierge-loaner-moves', { body: conciergeLoanerRequest() })).json();
      assert.equal(await t.count('moves'), before.moves + 2);
      assert.equal(await t.count('events'), before.events + 2);
      const events = await t.deps.database.db
        .selectFrom('events')
        .selectAll()
        .where('move_id', 'in', [body.loaner_move.move_id, body.customer_move.move_id])
        .orderBy('move_id')
        .execute();
      assert.deepEqual(
        events.map((e) => [e.move_id, e.type, e.sequence, e.rooftop_id]),
        [
          [body.loaner_move.move_id, 'move.created', 1, t.rooftopId],
          [body.customer_move.move_id, 'move.created', 1, t.rooftopId],
        ],
      );
      assert.deepEqual(JSON.parse(events[0]!.data), body, 'the event carries the move document');
    });

    test('return mirrors the legs: the customer car leaves the service lot first', async () => {
      const req = conciergeLoanerRequest();
      req.customer_action = 'return';
      // For a return the customer's car is at the service lot and the loaner is with the customer.
      [req.loaner_move.pickup_location, req.customer_move.pickup_location] = [
        req.customer_move.pickup_location,
        req.loaner_move.pickup_location,
      ];
      const res = await t.request('POST', '/v1/concierge-loaner-moves', { body: req });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.usecase_key, 'concierge-loaner-ret');
      assert.equal(body.customer_move.cardinality, 0);
      assert.equal(body.loaner_move.cardinality, 1);
      assert.equal(body.customer_move.pickup_location.zip, '23236', 'leg 0 starts at the service lot');
      assert.equal(body.customer_move.delivery_location.zip, '23220');
      assert.equal(body.loaner_move.pickup_location.zip, '23220');
      assert.equal(body.loaner_move.delivery_location.zip, '23236');
      assert.equal(body.ready_by_time_utc, '2026-03-25T13:37:00Z', 'the driver still has to reach the customer by 14:00');
      assert.deepEqual(Object.keys(body).slice(0, 2), ['loaner_move', 'customer_move'], 'document order is fixed');
    });

    test('the same addresses, spelled differently, reuse the same locations and lane', async () => {
      const first = (await t.request('POST', '/v1/concierge-loaner-moves', { body: conciergeLoanerRequest() })).json();
      const locations = await t.count('locations');
      const lanes = await t.count('lanes');
      const req = conciergeLoanerRequest();
      Object.assign(req.customer_move.pickup_location, {
        address_one: '210  South Mulberry Street',
        state: 'Virginia',
        zip: '23220-1234',
      });
      req.loaner_move.pickup_location.address_one = '11161 research plaza way';
      const second = (await t.request('POST', '/v1/concierge-loaner-moves', { body: req })).json();
      assert.equal(second.customer_move.pickup_location.location_id, first.customer_move.pickup_location.location_id);
      assert.equal(second.loaner_move.pickup_location.location_id, first.loaner_move.pickup_location.location_id);
      assert.equal(second.customer_move.lane_uri, first.customer_move.lane_uri);
      assert.equal(await t.count('locations'), locations);
      assert.equal(await t.count('lanes'), lanes);
      assert.notEqual(second.customer_move.move_id, first.customer_move.move_id);
    });

    test('an appointment before the lot opens gives the next opening and says why', async () => {
      const req = conciergeLoanerRequest();
      req.appointment_time_utc = '2026-03-25T10:30:00Z'; // 06:30 EDT
      const body = (await t.request('POST', '/v1/concierge-loaner-moves', { body: req })).json();
      assert.equal(body.ready_by_time_utc, '2026-03-25T10:07:00Z');
      assert.equal(body.earliest_available_time, '2026-03-25T11:00:00Z');
      assert.equal(body.message, 'Service lot opens at 7:00 AM EDT');
    });

    test('accepted variants: offsets, the space form, a numeric year, a VIN warning', async () => {
      const req = conciergeLoanerRequest();
      req.appointment_time_utc = '2026-03-25T10:00:00.250-04:00';
      req.customer_move.vehicle.year = 2012;
      req.customer_move.vehicle.vin = '5gakrbed4bj262438';
      const res = await t.request('POST', '/v1/concierge-loaner-moves', { body: req });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.appointment_time_utc, '2026-03-25T14:00:00Z');
      assert.equal(body.customer_move.vehicle.year, '2012');
      assert.equal(body.customer_move.vehicle.vin, '5GAKRBED4BJ262438');
      assert.deepEqual(
        body.warnings.map((w: { field: string }) => w.field),
        ['customer_move.vehicle.vin', 'customer_move.vehicle.vin'],
      );
      assert.match(body.warnings[0].message, /check digit/);
      assert.match(body.warnings[1].message, /2011/);

      const spaced = conciergeLoanerRequest();
      spaced.appointment_time_utc = '2026-03-25 14:00:00';
      const res2 = await t.request('POST', '/v1/concierge-loaner-moves', { body: spaced });
      assert.equal(res2.json().appointment_time_utc, '2026-03-25T14:00:00Z');
    });

    test('unknown fields are ignored and strings are trimmed', async () => {
      const req = conciergeLoanerRequest();
      req.surprise = { nested: [1, 2] };
      req.customer_name = '  Harry Stevens  ';
      req.customer_move.vehicle.make = ' Buick ';
      const body = (await t.request('POST', '/v1/concierge-loaner-moves', { body: req })).json();
      assert.equal(body.customer_name, 'Harry Stevens');
      assert.equal(body.customer_move.vehicle.make, 'Buick');
      assert.equal('surprise' in body, false);
    });
  });
}
