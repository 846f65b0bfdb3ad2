// POST /v1/concierge-moves (spec §5.2, §5, §5.5, §6): one move, the customer's car alone. `pickup`
// collects it (customer → service lot, ready at the appointment); `return` brings it back (service
// lot → customer, ready a drive before the appointment). The happy paths pin the document layout
// key by key against the reference move object; the table below pins every refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { conciergeRequest, customerLocation, serviceLotLocation } from '../support/requests.ts';
import { atlanta, counts, mutator, runBadRequestTable, SERVICE_AREA_ENV, type Row } from '../support/bad-request-table.ts';
import { assertCreatedEvents, assertGetReturnsSame, assertMoveLayout, INSTANT, SINGLE_TOP_EXTENSIONS } from '../support/document-shape.ts';

const PATH = '/v1/concierge-moves';

// ── the decided layout ──────────────────────────────────────────────────────────────────────────
const TOP_KEYS = [
  'ready_by_time_utc',
  'appointment_time_utc',
  'customer_name',
  'customer_phone',
  'customer_action',
  'customer_move',
  ...SINGLE_TOP_EXTENSIONS,
];

for (const engine of engines()) {
  describe(`POST ${PATH} on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    test('pickup: the customer car goes to the service lot, ready at the appointment', async () => {
      const before = await counts(t);
      const res = await t.request('POST', PATH, { body: conciergeRequest('pickup') });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const body = res.json();

      assert.deepEqual(Object.keys(body), TOP_KEYS);
      assertMoveLayout(t, body.customer_move, '$.customer_move');
      for (const k of ['ready_by_time_utc', 'appointment_time_utc', 'earliest_available_time']) assert.match(body[k], INSTANT);

      // Top-level echoes and scheduling: ready_by = appointment (Wed 10:00 EDT, inside business hours).
      assert.equal(body.appointment_time_utc, '2026-03-25T14:00:00Z');
      assert.equal(body.ready_by_time_utc, '2026-03-25T14:00:00Z');
      assert.equal(body.earliest_available_time, '2026-03-25T14:00:00Z');
      assert.equal(body.message, null);
      assert.equal(body.customer_name, 'Harry Stevens');
      assert.equal(body.customer_phone, '804-555-0134');
      assert.equal(body.customer_action, 'pickup');
      assert.equal(body.usecase_key, 'concierge-pu');
      assert.deepEqual(body.warnings, []);

      // Direction: customer (23220) → service lot (23236), one leg.
      const m = body.customer_move;
      assert.equal(m.usecase_key, 'concierge-pu');
      assert.equal(m.cardinality, 0);
      assert.equal(m.pickup_location.zip, '23220');
      assert.equal(m.pickup_location.full_address, '210 S Mulberry St, Richmond, VA 23220, USA');
      assert.equal(m.delivery_location.zip, '23236');
      assert.equal(m.delivery_location.full_address, '11161 Research Plaza Way, Richmond, VA 23236, USA');
      assert.notEqual(m.pickup_location.location_id, m.delivery_location.location_id);
      assert.equal(m.reference_id, 'RO# 12346');
      assert.equal(m.reference_num, 'RO# 12346');
      assert.equal(m.dealer_contact, 'Jane Smith');
      assert.equal(m.special_instructions, 'Keys with the customer');
      assert.deepEqual(m.vehicle, conciergeRequest().customer_move.vehicle);

      await assertGetReturnsSame(t, res, [m]);
      await assertCreatedEvents(t, body, [m]);
      const now = await counts(t);
      assert.equal(now.moves, before.moves! + 1);
      assert.equal(now.scenarios, before.scenarios! + 1);
      assert.equal(now.events, before.events! + 1);
    });

    test('return: the customer car leaves the service lot a drive before the appointment', async () => {
      const pickup = (await t.request('POST', PATH, { body: conciergeRequest('pickup') })).json();
      const before = await counts(t);
      const res = await t.request('POST', PATH, { body: conciergeRequest('return') });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();

      assert.deepEqual(Object.keys(body), TOP_KEYS);
      assertMoveLayout(t, body.customer_move, '$.customer_move');
      assert.equal(body.customer_action, 'return');
      assert.equal(body.usecase_key, 'concierge-ret');
      assert.equal(body.customer_move.usecase_key, 'concierge-ret');

      // Direction: service lot → customer; the same two locations and the same (unordered) lane.
      const m = body.customer_move;
      assert.equal(m.cardinality, 0);
      assert.equal(m.pickup_location.zip, '23236');
      assert.equal(m.delivery_location.zip, '23220');
      assert.equal(m.pickup_location.location_id, pickup.customer_move.delivery_location.location_id);
      assert.equal(m.delivery_location.location_id, pickup.customer_move.pickup_location.location_id);
      assert.equal(m.lane_uri, pickup.customer_move.lane_uri, 'one lane for both directions');

      // ready_by = appointment − drive time, floored to the minute (23236 → 23220 is the reference drive).
      const appointment = Date.parse(body.appointment_time_utc);
      const expected = Math.floor((appointment - m.duration_minutes * 60_000) / 60_000) * 60_000;
      assert.equal(body.ready_by_time_utc, new Date(expected).toISOString().replace('.000Z', 'Z'));
      assert.equal(body.ready_by_time_utc, '2026-03-25T13:37:00Z');
      assert.equal(body.earliest_available_time, '2026-03-25T13:37:00Z');
      assert.equal(body.message, null);

      await assertGetReturnsSame(t, res, [m]);
      await assertCreatedEvents(t, body, [m]);
      const now = await counts(t);
      assert.deepEqual(now, { ...before, moves: before.moves! + 1, scenarios: before.scenarios! + 1, events: before.events! + 1 });
    });

    test('a Sunday pickup is scheduled for the next opening, and says why', async () => {
      const req = conciergeRequest('pickup');
      req.appointment_time_utc = '2026-03-22T15:00:00Z'; // Sun 11:00 EDT: the lot is closed all day
      const res = await t.request('POST', PATH, { body: req });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.ready_by_time_utc, '2026-03-22T15:00:00Z');
      assert.equal(body.earliest_available_time, '2026-03-23T11:00:00Z', 'Mon 07:00 EDT');
      assert.equal(typeof body.message, 'string');
      assert.match(body.message, /7:00 AM EDT/);
      assert.deepEqual(Object.keys(body), TOP_KEYS);
      await assertGetReturnsSame(t, res, [body.customer_move]);
    });

    test('an early return whose ready-by falls before opening gives the opening time', async () => {
      const req = conciergeRequest('return');
      req.appointment_time_utc = '2026-03-25T11:15:00Z'; // 07:15 EDT: ready by 06:52 EDT
      const body = (await t.request('POST', PATH, { body: req })).json();
      assert.equal(body.ready_by_time_utc, '2026-03-25T10:52:00Z');
      assert.equal(body.earliest_available_time, '2026-03-25T11:00:00Z');
      assert.equal(body.message, 'Service lot opens at 7:00 AM EDT');
    });

    test('a pickup ten minutes from now is accepted (the driver collects at the appointment)', async () => {
      const req = conciergeRequest('pickup');
      req.appointment_time_utc = '2026-03-18T12:10:00Z';
      const res = await t.request('POST', PATH, { body: req });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().ready_by_time_utc, '2026-03-18T12:10:00Z');
      assert.equal(res.json().earliest_available_time, '2026-03-18T12:10:00Z');
    });
  });
}

// ── bad requests ────────────────────────────────────────────────────────────────────────────────

const mutate = mutator(() => conciergeRequest('pickup'));
const mutateReturn = mutator(() => conciergeRequest('return'));

const CM = 'customer_move';
const CV = 'customer_move.vehicle';
const CPL = 'customer_move.pickup_location';
const CDL = 'customer_move.delivery_location';

const rows: Row[] = [
  // ── top level ─────────────────────────────────────────────────────────────────────────────────
  {
    name: 'an empty JSON object lists every required top-level field',
    request: () => ({ body: {} }),
    status: 400,
    code: 'field_missing',
    errors: [
      ['field_missing', 'appointment_time_utc'],
      ['field_missing', 'customer_name'],
      ['field_missing', 'customer_phone'],
      ['field_missing', 'customer_action'],
      ['field_missing', CM],
    ],
  },
  {
    name: 'appointment_time_utc absent',
    request: mutate((b) => delete b.appointment_time_utc),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc empty',
    request: mutate((b) => (b.appointment_time_utc = '  ')),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc a number (epoch seconds)',
    request: mutate((b) => (b.appointment_time_utc = 1774447200)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc a date without a time',
    request: mutate((b) => (b.appointment_time_utc = '2026-03-25')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc in T form without an offset',
    request: mutate((b) => (b.appointment_time_utc = '2026-03-25T14:00:00')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc an impossible date (April 31)',
    request: mutate((b) => (b.appointment_time_utc = '2026-04-31 14:00:00')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc in US format',
    request: mutate((b) => (b.appointment_time_utc = '03/25/2026 2:00 PM')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc more than 5 minutes in the past',
    request: mutate((b) => (b.appointment_time_utc = '2026-03-18T11:54:59Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc more than 365 days ahead',
    request: mutate((b) => (b.appointment_time_utc = '2027-03-18T12:00:01Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'a return so soon that the car would have to be ready in the past',
    // 12:10 UTC appointment, a 23-minute drive: ready by 11:47, beyond the 5-minute grace.
    request: mutateReturn((b) => (b.appointment_time_utc = '2026-03-18T12:10:00Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'customer_name null',
    request: mutate((b) => (b.customer_name = null)),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'customer_name']],
  },
  {
    name: 'customer_name an array',
    request: mutate((b) => (b.customer_name = ['Harry', 'Stevens'])),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'customer_name']],
  },
  {
    name: 'customer_phone not a US number',
    request: mutate((b) => (b.customer_phone = '555-0134')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'customer_phone']],
  },
  {
    name: 'customer_action absent',
    request: mutate((b) => delete b.customer_action),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'customer_action']],
  },
  {
    name: 'customer_action not pickup / return',
    request: mutate((b) => (b.customer_action = 'delivery')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'customer_action']],
  },

  // ── the move object ───────────────────────────────────────────────────────────────────────────
  {
    name: 'customer_move absent',
    request: mutate((b) => delete b.customer_move),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', CM]],
  },
  {
    name: 'customer_move an array',
    request: mutate((b) => (b.customer_move = [b.customer_move])),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', CM]],
  },
  {
    name: 'customer_move.vehicle absent',
    request: mutate((b) => delete b.customer_move.vehicle),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', CV]],
  },
  {
    name: 'customer_move.vehicle a string',
    request: mutate((b) => (b.customer_move.vehicle = 'Buick Enclave')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', CV]],
  },
  {
    name: 'vehicle make empty and manual absent',
    request: mutate((b) => {
      b.customer_move.vehicle.make = '';
      delete b.customer_move.vehicle.manual;
    }),
    status: 400,
    code: 'field_missing',
    errors: [
      ['field_missing', `${CV}.make`],
      ['field_missing', `${CV}.manual`],
    ],
  },
  {
    name: 'vehicle.year a boolean',
    request: mutate((b) => (b.customer_move.vehicle.year = false)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CV}.year`]],
  },
  {
    name: 'special_instructions over 2,000 characters',
    request: mutate((b) => (b.customer_move.special_instructions = 'x'.repeat(2001))),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CM}.special_instructions`]],
  },

  // ── locations ─────────────────────────────────────────────────────────────────────────────────
  {
    name: 'pickup_location absent',
    request: mutate((b) => delete b.customer_move.pickup_location),
    status: 400,
    code: 'pickup_location_required',
    errors: [['pickup_location_required', CPL]],
  },
  {
    name: 'pickup_location null',
    request: mutate((b) => (b.customer_move.pickup_location = null)),
    status: 400,
    code: 'pickup_location_required',
    errors: [['pickup_location_required', CPL]],
  },
  {
    name: 'delivery_location absent',
    request: mutate((b) => delete b.customer_move.delivery_location),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', CDL]],
  },
  {
    name: 'delivery_location a string',
    request: mutate((b) => (b.customer_move.delivery_location = '11161 Research Plaza Way, Richmond, VA 23236')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', CDL]],
  },
  {
    name: 'both locations absent',
    request: mutate((b) => {
      delete b.customer_move.pickup_location;
      delete b.customer_move.delivery_location;
    }),
    status: 400,
    code: ['pickup_location_required', 'field_missing'],
    errors: [
      ['pickup_location_required', CPL],
      ['field_missing', CDL],
    ],
  },
  {
    name: 'delivery_location an empty object lists its required fields',
    request: mutate((b) => (b.customer_move.delivery_location = {})),
    status: 400,
    code: 'field_missing',
    errors: ['name', 'address_one', 'city', 'state', 'zip'].map((k) => ['field_missing', `${CDL}.${k}`] as const),
  },
  {
    name: 'pickup_location.address_one empty',
    request: mutate((b) => (b.customer_move.pickup_location.address_one = '')),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', `${CPL}.address_one`]],
  },
  {
    name: 'delivery_location.state not a state',
    request: mutate((b) => (b.customer_move.delivery_location.state = 'ZZ')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CDL}.state`]],
  },
  {
    name: 'an unknown ZIP',
    request: mutate((b) => (b.customer_move.pickup_location.zip = '99999')),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', `${CPL}.zip`]],
  },
  {
    name: 'a ZIP in another state (Atlanta ZIP with VA)',
    request: mutate((b) => (b.customer_move.delivery_location.zip = '30301')),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', `${CDL}.zip`]],
  },
  {
    name: 'the same address for both ends',
    request: mutate((b) => (b.customer_move.delivery_location = customerLocation())),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', CDL]],
  },
  {
    name: 'the same address for both ends, spelled differently',
    request: mutateReturn((b) => {
      b.customer_move.delivery_location = {
        ...serviceLotLocation(),
        name: 'Service drive',
        address_one: '11161  research plaza way',
        state: 'Virginia',
        zip: '23236-1234',
      };
    }),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', CDL]],
  },
  {
    name: 'a drive longer than 250 miles (customer in Atlanta)',
    request: mutate((b) => (b.customer_move.pickup_location = { ...atlanta })),
    status: 400,
    code: 'outside_region',
    errors: [['outside_region', CM]],
  },

  // ── several problems at once: every one is listed ─────────────────────────────────────────────
  {
    name: 'problems at every level at once',
    request: mutate((b) => {
      b.appointment_time_utc = '2026-03-25T14:00:00';
      b.customer_name = '';
      b.customer_action = 'later';
      delete b.customer_move.vehicle.model;
      b.customer_move.vehicle.vin = 'SHORTVIN';
      b.customer_move.pickup_location.zip = 'ABCDE';
      b.customer_move.delivery_location.city = ' ';
    }),
    status: 400,
    code: ['field_missing', 'field_invalid'],
    errors: [
      ['field_invalid', 'appointment_time_utc'],
      ['field_missing', 'customer_name'],
      ['field_invalid', 'customer_action'],
      ['field_missing', `${CV}.model`],
      ['field_invalid', `${CV}.vin`],
      ['field_invalid', `${CPL}.zip`],
      ['field_missing', `${CDL}.city`],
    ],
  },
  {
    name: 'the same address for both ends and an appointment in the past',
    request: mutate((b) => {
      b.customer_move.delivery_location = customerLocation();
      b.appointment_time_utc = '2026-03-17T14:00:00Z';
    }),
    status: 400,
    code: ['field_invalid', 'address_invalid'],
    errors: [
      ['field_invalid', 'appointment_time_utc'],
      ['address_invalid', CDL],
    ],
  },
  {
    name: 'an unknown ZIP, a missing delivery_location and a bad phone',
    request: mutate((b) => {
      b.customer_move.pickup_location.zip = '00000';
      delete b.customer_move.delivery_location;
      b.customer_phone = '12';
    }),
    status: 400,
    code: ['field_invalid', 'field_missing', 'address_invalid'],
    errors: [
      ['field_invalid', 'customer_phone'],
      ['address_invalid', `${CPL}.zip`],
      ['field_missing', CDL],
    ],
  },
  {
    // Problems that need the drive time (ready-by after the drive, outside_region) are checked
    // once the request itself reads cleanly: the drive is only worked out for a valid request.
    name: 'a bad phone is reported before the drive-time check of a return that is too soon',
    request: mutateReturn((b) => {
      b.appointment_time_utc = '2026-03-18T12:10:00Z';
      b.customer_phone = '555-0134';
    }),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'customer_phone']],
  },
];

runBadRequestTable({
  path: PATH,
  rows,
  baseRequest: {
    name: 'both base requests are accepted (each row below breaks them)',
    bodies: () => [conciergeRequest('pickup'), conciergeRequest('return')],
  },
  minRows: 15,
  env: SERVICE_AREA_ENV,
});
