// POST /v1/one-way-moves (spec §5.3, §5, §5.5, §6): one vehicle from A to B, ready at the given
// time. The happy paths pin the document layout key by key against the reference move object;
// the table below pins every refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { customerLocation, oneWayRequest, serviceLotLocation, westBroadLocation } from '../support/requests.ts';
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
import { assertCreatedEvents, assertGetReturnsSame, assertMoveLayout, INSTANT, SINGLE_TOP_EXTENSIONS } from '../support/document-shape.ts';

const PATH = '/v1/one-way-moves';

// ── the decided layout ──────────────────────────────────────────────────────────────────────────
const TOP_KEYS = ['ready_by_time_utc', 'move', ...SINGLE_TOP_EXTENSIONS];

for (const engine of engines()) {
  describe(`POST ${PATH} on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    test('a one-way move from the service lot to a body shop', async () => {
      const before = await counts(t);
      const res = await t.request('POST', PATH, { body: oneWayRequest() });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const body = res.json();

      assert.deepEqual(Object.keys(body), TOP_KEYS);
      assertMoveLayout(t, body.move, '$.move');
      for (const k of ['ready_by_time_utc', 'earliest_available_time']) assert.match(body[k], INSTANT);

      // ready_by as given (Wed 10:00 EDT, inside business hours).
      assert.equal(body.ready_by_time_utc, '2026-03-25T14:00:00Z');
      assert.equal(body.earliest_available_time, '2026-03-25T14:00:00Z');
      assert.equal(body.message, null);
      assert.equal(body.usecase_key, 'one-way');
      assert.deepEqual(body.warnings, []);

      // Direction: service lot (23236) → West Broad (23230), one leg.
      const m = body.move;
      assert.equal(m.usecase_key, 'one-way');
      assert.equal(m.cardinality, 0);
      assert.equal(m.pickup_location.zip, '23236');
      assert.equal(m.pickup_location.name, "Denny's Automobiles");
      assert.equal(m.pickup_location.full_address, '11161 Research Plaza Way, Richmond, VA 23236, USA');
      assert.equal(m.delivery_location.zip, '23230');
      assert.equal(m.delivery_location.name, 'West Broad Collision');
      assert.equal(m.delivery_location.full_address, '5000 W Broad St, Richmond, VA 23230, USA');
      assert.notEqual(m.pickup_location.location_id, m.delivery_location.location_id);
      assert.equal(m.reference_id, 'PO-7781');
      assert.equal(m.reference_num, 'PO-7781');
      assert.equal(m.dealer_contact, 'Jane Smith');
      assert.equal(m.special_instructions, 'Front bumper repair, estimate on the dash');
      assert.deepEqual(m.vehicle, oneWayRequest().move.vehicle);

      await assertGetReturnsSame(t, res, [m]);
      await assertCreatedEvents(t, body, [m]);
      const now = await counts(t);
      assert.equal(now.moves, before.moves! + 1);
      assert.equal(now.scenarios, before.scenarios! + 1);
      assert.equal(now.events, before.events! + 1);
      assert.ok(now.lanes! <= before.lanes! + 1, 'at most one new lane');
      assert.ok(now.locations! <= before.locations! + 2, 'at most two new locations');
    });

    test('the reverse trip reuses both locations and the lane', async () => {
      const there = (await t.request('POST', PATH, { body: oneWayRequest() })).json();
      const before = await counts(t);
      const req = oneWayRequest();
      [req.move.pickup_location, req.move.delivery_location] = [westBroadLocation(), serviceLotLocation()];
      const res = await t.request('POST', PATH, { body: req });
      assert.equal(res.statusCode, 200, res.body);
      const back = res.json().move;
      assert.equal(back.pickup_location.location_id, there.move.delivery_location.location_id);
      assert.equal(back.delivery_location.location_id, there.move.pickup_location.location_id);
      assert.equal(back.lane_uri, there.move.lane_uri, 'lanes are unordered pairs');
      assert.notEqual(back.move_id, there.move.move_id);
      const now = await counts(t);
      assert.deepEqual(now, { ...before, moves: before.moves! + 1, scenarios: before.scenarios! + 1, events: before.events! + 1 });
    });

    test('a Sunday ready-by is scheduled for the next opening, and says why', async () => {
      const req = oneWayRequest();
      req.ready_by_time_utc = '2026-03-22T14:00:00Z'; // Sun 10:00 EDT: the lot is closed all day
      const res = await t.request('POST', PATH, { body: req });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(Object.keys(body), TOP_KEYS);
      assert.equal(body.ready_by_time_utc, '2026-03-22T14:00:00Z', 'ready_by stays as given');
      assert.equal(body.earliest_available_time, '2026-03-23T11:00:00Z', 'Mon 07:00 EDT');
      assert.equal(typeof body.message, 'string');
      assert.match(body.message, /7:00 AM EDT/);
      await assertGetReturnsSame(t, res, [body.move]);
      await assertCreatedEvents(t, body, [body.move]);
    });

    test('ready-by accepted forms and the edges of the window', async () => {
      const cases: [input: string, echoed: string][] = [
        ['2026-03-25T10:00:00-04:00', '2026-03-25T14:00:00Z'],
        ['2026-03-25 14:00:00', '2026-03-25T14:00:00Z'],
        ['2026-03-25T14:00:00.750+00:00', '2026-03-25T14:00:00Z'],
        ['2026-03-18T11:55:00Z', '2026-03-18T11:55:00Z'], // now − 5 minutes: still accepted
        ['2027-03-18T12:00:00Z', '2027-03-18T12:00:00Z'], // exactly 365 days ahead
      ];
      for (const [input, echoed] of cases) {
        const req = oneWayRequest();
        req.ready_by_time_utc = input;
        const res = await t.request('POST', PATH, { body: req });
        assert.equal(res.statusCode, 200, `${input}: ${res.body}`);
        assert.equal(res.json().ready_by_time_utc, echoed, input);
        assert.equal(res.json().earliest_available_time, echoed, `${input} is within business hours`);
      }
    });
  });
}

// ── bad requests ────────────────────────────────────────────────────────────────────────────────

const mutate = mutator(oneWayRequest);

const M = 'move';
const MV = 'move.vehicle';
const MPL = 'move.pickup_location';
const MDL = 'move.delivery_location';

const rows: Row[] = [
  // ── top level ─────────────────────────────────────────────────────────────────────────────────
  {
    name: 'an empty JSON object lists every required top-level field',
    request: () => ({ body: {} }),
    status: 400,
    code: 'field_missing',
    errors: [
      ['field_missing', 'ready_by_time_utc'],
      ['field_missing', M],
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
    name: 'ready_by_time_utc empty',
    request: mutate((b) => (b.ready_by_time_utc = '')),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc null',
    request: mutate((b) => (b.ready_by_time_utc = null)),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc a number (epoch milliseconds)',
    request: mutate((b) => (b.ready_by_time_utc = Date.parse('2026-03-25T14:00:00Z'))),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc an object',
    request: mutate((b) => (b.ready_by_time_utc = { date: '2026-03-25', time: '14:00' })),
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
    request: mutate((b) => (b.ready_by_time_utc = '2026-03-25T14:00:00')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc an impossible date (April 31)',
    request: mutate((b) => (b.ready_by_time_utc = '2026-04-31T14:00:00Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc at hour 24',
    request: mutate((b) => (b.ready_by_time_utc = '2026-03-25T24:00:00Z')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', 'ready_by_time_utc']],
  },
  {
    name: 'ready_by_time_utc in words',
    request: mutate((b) => (b.ready_by_time_utc = 'tomorrow at 10am')),
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
    name: 'ready_by_time_utc yesterday, with an offset',
    request: mutate((b) => (b.ready_by_time_utc = '2026-03-17T10:00:00-04:00')),
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

  // ── the move object ───────────────────────────────────────────────────────────────────────────
  {
    name: 'move absent',
    request: mutate((b) => delete b.move),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', M]],
  },
  {
    name: 'move a string',
    request: mutate((b) => (b.move = 'Honda Accord to the body shop')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', M]],
  },
  {
    name: 'move an array',
    request: mutate((b) => (b.move = [b.move])),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', M]],
  },
  {
    name: 'move.vehicle absent',
    request: mutate((b) => delete b.move.vehicle),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', MV]],
  },
  {
    name: 'vehicle make, model and manual absent',
    request: mutate((b) => (b.move.vehicle = { stock: 'U2231' })),
    status: 400,
    code: 'field_missing',
    errors: [
      ['field_missing', `${MV}.make`],
      ['field_missing', `${MV}.model`],
      ['field_missing', `${MV}.manual`],
    ],
  },
  {
    name: 'vehicle.manual a string',
    request: mutate((b) => (b.move.vehicle.manual = 'false')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${MV}.manual`]],
  },
  {
    name: 'vehicle.vin with a letter I',
    request: mutate((b) => (b.move.vehicle.vin = '1HGCM82633AI04352')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${MV}.vin`]],
  },
  {
    name: 'reference_id and reference_num that disagree',
    request: mutate((b) => (b.move.reference_num = 'PO-9999')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${M}.reference_num`]],
  },
  {
    name: 'dealer_contact an object',
    request: mutate((b) => (b.move.dealer_contact = { name: 'Jane Smith' })),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${M}.dealer_contact`]],
  },

  // ── locations ─────────────────────────────────────────────────────────────────────────────────
  {
    name: 'pickup_location absent',
    request: mutate((b) => delete b.move.pickup_location),
    status: 400,
    code: 'pickup_location_required',
    errors: [['pickup_location_required', MPL]],
  },
  {
    name: 'pickup_location an array',
    request: mutate((b) => (b.move.pickup_location = [b.move.pickup_location])),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', MPL]],
  },
  {
    name: 'delivery_location absent',
    request: mutate((b) => delete b.move.delivery_location),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', MDL]],
  },
  {
    name: 'delivery_location null',
    request: mutate((b) => (b.move.delivery_location = null)),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', MDL]],
  },
  {
    name: 'delivery_location a number',
    request: mutate((b) => (b.move.delivery_location = 23230)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', MDL]],
  },
  {
    name: 'pickup_location.name whitespace only',
    request: mutate((b) => (b.move.pickup_location.name = ' \t ')),
    status: 400,
    code: 'field_missing',
    errors: [['field_missing', `${MPL}.name`]],
  },
  {
    name: 'delivery_location.city a number',
    request: mutate((b) => (b.move.delivery_location.city = 23230)),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${MDL}.city`]],
  },
  {
    name: 'delivery_location.zip of four digits',
    request: mutate((b) => (b.move.delivery_location.zip = '2323')),
    status: 400,
    code: 'field_invalid',
    errors: [['field_invalid', `${MDL}.zip`]],
  },
  {
    name: 'an unknown ZIP',
    request: mutate((b) => (b.move.delivery_location.zip = '99999')),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', `${MDL}.zip`]],
  },
  {
    name: 'a ZIP in another state (Richmond ZIP with MD)',
    request: mutate((b) => (b.move.pickup_location.state = 'MD')),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', `${MPL}.zip`]],
  },
  {
    name: 'the same address for both ends',
    request: mutate((b) => (b.move.delivery_location = serviceLotLocation())),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', MDL]],
  },
  {
    name: 'the same address for both ends, spelled differently',
    request: mutate((b) => {
      b.move.pickup_location = customerLocation();
      b.move.delivery_location = {
        ...customerLocation(),
        name: 'Harry at home',
        address_one: '210  South Mulberry Street',
        state: 'virginia',
        zip: '23220-1234',
      };
    }),
    status: 400,
    code: 'address_invalid',
    errors: [['address_invalid', MDL]],
  },
  {
    name: 'a drive longer than 250 miles (delivery in Atlanta)',
    request: mutate((b) => (b.move.delivery_location = { ...atlanta })),
    status: 400,
    code: 'outside_region',
    errors: [['outside_region', M]],
  },

  {
    name: "both ends beyond the rooftop's service radius (two Manhattan addresses)",
    request: mutate((b) => {
      b.move.pickup_location = { ...midtown };
      b.move.delivery_location = { ...manhattan };
    }),
    status: 400,
    code: 'outside_region',
    errors: [['outside_region', M]],
  },

  // ── several problems at once: every one is listed ─────────────────────────────────────────────
  {
    name: 'problems at every level at once',
    request: mutate((b) => {
      b.ready_by_time_utc = '2026-03-25';
      delete b.move.vehicle.model;
      b.move.vehicle.year = '26';
      b.move.special_instructions = 'y'.repeat(2001);
      b.move.pickup_location.zip = 'ABCDE';
      b.move.delivery_location.name = '';
      b.move.delivery_location.state = 'Narnia';
    }),
    status: 400,
    code: ['field_missing', 'field_invalid'],
    errors: [
      ['field_invalid', 'ready_by_time_utc'],
      ['field_missing', `${MV}.model`],
      ['field_invalid', `${MV}.year`],
      ['field_invalid', `${M}.special_instructions`],
      ['field_invalid', `${MPL}.zip`],
      ['field_missing', `${MDL}.name`],
      ['field_invalid', `${MDL}.state`],
    ],
  },
  {
    name: 'both locations absent and ready_by in the past',
    request: mutate((b) => {
      delete b.move.pickup_location;
      delete b.move.delivery_location;
      b.ready_by_time_utc = '2026-03-18 08:00:00';
    }),
    status: 400,
    code: ['field_invalid', 'pickup_location_required', 'field_missing'],
    errors: [
      ['field_invalid', 'ready_by_time_utc'],
      ['pickup_location_required', MPL],
      ['field_missing', MDL],
    ],
  },
  {
    name: 'the same address for both ends and ready_by more than a year ahead',
    request: mutate((b) => {
      b.move.delivery_location = serviceLotLocation();
      b.ready_by_time_utc = '2028-01-01T00:00:00Z';
    }),
    status: 400,
    code: ['field_invalid', 'address_invalid'],
    errors: [
      ['field_invalid', 'ready_by_time_utc'],
      ['address_invalid', MDL],
    ],
  },
  {
    name: 'an unknown ZIP and a missing vehicle',
    request: mutate((b) => {
      b.move.pickup_location.zip = '00000';
      delete b.move.vehicle;
    }),
    status: 400,
    code: ['field_missing', 'address_invalid'],
    errors: [
      ['field_missing', MV],
      ['address_invalid', `${MPL}.zip`],
    ],
  },
];

runBadRequestTable({
  path: PATH,
  rows,
  baseRequest: { name: 'the base request is accepted (each row below breaks it)', bodies: () => [oneWayRequest()] },
  minRows: 15,
  env: SERVICE_AREA_ENV,
});
