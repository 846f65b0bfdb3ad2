// POST /v1/concierge-moves (spec §5.2, §5, §5.5, §6): one move, the customer's car alone. `pickup`
// collects it (customer → service lot, ready at the appointment); `return` brings it back (service
// lot → customer, ready a drive before the appointment). The happy paths pin the document layout
// key by key against the reference move object; the table below pins every refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { PUBLIC_URL, startTestApp, type TestApp } from '../support/app.ts';
import { conciergeRequest, customerLocation, referenceResponse, serviceLotLocation } from '../support/requests.ts';
import { assertReferenceShape } from '../support/shape.ts';

const PATH = '/v1/concierge-moves';
const TABLES = ['moves', 'scenarios', 'locations', 'lanes', 'events'] as const;

// ── the decided layout ──────────────────────────────────────────────────────────────────────────
const REF_MOVE = referenceResponse().customer_move;
const REF_LOCATION = REF_MOVE.pickup_location;
const LOCATION_EXTENSIONS = ['address_two', 'timezone', 'geocode_precision', 'location_uri'];
const MOVE_EXTENSIONS = [
  'reference_num',
  'delivery_location',
  'usecase_key',
  'cardinality',
  'distance_miles',
  'duration_minutes',
  'driver_name',
  'rooftop',
];
const TOP_KEYS = [
  'ready_by_time_utc',
  'appointment_time_utc',
  'customer_name',
  'customer_phone',
  'customer_action',
  'customer_move',
  'earliest_available_time',
  'message',
  'usecase_key',
  'warnings',
];
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

type Doc = Record<string, any>;

/** One move object: the reference move's keys in order, then exactly our extensions; both locations likewise. */
function assertMoveLayout(t: TestApp, move: Doc, path: string): void {
  const extensions = assertReferenceShape(move, REF_MOVE, { nullable: ['google_place_id'], path });
  assert.deepEqual(extensions, { [path]: MOVE_EXTENSIONS, [`${path}.pickup_location`]: LOCATION_EXTENSIONS });
  assert.deepEqual(Object.keys(move), [...Object.keys(REF_MOVE), ...MOVE_EXTENSIONS], `${path}: exact keys`);
  const delivery = assertReferenceShape(move.delivery_location, REF_LOCATION, {
    nullable: ['google_place_id'],
    path: `${path}.delivery_location`,
  });
  assert.deepEqual(delivery, { [`${path}.delivery_location`]: LOCATION_EXTENSIONS });

  for (const loc of [move.pickup_location, move.delivery_location]) {
    assert.equal(loc.location_uri, `${PUBLIC_URL}/v1/locations/${loc.location_id}`);
    assert.equal(loc.address_two, null);
    assert.equal(loc.timezone, 'America/New_York');
    assert.ok(['rooftop', 'street', 'zip'].includes(loc.geocode_precision), loc.geocode_precision);
  }
  assert.equal(move.move_uri, `${PUBLIC_URL}/v1/moves/${move.move_id}`);
  assert.match(move.lane_uri, new RegExp(`^${PUBLIC_URL}/v1/lanes/\\d+$`));
  for (const k of ['status', 'cancel_status', 'pickup_started', 'pickup_arrived', 'pickup_successful']) {
    assert.equal(move[k], null, `${path}.${k} is null when booked`);
  }
  for (const k of ['delivery_started', 'delivery_arrived', 'delivery_successful', 'tracking_link', 'driver_name']) {
    assert.equal(move[k], null, `${path}.${k} is null when booked`);
  }
  assert.equal(typeof move.distance_miles, 'number');
  assert.equal(typeof move.duration_minutes, 'number');
  assert.ok(move.distance_miles > 0 && move.duration_minutes > 0);
  assert.equal(move.rooftop, t.rooftopId);
}

/** GET of every move_uri returns the booking body byte for byte (spec §6). */
async function assertGetReturnsSame(t: TestApp, res: { body: string }, moves: Doc[]): Promise<void> {
  for (const move of moves) {
    const got = await t.request('GET', new URL(move.move_uri).pathname);
    assert.equal(got.statusCode, 200, got.body);
    assert.equal(got.body, res.body, `GET ${move.move_uri} returns the booking document`);
  }
}

/** Exactly one move.created event per move, carrying the document. */
async function assertCreatedEvents(t: TestApp, body: Doc, moves: Doc[]): Promise<void> {
  const ids = moves.map((m) => m.move_id as number);
  const events = await t.deps.database.db
    .selectFrom('events')
    .selectAll()
    .where('move_id', 'in', ids)
    .orderBy('move_id')
    .execute();
  assert.deepEqual(
    events.map((e) => [e.move_id, e.type, e.sequence, e.rooftop_id]),
    ids.map((id) => [id, 'move.created', 1, t.rooftopId]),
  );
  for (const e of events) assert.deepEqual(JSON.parse(e.data), body, 'the event carries the move document');
}

