// POST /v1/round-trip-moves (spec §5.4, §5, §5.5, §6): two vehicles swap places with one driver.
// move_one (cardinality 0) goes from its pickup to move_two's pickup, move_two (cardinality 1)
// comes back; both share one lane. The happy paths pin the document layout key by key against
// the reference move object; the table below pins every refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { PUBLIC_URL, startTestApp, type TestApp } from '../support/app.ts';
import { downtownLocation, referenceResponse, roundTripRequest, serviceLotLocation } from '../support/requests.ts';
import { assertReferenceShape } from '../support/shape.ts';

const PATH = '/v1/round-trip-moves';
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
const TOP_KEYS = ['ready_by_time_utc', 'move_one', 'move_two', 'earliest_available_time', 'message', 'usecase_key', 'warnings'];
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

type Doc = Record<string, any>;

/** One move object: the reference move's keys in order, then exactly our extensions; both locations likewise. */
function assertMoveLayout(t: TestApp, move: Doc, path: string): void {
  const extensions = assertReferenceShape(move, REF_MOVE, { nullable: ['google_place_id', 'vin'], path });
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

    test('a demo car out to a customer downtown, the trade-in back', async () => {
      const before = await counts(t);
      const res = await t.request('POST', PATH, { body: roundTripRequest() });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const body = res.json();

      assert.deepEqual(Object.keys(body), TOP_KEYS);
      assertMoveLayout(t, body.move_one, '$.move_one');
      assertMoveLayout(t, body.move_two, '$.move_two');
      for (const k of ['ready_by_time_utc', 'earliest_available_time']) assert.match(body[k], INSTANT);

      assert.equal(body.ready_by_time_utc, '2026-03-25T14:00:00Z');
      assert.equal(body.earliest_available_time, '2026-03-25T14:00:00Z');
      assert.equal(body.message, null);
      assert.equal(body.usecase_key, 'round-trip');
      assert.deepEqual(body.warnings, []);

      // Directions: move_one service lot (23236) → downtown (23219); move_two downtown → service lot.
      const [one, two] = [body.move_one, body.move_two];
      assert.equal(one.cardinality, 0);
      assert.equal(two.cardinality, 1);
      assert.equal(one.usecase_key, 'round-trip');
      assert.equal(two.usecase_key, 'round-trip');
      assert.equal(one.pickup_location.zip, '23236');
      assert.equal(one.delivery_location.zip, '23219');
      assert.equal(two.pickup_location.zip, '23219');
      assert.equal(two.delivery_location.zip, '23236');
      assert.equal(two.pickup_location.full_address, '900 E Broad St, Richmond, VA 23219, USA');
      assert.notEqual(one.pickup_location.location_id, two.pickup_location.location_id);
      assert.equal(one.delivery_location.location_id, two.pickup_location.location_id);
      assert.equal(two.delivery_location.location_id, one.pickup_location.location_id);
      assert.deepEqual(one.delivery_location, two.pickup_location);
      assert.deepEqual(two.delivery_location, one.pickup_location);
      assert.equal(one.lane_uri, two.lane_uri, 'both legs share one lane');
      assert.equal(one.distance_miles, two.distance_miles);
      assert.notEqual(one.move_id, two.move_id);

      // Echoes: a numeric year comes back as a string, a null VIN as null, reference_num as both keys.
      assert.deepEqual(one.vehicle, { stock: 'N4410', vin: null, year: '2026', make: 'Buick', model: 'Envision', color: 'blue', manual: false });
      assert.deepEqual(two.vehicle, roundTripRequest().move_two.vehicle);
      assert.equal(one.reference_id, 'DEMO-55');
      assert.equal(one.reference_num, 'DEMO-55');
      assert.equal(two.reference_id, 'TRADE-55');
      assert.equal(two.reference_num, 'TRADE-55');
      assert.equal(one.special_instructions, 'Demo for Ms. Lee, full tank');

      await assertGetReturnsSame(t, res, [one, two]);
      await assertCreatedEvents(t, body, [one, two]);
      const now = await counts(t);
      assert.equal(now.moves, before.moves! + 2);
      assert.equal(now.scenarios, before.scenarios! + 1);
      assert.equal(now.events, before.events! + 2);
      assert.ok(now.lanes! <= before.lanes! + 1, 'one lane for both legs');
      assert.ok(now.locations! <= before.locations! + 2);

      const lane = await t.request('GET', new URL(one.lane_uri).pathname);
      assert.equal(lane.statusCode, 200, lane.body);
      assert.deepEqual(
        lane.json().locations.map((l: { location_id: number }) => l.location_id).sort(),
        [one.pickup_location.location_id, two.pickup_location.location_id].sort(),
      );
    });

    test('booking it again reuses both locations and the lane', async () => {
      const first = (await t.request('POST', PATH, { body: roundTripRequest() })).json();
      const before = await counts(t);
      const second = (await t.request('POST', PATH, { body: roundTripRequest() })).json();
      assert.equal(second.move_one.lane_uri, first.move_one.lane_uri);
      assert.equal(second.move_one.pickup_location.location_id, first.move_one.pickup_location.location_id);
      assert.equal(second.move_two.pickup_location.location_id, first.move_two.pickup_location.location_id);
      const now = await counts(t);
      assert.deepEqual(now, { ...before, moves: before.moves! + 2, scenarios: before.scenarios! + 1, events: before.events! + 2 });
    });

    test('a ready-by after Saturday closing is scheduled for Monday opening, and says why', async () => {
      const req = roundTripRequest();
      req.ready_by_time_utc = '2026-03-21T23:30:00Z'; // Sat 19:30 EDT: closed, and closed all Sunday
      const res = await t.request('POST', PATH, { body: req });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(Object.keys(body), TOP_KEYS);
      assert.equal(body.ready_by_time_utc, '2026-03-21T23:30:00Z', 'ready_by stays as given');
      assert.equal(body.earliest_available_time, '2026-03-23T11:00:00Z', 'Mon 07:00 EDT');
      assert.equal(typeof body.message, 'string');
      assert.match(body.message, /7:00 AM EDT/);
      await assertGetReturnsSame(t, res, [body.move_one, body.move_two]);
      await assertCreatedEvents(t, body, [body.move_one, body.move_two]);
    });

    test('a delivery_location sent on a round-trip move is ignored (each leg delivers to the other pickup)', async () => {
      const req = roundTripRequest();
      req.move_one.delivery_location = { name: 'Elsewhere', address_one: '55 Trinity Ave SW', city: 'Atlanta', state: 'GA', zip: '30301' };
      req.move_two.delivery_location = 'not even an object';
      const res = await t.request('POST', PATH, { body: req });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.move_one.delivery_location.location_id, body.move_two.pickup_location.location_id);
      assert.equal(body.move_two.delivery_location.location_id, body.move_one.pickup_location.location_id);
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
    const body = roundTripRequest();
    change(body);
    return body;
  };

const ONE = 'move_one';
const TWO = 'move_two';
const V1 = 'move_one.vehicle';
const V2 = 'move_two.vehicle';
const PL1 = 'move_one.pickup_location';
const PL2 = 'move_two.pickup_location';
const atlanta = { name: 'Customer', address_one: '55 Trinity Ave SW', city: 'Atlanta', state: 'GA', zip: '30301' };

const rows: Row[] = [
  // ── top level ─────────────────────────────────────────────────────────────────────────────────
  {
    name: 'an empty JSON object lists every required top-level field',
    body: () => ({}),
    status: 400,
    code: 'field_missing',
    errors: [
      ['field_missing', 'ready_by_time_utc'],
      ['field_missing', ONE],
      ['field_missing', TWO],
    ],
  },
  {
    name: 'ready_by_time_utc absent',
    body: mutate((b) => delete b.ready_by_time_utc),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc whitespace only',
    body: mutate((b) => (b.ready_by_time_utc = '   ')),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc a boolean',
    body: mutate((b) => (b.ready_by_time_utc = true)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc a date without a time',
    body: mutate((b) => (b.ready_by_time_utc = '2026-03-25')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc in T form without an offset',
    body: mutate((b) => (b.ready_by_time_utc = '2026-03-25T14:00:00.000')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc an impossible date (Feb 29 in 2027)',
    body: mutate((b) => (b.ready_by_time_utc = '2027-02-29 14:00:00')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc with minute 60',
    body: mutate((b) => (b.ready_by_time_utc = '2026-03-25T14:60:00Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc more than 5 minutes in the past',
    body: mutate((b) => (b.ready_by_time_utc = '2026-03-18T11:54:59Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc more than 365 days ahead',
    body: mutate((b) => (b.ready_by_time_utc = '2027-03-18T12:00:01Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },

  // ── the move objects ──────────────────────────────────────────────────────────────────────────
  {
    name: 'move_one absent',
    body: mutate((b) => delete b.move_one),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', ONE]],
  },
  {
    name: 'move_two a number',
    body: mutate((b) => (b.move_two = 2)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', TWO]],
  },
  {
    name: 'move_two.vehicle null',
    body: mutate((b) => (b.move_two.vehicle = null)),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', V2]],
  },
  {
    name: 'move_one.vehicle an array',
    body: mutate((b) => (b.move_one.vehicle = [b.move_one.vehicle])),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', V1]],
  },
  {
    name: 'vehicle.make absent on move_one and vehicle.model empty on move_two',
    body: mutate((b) => {
      delete b.move_one.vehicle.make;
      b.move_two.vehicle.model = '';
    }),
    status: 400,
    code: 'field_missing',
    errors: [
      ['field_missing', `${V1}.make`],
      ['field_missing', `${V2}.model`],
    ],
  },
  {
    name: 'vehicle.manual a number',
    body: mutate((b) => (b.move_two.vehicle.manual = 0)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${V2}.manual`]],
  },
  {
    name: 'vehicle.year two years ahead (2028 in 2026)',
    body: mutate((b) => (b.move_one.vehicle.year = '2028')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${V1}.year`]],
  },
  {
    name: 'special_instructions over 2,000 characters',
    body: mutate((b) => (b.move_two.special_instructions = 'z'.repeat(2001))),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${TWO}.special_instructions`]],
  },

  // ── locations ─────────────────────────────────────────────────────────────────────────────────
  {
    name: 'move_one.pickup_location absent',
    body: mutate((b) => delete b.move_one.pickup_location),
    status: 400,
    code: 'pickup_location_required',
    errors: [['pickup_location_required', PL1]],
  },
  {
    name: 'both pickup locations absent',
    body: mutate((b) => {
      delete b.move_one.pickup_location;
      b.move_two.pickup_location = null;
    }),
    status: 400,
    code: 'pickup_location_required',
    errors: [
      ['pickup_location_required', PL1],
      ['pickup_location_required', PL2],
    ],
  },
  {
    name: 'move_two.pickup_location a string',
    body: mutate((b) => (b.move_two.pickup_location = '900 E Broad St, Richmond, VA 23219')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', PL2]],
  },
  {
    name: 'move_two.pickup_location.address_one absent',
    body: mutate((b) => delete b.move_two.pickup_location.address_one),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', `${PL2}.address_one`]],
  },
  {
    name: 'move_one.pickup_location.state an array',
    body: mutate((b) => (b.move_one.pickup_location.state = ['VA'])),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${PL1}.state`]],
  },
  {
    name: 'an unknown ZIP',
    body: mutate((b) => (b.move_two.pickup_location.zip = '99999')),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', `${PL2}.zip`]],
  },
  {
    name: 'a ZIP in another state (Richmond ZIP with NC)',
    body: mutate((b) => (b.move_two.pickup_location.state = 'NC')),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', `${PL2}.zip`]],
  },
  {
    name: 'the same address for both pickups',
    body: mutate((b) => (b.move_two.pickup_location = serviceLotLocation())),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', PL2]],
  },
  {
    name: 'the same address for both pickups, spelled differently',
    body: mutate((b) => {
      b.move_one.pickup_location = downtownLocation();
      b.move_two.pickup_location = {
        name: 'City Hall loading dock',
        address_one: '900 East Broad Street',
        city: 'Richmond',
        state: 'Virginia',
        zip: '23219-1900',
      };
    }),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', PL2]],
  },
  {
    name: 'a drive longer than 250 miles (move_two in Atlanta)',
    body: mutate((b) => (b.move_two.pickup_location = { ...atlanta })),
    status: 400,
    code: 'outside_region',
    errors: [
      ['outside_region', ONE],
      ['outside_region', TWO],
    ],
  },

  {
    name: "both ends beyond the rooftop's service radius (two Manhattan addresses)",
    body: mutate((b) => {
      b.move_one.pickup_location = { name: 'Lot', address_one: '20 W 34th St', city: 'New York', state: 'NY', zip: '10118' };
      b.move_two.pickup_location = { name: 'Customer', address_one: '350 5th Ave', city: 'New York', state: 'NY', zip: '10001' };
    }),
    status: 400,
    code: 'outside_region',
    errors: [
      ['outside_region', ONE],
      ['outside_region', TWO],
    ],
  },

  // ── several problems at once: every one is listed ─────────────────────────────────────────────
  {
    name: 'problems at every level at once',
    body: mutate((b) => {
      b.ready_by_time_utc = '25/03/2026 14:00';
      b.move_one.vehicle.vin = 'QQQQQQQQQQQQQQQQQ';
      delete b.move_one.vehicle.manual;
      b.move_one.pickup_location.city = '';
      b.move_two.reference_id = 'TRADE-56';
      b.move_two.pickup_location.zip = '232';
    }),
    status: 400,
    code: ['field_missing', 'field_invalid'],
    errors: [
      ['field_invalid', 'ready_by_time_utc'],
      ['field_invalid', `${V1}.vin`],
      ['field_missing', `${V1}.manual`],
      ['field_missing', `${PL1}.city`],
      ['field_invalid', `${TWO}.reference_num`],
      ['field_invalid', `${PL2}.zip`],
    ],
  },
  {
    name: 'the same address for both pickups and ready_by in the past',
    body: mutate((b) => {
      b.move_two.pickup_location = serviceLotLocation();
      b.ready_by_time_utc = '2026-03-18T07:00:00-04:00';
    }),
    status: 400,
    code: ['field_invalid', 'address_invalid'],
    errors: [
      ['field_invalid', 'ready_by_time_utc'],
      ['address_invalid', PL2],
    ],
  },
  {
    name: 'the same address for both pickups and a missing vehicle.make',
    body: mutate((b) => {
      b.move_two.pickup_location = serviceLotLocation();
      delete b.move_two.vehicle.make;
    }),
    status: 400,
    code: ['field_missing', 'address_invalid'],
    errors: [
      ['field_missing', `${V2}.make`],
      ['address_invalid', PL2],
    ],
  },
  {
    name: 'an unknown ZIP, a missing pickup location and a missing move',
    body: mutate((b) => {
      b.move_one.pickup_location.zip = '00000';
      delete b.move_two;
    }),
    status: 400,
    code: ['field_missing', 'address_invalid'],
    errors: [
      ['address_invalid', `${PL1}.zip`],
      ['field_missing', TWO],
    ],
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

    test('the base request is accepted (each row below breaks it)', async () => {
      const res = await t.request('POST', PATH, { body: roundTripRequest() });
      assert.equal(res.statusCode, 200, res.body);
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

