// POST /v1/round-trip-moves (spec §5.4, §5, §5.5, §6): two vehicles swap places with one driver.
// move_one (cardinality 0) goes from its pickup to move_two's pickup, move_two (cardinality 1)
// comes back; both share one lane. The happy paths pin the document layout key by key against
// the reference move object; the table below pins every refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { downtownLocation, roundTripRequest, serviceLotLocation } from '../support/requests.ts';
import {
  atlanta,
  counts,
  manhattan,
  midtown,
  mutator,
  runBadRequestTable,
  SERVICE_AREA_ENV,
  type Row,
} from '../support/bad-request-table.ts';
import { assertCreatedEvents, assertGetReturnsSame, assertMoveLayout, INSTANT, TOP_EXTENSIONS } from '../support/document-shape.ts';

const PATH = '/v1/round-trip-moves';

// ── the decided layout ──────────────────────────────────────────────────────────────────────────
const TOP_KEYS = ['ready_by_time_utc', 'move_one', 'move_two', ...TOP_EXTENSIONS];
/** move_one's demo car has no VIN yet. */
const MOVE_NULLABLE = ['google_place_id', 'vin'];

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
      assertMoveLayout(t, body.move_one, '$.move_one', { nullable: MOVE_NULLABLE, pair: true });
      assertMoveLayout(t, body.move_two, '$.move_two', { nullable: MOVE_NULLABLE, pair: true });
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

const mutate = mutator(roundTripRequest);

const ONE = 'move_one';
const TWO = 'move_two';
const V1 = 'move_one.vehicle';
const V2 = 'move_two.vehicle';
const PL1 = 'move_one.pickup_location';
const PL2 = 'move_two.pickup_location';

const rows: Row[] = [
  // ── top level ─────────────────────────────────────────────────────────────────────────────────
  {
    name: 'an empty JSON object lists every required top-level field',
    request: () => ({ body: {} }),
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
    request: mutate((b) => delete b.ready_by_time_utc),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc whitespace only',
    request: mutate((b) => (b.ready_by_time_utc = '   ')),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc a boolean',
    request: mutate((b) => (b.ready_by_time_utc = true)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc a date without a time',
    request: mutate((b) => (b.ready_by_time_utc = '2026-03-25')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc in T form without an offset',
    request: mutate((b) => (b.ready_by_time_utc = '2026-03-25T14:00:00.000')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc an impossible date (Feb 29 in 2027)',
    request: mutate((b) => (b.ready_by_time_utc = '2027-02-29 14:00:00')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc with minute 60',
    request: mutate((b) => (b.ready_by_time_utc = '2026-03-25T14:60:00Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc more than 5 minutes in the past',
    request: mutate((b) => (b.ready_by_time_utc = '2026-03-18T11:54:59Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc more than 365 days ahead',
    request: mutate((b) => (b.ready_by_time_utc = '2027-03-18T12:00:01Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },

  // ── the move objects ──────────────────────────────────────────────────────────────────────────
  {
    name: 'move_one absent',
    request: mutate((b) => delete b.move_one),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', ONE]],
  },
  {
    name: 'move_two a number',
    request: mutate((b) => (b.move_two = 2)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', TWO]],
  },
  {
    name: 'move_two.vehicle null',
    request: mutate((b) => (b.move_two.vehicle = null)),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', V2]],
  },
  {
    name: 'move_one.vehicle an array',
    request: mutate((b) => (b.move_one.vehicle = [b.move_one.vehicle])),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', V1]],
  },
  {
    name: 'vehicle.make absent on move_one and vehicle.model empty on move_two',
    request: mutate((b) => {
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
    request: mutate((b) => (b.move_two.vehicle.manual = 0)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${V2}.manual`]],
  },
  {
    name: 'vehicle.year two years ahead (2028 in 2026)',
    request: mutate((b) => (b.move_one.vehicle.year = '2028')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${V1}.year`]],
  },
  {
    name: 'special_instructions over 2,000 characters',
    request: mutate((b) => (b.move_two.special_instructions = 'z'.repeat(2001))),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${TWO}.special_instructions`]],
  },

  // ── locations ─────────────────────────────────────────────────────────────────────────────────
  {
    name: 'move_one.pickup_location absent',
    request: mutate((b) => delete b.move_one.pickup_location),
    status: 400,
    code: 'pickup_location_required',
    errors: [['pickup_location_required', PL1]],
  },
  {
    name: 'both pickup locations absent',
    request: mutate((b) => {
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
    request: mutate((b) => (b.move_two.pickup_location = '900 E Broad St, Richmond, VA 23219')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', PL2]],
  },
  {
    name: 'move_two.pickup_location.address_one absent',
    request: mutate((b) => delete b.move_two.pickup_location.address_one),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', `${PL2}.address_one`]],
  },
  {
    name: 'move_one.pickup_location.state an array',
    request: mutate((b) => (b.move_one.pickup_location.state = ['VA'])),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${PL1}.state`]],
  },
  {
    name: 'an unknown ZIP',
    request: mutate((b) => (b.move_two.pickup_location.zip = '99999')),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', `${PL2}.zip`]],
  },
  {
    name: 'a ZIP in another state (Richmond ZIP with NC)',
    request: mutate((b) => (b.move_two.pickup_location.state = 'NC')),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', `${PL2}.zip`]],
  },
  {
    name: 'the same address for both pickups',
    request: mutate((b) => (b.move_two.pickup_location = serviceLotLocation())),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', PL2]],
  },
  {
    name: 'the same address for both pickups, spelled differently',
    request: mutate((b) => {
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
    request: mutate((b) => (b.move_two.pickup_location = { ...atlanta })),
    status: 400,
    code: 'outside_region',
    errors: [
      ['outside_region', ONE],
      ['outside_region', TWO],
    ],
  },

  {
    name: "both ends beyond the rooftop's service radius (two Manhattan addresses)",
    request: mutate((b) => {
      b.move_one.pickup_location = { ...midtown };
      b.move_two.pickup_location = { ...manhattan };
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
    request: mutate((b) => {
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
    request: mutate((b) => {
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
    request: mutate((b) => {
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
    request: mutate((b) => {
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

runBadRequestTable({
  path: PATH,
  rows,
  baseRequest: { name: 'the base request is accepted (each row below breaks it)', bodies: () => [roundTripRequest()] },
  minRows: 15,
  env: SERVICE_AREA_ENV,
});