async function counts(t: TestApp): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(TABLES.map(async (n) => [n, await t.count(n)])));
}

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

type Problem = readonly [code: string, field: string | null];

interface Row {
  name: string;
  body: (t: TestApp) => unknown;
  status: number;
  /** The top-level code; a list when several codes are in `errors` (the spec does not say which one leads). */
  code: string | readonly string[];
  /** Exactly the {code, field} pairs `errors` must hold. */
  errors: readonly Problem[];
}

const mutate =
  (change: (b: Doc) => void): Row['body'] =>
  () => {
    const body = conciergeRequest('pickup');
    change(body);
    return body;
  };
const mutateReturn =
  (change: (b: Doc) => void): Row['body'] =>
  () => {
    const body = conciergeRequest('return');
    change(body);
    return body;
  };

const CM = 'customer_move';
const CV = 'customer_move.vehicle';
const CPL = 'customer_move.pickup_location';
const CDL = 'customer_move.delivery_location';
const atlanta = { name: 'Customer', address_one: '55 Trinity Ave SW', city: 'Atlanta', state: 'GA', zip: '30301' };

const rows: Row[] = [
  // ── top level ─────────────────────────────────────────────────────────────────────────────────
  {
    name: 'an empty JSON object lists every required top-level field',
    body: () => ({}),
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
    body: mutate((b) => delete b.appointment_time_utc),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc empty',
    body: mutate((b) => (b.appointment_time_utc = '  ')),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc a number (epoch seconds)',
    body: mutate((b) => (b.appointment_time_utc = 1774447200)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc a date without a time',
    body: mutate((b) => (b.appointment_time_utc = '2026-03-25')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc in T form without an offset',
    body: mutate((b) => (b.appointment_time_utc = '2026-03-25T14:00:00')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc an impossible date (April 31)',
    body: mutate((b) => (b.appointment_time_utc = '2026-04-31 14:00:00')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc in US format',
    body: mutate((b) => (b.appointment_time_utc = '03/25/2026 2:00 PM')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc more than 5 minutes in the past',
    body: mutate((b) => (b.appointment_time_utc = '2026-03-18T11:54:59Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'appointment_time_utc more than 365 days ahead',
    body: mutate((b) => (b.appointment_time_utc = '2027-03-18T12:00:01Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'a return so soon that the car would have to be ready in the past',
    // 12:10 UTC appointment, a 23-minute drive: ready by 11:47, beyond the 5-minute grace.
    body: mutateReturn((b) => (b.appointment_time_utc = '2026-03-18T12:10:00Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'appointment_time_utc']],
  },
  {
    name: 'customer_name null',
    body: mutate((b) => (b.customer_name = null)),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'customer_name']],
  },
  {
    name: 'customer_name an array',
    body: mutate((b) => (b.customer_name = ['Harry', 'Stevens'])),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'customer_name']],
  },
  {
    name: 'customer_phone not a US number',
    body: mutate((b) => (b.customer_phone = '555-0134')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'customer_phone']],
  },
  {
    name: 'customer_action absent',
    body: mutate((b) => delete b.customer_action),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'customer_action']],
  },
  {
    name: 'customer_action not pickup / return',
    body: mutate((b) => (b.customer_action = 'delivery')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'customer_action']],
  },

  // ── the move object ───────────────────────────────────────────────────────────────────────────
  {
    name: 'customer_move absent',
    body: mutate((b) => delete b.customer_move),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', CM]],
  },
  {
    name: 'customer_move an array',
    body: mutate((b) => (b.customer_move = [b.customer_move])),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', CM]],
  },
  {
    name: 'customer_move.vehicle absent',
    body: mutate((b) => delete b.customer_move.vehicle),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', CV]],
  },
  {
    name: 'customer_move.vehicle a string',
    body: mutate((b) => (b.customer_move.vehicle = 'Buick Enclave')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', CV]],
  },
  {
    name: 'vehicle make empty and manual absent',
    body: mutate((b) => {
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
    body: mutate((b) => (b.customer_move.vehicle.year = false)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CV}.year`]],
  },
  {
    name: 'special_instructions over 2,000 characters',
    body: mutate((b) => (b.customer_move.special_instructions = 'x'.repeat(2001))),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CM}.special_instructions`]],
  },

  // ── locations ─────────────────────────────────────────────────────────────────────────────────
  {
    name: 'pickup_location absent',
    body: mutate((b) => delete b.customer_move.pickup_location),
    status: 400,
    code: 'pickup_location_required',
    errors: [['pickup_location_required', CPL]],
  },
  {
    name: 'pickup_location null',
    body: mutate((b) => (b.customer_move.pickup_location = null)),
    status: 400,
    code: 'pickup_location_required',
    errors: [['pickup_location_required', CPL]],
  },
  {
    name: 'delivery_location absent',
    body: mutate((b) => delete b.customer_move.delivery_location),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', CDL]],
  },
  {
    name: 'delivery_location a string',
    body: mutate((b) => (b.customer_move.delivery_location = '11161 Research Plaza Way, Richmond, VA 23236')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', CDL]],
  },
  {
    name: 'both locations absent',
    body: mutate((b) => {
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
    body: mutate((b) => (b.customer_move.delivery_location = {})),
    status: 400,
    code: 'field_missing',
    errors: ['name', 'address_one', 'city', 'state', 'zip'].map((k) => ['field_missing', `${CDL}.${k}`] as const),
  },
  {
    name: 'pickup_location.address_one empty',
    body: mutate((b) => (b.customer_move.pickup_location.address_one = '')),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', `${CPL}.address_one`]],
  },
  {
    name: 'delivery_location.state not a state',
    body: mutate((b) => (b.customer_move.delivery_location.state = 'ZZ')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${CDL}.state`]],
  },
  {
    name: 'an unknown ZIP',
    body: mutate((b) => (b.customer_move.pickup_location.zip = '99999')),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', `${CPL}.zip`]],
  },
  {
    name: 'a ZIP in another state (Atlanta ZIP with VA)',
    body: mutate((b) => (b.customer_move.delivery_location.zip = '30301')),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', `${CDL}.zip`]],
  },
  {
    name: 'the same address for both ends',
    body: mutate((b) => (b.customer_move.delivery_location = customerLocation())),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', CDL]],
  },
  {
    name: 'the same address for both ends, spelled differently',
    body: mutateReturn((b) => {
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
    body: mutate((b) => (b.customer_move.pickup_location = { ...atlanta })),
    status: 400,
    code: 'outside_region',
    errors: [['outside_region', CM]],
  },

  // ── several problems at once: every one is listed ─────────────────────────────────────────────
  {
    name: 'problems at every level at once',
    body: mutate((b) => {
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
    body: mutate((b) => {
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
    body: mutate((b) => {
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
    body: mutateReturn((b) => {
      b.appointment_time_utc = '2026-03-18T12:10:00Z';
      b.customer_phone = '555-0134';
    }),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'customer_phone']],
  },
];

const pairs = (problems: readonly Problem[]) => [...new Set(problems.map(([code, field]) => `${code} @ ${field}`))].sort();

for (const engine of engines()) {
  describe(`bad requests to POST ${PATH} on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, { MAX_DRIVE_MILES: '250', SERVICE_RADIUS_MILES: '150' });
    });
    after(() => t.close());

    test('both base requests are accepted (each row below breaks them)', async () => {
      for (const action of ['pickup', 'return'] as const) {
        const res = await t.request('POST', PATH, { body: conciergeRequest(action) });
        assert.equal(res.statusCode, 200, res.body);
      }
    });

    test('the table has at least 15 rows with distinct names', () => {
      assert.ok(rows.length >= 15, `${rows.length} rows`);
      assert.equal(new Set(rows.map((r) => r.name)).size, rows.length);
    });

    for (const row of rows) {
      test(row.name, async () => {
        const body = row.body(t);
        const before = await counts(t);
        const res = await t.request('POST', PATH, { body });

        assert.ok(res.statusCode < 500, `never a 5xx: ${res.statusCode} ${res.body}`);
        assert.equal(res.statusCode, row.status, res.body);
        assert.match(String(res.headers['content-type']), /^application\/json/);
        const err = res.json();
        const codes = typeof row.code === 'string' ? [row.code] : row.code;
        assert.ok(codes.includes(err.code), `code ${err.code}, expected ${codes.join(' or ')}`);
        assert.deepEqual(
          pairs(err.errors.map((e: { code: string; field: string | null }) => [e.code, e.field] as const)),
          pairs(row.errors),
          'errors: exactly the expected {code, field} pairs',
        );
        for (const e of err.errors) {
          assert.deepEqual(Object.keys(e).sort(), ['code', 'field', 'message']);
          assert.ok(typeof e.message === 'string' && e.message.length > 0, 'each problem has a message');
        }
        assert.ok(typeof err.message === 'string' && err.message.length > 0, 'a top-level message');
        assert.equal(err.doc_url, `${PUBLIC_URL}/docs/errors#${err.code}`);
        assert.equal(err.request_id, res.headers['x-request-id']);

        assert.deepEqual(await counts(t), before, 'nothing was written');
      });
    }
  });
}

