// What the lifecycle refuses (spec §3, §4, §7): one table, one row per refusal, on fixtures set up
// once — moves in every state that matters, drivers who may, may not or no longer drive. Each row
// checks the status, the error code, the exact problem fields (and, for a 409, that the message
// says why), and that nothing changed: the move's GET document is byte-identical before and after,
// and no event, step record or driver position was written.
import assert from 'node:assert/strict';
import { inspectBeforeStep, sendAs } from '../support/inspection.ts';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import {
  addCaller,
  addDriver,
  assertError,
  bookCase,
  type Caller,
  cancel,
  countRows,
  deactivateDriver,
  dispatchOk,
  documentOf,
  MOVE_TYPE_CASES,
  ONE_WAY,
  type Problem,
  position,
  STEPS,
  stepsOk,
  type TestDriver,
} from '../support/lifecycle.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';

const ROUND_TRIP = MOVE_TYPE_CASES.find((c) => c.name === 'round-trip')!;
const CONCIERGE_LOANER = MOVE_TYPE_CASES.find((c) => c.name === 'concierge-loaner pickup')!;

/** Everything the rows need, made once per engine. */
interface Fixtures {
  t: TestApp;
  dealer: Caller;
  admin: Caller;
  ops: Caller;
  /** The all-rooftops dispatch desk: the only ops client that may make and change drivers. */
  desk: Caller;
  otherOps: Caller;
  /** Drives manual; has every move below unless said otherwise. */
  a: TestDriver;
  /** Drives manual; has no move. */
  b: TestDriver;
  /** Automatic only. */
  auto: TestDriver;
  /** Deactivated before anything was given to them. */
  inactive: TestDriver;
  /** Had a move dispatched, then was deactivated. */
  gone: TestDriver;
  moves: {
    booked: number;
    dispatched: number;
    /** pickup started, pickup arrived. */
    arrived: number;
    /** A round trip: leg 0 through delivery arrived, leg 1 dispatched. */
    pairLeg0: number;
    pairLeg1: number;
    /** A concierge-loaner pair, the customer's car a manual; booked, not dispatched. */
    manualLoaner: number;
    manualCustomer: number;
    canceled: number;
    /** pickup started, then canceled: partial. */
    partial: number;
    pending: number;
    delivered: number;
    /** Dispatched to `gone`. */
    ofGone: number;
  };
}

interface Row {
  name: string;
  /** The move whose document must not change. */
  watch: (f: Fixtures) => number;
  send: (f: Fixtures) => Promise<LightMyRequestResponse>;
  status: number;
  code: string;
  /** The problems listed in `errors`; default: one, the code itself with no field. */
  problems?: Problem[];
  /** What the message must say (409s: why). */
  message?: (f: Fixtures) => RegExp;
}

const step = (driver: (f: Fixtures) => Caller, move: (f: Fixtures) => number | string, body: unknown) => (f: Fixtures) =>
  driver(f).request('POST', `/v1/driver/moves/${move(f)}/steps`, body);
const dispatchAs = (caller: (f: Fixtures) => Caller, move: (f: Fixtures) => number | string, body: (f: Fixtures) => unknown) =>
  (f: Fixtures) => caller(f).request('POST', `/v1/ops/moves/${move(f)}/dispatch`, body(f));

const A = (f: Fixtures) => f.a.app;
const OPS = (f: Fixtures) => f.ops;
const DEALER = (f: Fixtures) => f.dealer;
const at = (s: string) => ({ step: s, ...position });

const ROWS: Row[] = [
  // ── steps out of order ──
  {
    name: 'wrong order: a step backwards (pickup_started on a move at pickup arrived)',
    watch: (f) => f.moves.arrived,
    send: step(A, (f) => f.moves.arrived, at('pickup_started')),
    status: 409,
    code: 'move_not_modifiable',
    message: (f) => new RegExp(`move ${f.moves.arrived}\\b.*already past "pickup started".*"pickup arrived"`),
  },
  {
    name: 'skipped step: delivery_started straight after pickup arrived',
    watch: (f) => f.moves.arrived,
    send: step(A, (f) => f.moves.arrived, at('delivery_started')),
    status: 409,
    code: 'move_not_modifiable',
    message: (f) => new RegExp(`move ${f.moves.arrived}\\b.*"pickup successful" comes before "delivery started"`),
  },
  {
    name: 'skipped step: pickup_arrived on a move only dispatched',
    watch: (f) => f.moves.dispatched,
    send: step(A, (f) => f.moves.dispatched, at('pickup_arrived')),
    status: 409,
    code: 'move_not_modifiable',
    message: () => /"pickup started" comes before "pickup arrived"/,
  },
  {
    name: 'skipped steps: delivery_successful on a move only dispatched',
    watch: (f) => f.moves.dispatched,
    send: step(A, (f) => f.moves.dispatched, at('delivery_successful')),
    status: 409,
    code: 'move_not_modifiable',
    message: () => /comes before "delivery successful"/,
  },
  {
    name: 'repeated step: pickup_arrived twice',
    watch: (f) => f.moves.arrived,
    send: step(A, (f) => f.moves.arrived, at('pickup_arrived')),
    status: 409,
    code: 'move_not_modifiable',
    message: (f) => new RegExp(`move ${f.moves.arrived}\\b.*already "pickup arrived"`),
  },
  {
    name: 'repeated step: delivery_successful on a delivered move',
    watch: (f) => f.moves.delivered,
    send: step(A, (f) => f.moves.delivered, at('delivery_successful')),
    status: 409,
    code: 'move_not_modifiable',
    message: () => /already "delivery successful"/,
  },
  {
    name: 'leg 1 before leg 0 is delivered (leg 0 at delivery arrived)',
    watch: (f) => f.moves.pairLeg1,
    send: step(A, (f) => f.moves.pairLeg1, at('pickup_started')),
    status: 409,
    code: 'move_not_modifiable',
    message: (f) => new RegExp(`move ${f.moves.pairLeg0}\\b.*leg 0.*delivered before move ${f.moves.pairLeg1}\\b`),
  },
  {
    name: 'leg 1 skipping its own pickup_started while leg 0 is not delivered',
    watch: (f) => f.moves.pairLeg1,
    send: step(A, (f) => f.moves.pairLeg1, at('pickup_arrived')),
    status: 409,
    code: 'move_not_modifiable',
    message: () => /"pickup started" comes before "pickup arrived"/,
  },

  // ── whose move ──
  {
    name: "another driver's move is not found (404 move_invalid)",
    watch: (f) => f.moves.arrived,
    send: step((f) => f.b.app, (f) => f.moves.arrived, at('pickup_successful')),
    status: 404,
    code: 'move_invalid',
  },
  {
    name: 'a move dispatched to nobody is not found for a driver',
    watch: (f) => f.moves.booked,
    send: step((f) => f.b.app, (f) => f.moves.booked, at('pickup_started')),
    status: 404,
    code: 'move_invalid',
  },
  {
    name: 'a move id that does not exist',
    watch: (f) => f.moves.dispatched,
    send: step(A, () => 999_999_999, at('pickup_started')),
    status: 404,
    code: 'move_invalid',
  },

  // ── roles ──
  {
    name: 'dealer token on GET /v1/driver/moves (403 missing_scope)',
    watch: (f) => f.moves.dispatched,
    send: (f) => f.dealer.request('GET', '/v1/driver/moves'),
    status: 403,
    code: 'missing_scope',
  },
  {
    name: 'dealer token on POST /v1/driver/moves/:id/steps',
    watch: (f) => f.moves.dispatched,
    send: step(DEALER, (f) => f.moves.dispatched, at('pickup_started')),
    status: 403,
    code: 'missing_scope',
  },
  {
    name: 'dealer token on POST /v1/driver/location',
    watch: (f) => f.moves.dispatched,
    send: (f) => f.dealer.request('POST', '/v1/driver/location', position),
    status: 403,
    code: 'missing_scope',
  },
  {
    name: 'ops token on POST /v1/driver/moves/:id/steps',
    watch: (f) => f.moves.dispatched,
    send: step(OPS, (f) => f.moves.dispatched, at('pickup_started')),
    status: 403,
    code: 'missing_scope',
  },
  {
    name: 'driver token on POST /v1/ops/moves/:id/dispatch (403)',
    watch: (f) => f.moves.booked,
    send: dispatchAs(A, (f) => f.moves.booked, (f) => ({ driver_id: f.a.driverId })),
    status: 403,
    code: 'missing_scope',
  },
  {
    name: 'driver token on POST /v1/ops/moves/:id/cancel-decision',
    watch: (f) => f.moves.pending,
    send: (f) => f.a.app.request('POST', `/v1/ops/moves/${f.moves.pending}/cancel-decision`, { outcome: 'canceled' }),
    status: 403,
    code: 'missing_scope',
  },
  {
    name: 'driver token on PATCH /v1/ops/drivers/:id (its own driver)',
    watch: (f) => f.moves.dispatched,
    send: (f) => f.a.app.request('PATCH', `/v1/ops/drivers/${f.a.driverId}`, { can_drive_manual: false }),
    status: 403,
    code: 'missing_scope',
  },
  {
    name: 'driver token on the dealer endpoints (GET /v1/moves/:id, POST /v1/cancelation)',
    watch: (f) => f.moves.dispatched,
    send: async (f) => {
      assertError(await f.a.app.request('GET', `/v1/moves/${f.moves.dispatched}`), 403, 'missing_scope');
      return f.a.app.request('POST', '/v1/cancelation', { move_id: f.moves.dispatched });
    },
    status: 403,
    code: 'missing_scope',
  },
  {
    name: 'dealer token on POST /v1/ops/moves/:id/dispatch (403)',
    watch: (f) => f.moves.booked,
    send: dispatchAs(DEALER, (f) => f.moves.booked, (f) => ({ driver_id: f.a.driverId })),
    status: 403,
    code: 'missing_scope',
  },
  {
    name: 'dealer_admin token on POST /v1/ops/moves/:id/dispatch',
    watch: (f) => f.moves.booked,
    send: dispatchAs((f) => f.admin, (f) => f.moves.booked, (f) => ({ driver_id: f.a.driverId })),
    status: 403,
    code: 'missing_scope',
  },
  {
    name: "ops of another rooftop dispatching this rooftop's move: not found, never 403",
    watch: (f) => f.moves.booked,
    send: dispatchAs((f) => f.otherOps, (f) => f.moves.booked, (f) => ({ driver_id: f.a.driverId })),
    status: 404,
    code: 'move_invalid',
  },

  // ── dispatch: which driver ──
  {
    name: 'manual vehicle to an automatic-only driver (400 field_invalid at driver_id, naming the move)',
    watch: (f) => f.moves.manualCustomer,
    send: dispatchAs(OPS, (f) => f.moves.manualLoaner, (f) => ({ driver_id: f.auto.driverId })),
    status: 400,
    code: 'field_invalid',
    problems: [['field_invalid', 'driver_id']],
    message: (f) => new RegExp(`move ${f.moves.manualCustomer}\\b.*manual`),
  },
  {
    name: 'inactive driver (400 field_invalid at driver_id)',
    watch: (f) => f.moves.booked,
    send: dispatchAs(OPS, (f) => f.moves.booked, (f) => ({ driver_id: f.inactive.driverId })),
    status: 400,
    code: 'field_invalid',
    problems: [['field_invalid', 'driver_id']],
    message: (f) => new RegExp(`driver ${f.inactive.driverId}\\b.*not active`),
  },
  {
    name: 'unknown driver (400 field_invalid at driver_id)',
    watch: (f) => f.moves.booked,
    send: dispatchAs(OPS, (f) => f.moves.booked, () => ({ driver_id: 999_999_999 })),
    status: 400,
    code: 'field_invalid',
    problems: [['field_invalid', 'driver_id']],
    message: () => /driver 999999999\b/,
  },
  {
    name: 'driver_id missing (400 field_missing)',
    watch: (f) => f.moves.booked,
    send: dispatchAs(OPS, (f) => f.moves.booked, () => ({})),
    status: 400,
    code: 'field_missing',
    problems: [['field_missing', 'driver_id']],
  },
  {
    name: 'driver_id not an integer (400 field_invalid)',
    watch: (f) => f.moves.booked,
    send: dispatchAs(OPS, (f) => f.moves.booked, (f) => ({ driver_id: String(f.a.driverId) })),
    status: 400,
    code: 'field_invalid',
    problems: [['field_invalid', 'driver_id']],
  },

  // ── dispatch: the move's state ──
  {
    name: 'dispatch after pickup started, to another driver (409)',
    watch: (f) => f.moves.arrived,
    send: dispatchAs(OPS, (f) => f.moves.arrived, (f) => ({ driver_id: f.b.driverId })),
    status: 409,
    code: 'move_not_modifiable',
    message: (f) => new RegExp(`move ${f.moves.arrived}\\b.*started`),
  },
  {
    name: 'dispatch after pickup started, to the same driver',
    watch: (f) => f.moves.arrived,
    send: dispatchAs(OPS, (f) => f.moves.arrived, (f) => ({ driver_id: f.a.driverId })),
    status: 409,
    code: 'move_not_modifiable',
    message: () => /started/,
  },
  {
    name: "dispatch of a pair whose leg 0 has started, from leg 1",
    watch: (f) => f.moves.pairLeg1,
    send: dispatchAs(OPS, (f) => f.moves.pairLeg1, (f) => ({ driver_id: f.b.driverId })),
    status: 409,
    code: 'move_not_modifiable',
    message: (f) => new RegExp(`move ${f.moves.pairLeg0}\\b`),
  },
  {
    name: 'dispatch of a canceled move',
    watch: (f) => f.moves.canceled,
    send: dispatchAs(OPS, (f) => f.moves.canceled, (f) => ({ driver_id: f.b.driverId })),
    status: 409,
    code: 'move_not_modifiable',
    message: () => /canceled/,
  },
  {
    name: 'dispatch of a move with a cancelation pending',
    watch: (f) => f.moves.pending,
    send: dispatchAs(OPS, (f) => f.moves.pending, (f) => ({ driver_id: f.b.driverId })),
    status: 409,
    code: 'move_not_modifiable',
    message: () => /pending/,
  },
  {
    name: 'dispatch of a delivered move',
    watch: (f) => f.moves.delivered,
    send: dispatchAs(OPS, (f) => f.moves.delivered, (f) => ({ driver_id: f.b.driverId })),
    status: 409,
    code: 'move_not_modifiable',
    message: () => /delivered/,
  },

  // ── steps after cancel ──
  {
    name: 'steps after cancel: pickup_started on a canceled move (409)',
    watch: (f) => f.moves.canceled,
    send: step(A, (f) => f.moves.canceled, at('pickup_started')),
    status: 409,
    code: 'move_not_modifiable',
    message: (f) => new RegExp(`move ${f.moves.canceled}\\b.*canceled`),
  },
  {
    name: 'steps after cancel: pickup_arrived on a move canceled after it started (partial)',
    watch: (f) => f.moves.partial,
    send: step(A, (f) => f.moves.partial, at('pickup_arrived')),
    status: 409,
    code: 'move_not_modifiable',
    message: () => /canceled/,
  },

  // ── bad step bodies (on the driver's own, dispatched move) ──
  {
    name: 'invalid step name (400 field_invalid at step)',
    watch: (f) => f.moves.dispatched,
    send: step(A, (f) => f.moves.dispatched, at('pickup_finished')),
    status: 400,
    code: 'field_invalid',
    problems: [['field_invalid', 'step']],
  },
  {
    name: 'a status instead of a step name',
    watch: (f) => f.moves.dispatched,
    send: step(A, (f) => f.moves.dispatched, at('pickup started')),
    status: 400,
    code: 'field_invalid',
    problems: [['field_invalid', 'step']],
  },
  {
    name: 'step missing (400 field_missing at step)',
    watch: (f) => f.moves.dispatched,
    send: step(A, (f) => f.moves.dispatched, position),
    status: 400,
    code: 'field_missing',
    problems: [['field_missing', 'step']],
  },
  {
    name: 'missing lat (400 field_missing at lat)',
    watch: (f) => f.moves.dispatched,
    send: step(A, (f) => f.moves.dispatched, { step: 'pickup_started', lon: position.lon }),
    status: 400,
    code: 'field_missing',
    problems: [['field_missing', 'lat']],
  },
  {
    name: 'lat out of range (400 field_invalid at lat)',
    watch: (f) => f.moves.dispatched,
    send: step(A, (f) => f.moves.dispatched, { step: 'pickup_started', lat: 90.5, lon: position.lon }),
    status: 400,
    code: 'field_invalid',
    problems: [['field_invalid', 'lat']],
  },
  {
    name: 'lon out of range and lat a string: both listed',
    watch: (f) => f.moves.dispatched,
    send: step(A, (f) => f.moves.dispatched, { step: 'pickup_started', lat: '37.5', lon: -180.01 }),
    status: 400,
    code: 'field_invalid',
    problems: [
      ['field_invalid', 'lat'],
      ['field_invalid', 'lon'],
    ],
  },
  {
    name: 'fuel_level 150 (400 field_invalid at fuel_level)',
    watch: (f) => f.moves.dispatched,
    send: step(A, (f) => f.moves.dispatched, { ...at('pickup_started'), fuel_level: 150 }),
    status: 400,
    code: 'field_invalid',
    problems: [['field_invalid', 'fuel_level']],
  },
  {
    name: 'fuel_level below 0, negative odometer, notes over 2,000 characters',
    watch: (f) => f.moves.dispatched,
    send: step(A, (f) => f.moves.dispatched, { ...at('pickup_started'), fuel_level: -1, odometer: -5, notes: 'x'.repeat(2001) }),
    status: 400,
    code: 'field_invalid',
    problems: [
      ['field_invalid', 'fuel_level'],
      ['field_invalid', 'odometer'],
      ['field_invalid', 'notes'],
    ],
  },
  {
    name: 'every problem at once is listed',
    watch: (f) => f.moves.dispatched,
    send: step(A, (f) => f.moves.dispatched, { step: 'fly', lat: 91, fuel_level: 150 }),
    status: 400,
    code: 'field_invalid',
    problems: [
      ['field_invalid', 'step'],
      ['field_invalid', 'lat'],
      ['field_missing', 'lon'],
      ['field_invalid', 'fuel_level'],
    ],
  },
  {
    name: 'a step body that is not a JSON object',
    watch: (f) => f.moves.dispatched,
    send: step(A, (f) => f.moves.dispatched, [at('pickup_started')]),
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'POST /v1/driver/location without lon, lat out of range',
    watch: (f) => f.moves.dispatched,
    send: (f) => f.a.app.request('POST', '/v1/driver/location', { lat: -91 }),
    status: 400,
    code: 'field_invalid',
    problems: [
      ['field_invalid', 'lat'],
      ['field_missing', 'lon'],
    ],
  },

  // ── path ids ──
  ...['abc', '0', '-1', '1.5', '1e3'].flatMap((id): Row[] => [
    {
      name: `non-numeric move id "${id}" on the steps endpoint (404 move_invalid)`,
      watch: (f) => f.moves.dispatched,
      send: step(A, () => id, at('pickup_started')),
      status: 404,
      code: 'move_invalid',
    },
    {
      name: `non-numeric move id "${id}" on dispatch (404 move_invalid)`,
      watch: (f) => f.moves.booked,
      send: dispatchAs(OPS, () => id, (f) => ({ driver_id: f.a.driverId })),
      status: 404,
      code: 'move_invalid',
    },
  ]),

  // ── a deactivated driver ──
  {
    name: "deactivated driver's token on GET /v1/driver/moves (401 access_denied)",
    watch: (f) => f.moves.ofGone,
    send: (f) => f.gone.app.request('GET', '/v1/driver/moves'),
    status: 401,
    code: 'access_denied',
  },
  {
    name: "deactivated driver's token on a step of their own move",
    watch: (f) => f.moves.ofGone,
    send: step((f) => f.gone.app, (f) => f.moves.ofGone, at('pickup_started')),
    status: 401,
    code: 'access_denied',
  },
  {
    name: "deactivated driver's token on POST /v1/driver/location",
    watch: (f) => f.moves.ofGone,
    send: (f) => f.gone.app.request('POST', '/v1/driver/location', position),
    status: 401,
    code: 'access_denied',
  },
];

for (const engine of engines()) {
  describe(`lifecycle refusals on ${engine}`, () => {
    let f: Fixtures;
    before(async () => {
      const t = await startTestApp(engine);
      const dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      const ops = await addCaller(t, 'ops', [t.rooftopId]);
      const desk = await addCaller(t, 'ops', 'all');
      const otherRooftop = await t.addRooftop({ name: 'Other Motors' });
      const a = await addDriver(t, desk, { name: 'Alex Able', canDriveManual: true });
      const gone = await addDriver(t, desk, { name: 'Gale Gone', canDriveManual: true });
      const oneWay = async () => (await bookCase(dealer, ONE_WAY)).ids[0]!;
      const dispatched = async (driverId = a.driverId) => {
        const id = await oneWay();
        await dispatchOk(ops, id, driverId);
        return id;
      };

      const arrived = await dispatched();
      await stepsOk(a.app, arrived, ['pickup_started', 'pickup_arrived']);
      const pair = await bookCase(dealer, ROUND_TRIP);
      await dispatchOk(ops, pair.ids[0]!, a.driverId);
      await stepsOk(a.app, pair.ids[0]!, STEPS.slice(0, 5));
      const manualBody = conciergeLoanerRequest();
      manualBody.customer_move.vehicle.manual = true;
      const manual = await bookCase(dealer, CONCIERGE_LOANER, manualBody);
      const canceled = await dispatched();
      await cancel(dealer, ops, canceled, 'canceled');
      const partial = await dispatched();
      await stepsOk(a.app, partial, ['pickup_started']);
      await cancel(dealer, ops, partial, 'partial');
      const pending = await dispatched();
      await cancel(dealer, ops, pending);
      const delivered = await dispatched();
      await stepsOk(a.app, delivered);
      const ofGone = await dispatched(gone.driverId);
      await gone.app.bearer(); // signed in while still active; the token stays valid for the whole table
      await deactivateDriver(desk, gone.driverId);
      const inactive = await addDriver(t, desk, { name: 'Ina Active', canDriveManual: true });
      await deactivateDriver(desk, inactive.driverId);

      f = {
        t,
        dealer,
        admin: await addCaller(t, 'dealer_admin', [t.rooftopId, otherRooftop]),
        ops,
        desk,
        otherOps: await addCaller(t, 'ops', [otherRooftop]),
        a,
        b: await addDriver(t, desk, { name: 'Blair Baker', canDriveManual: true }),
        auto: await addDriver(t, desk, { name: 'Otto Matic', canDriveManual: false }),
        inactive,
        gone,
        moves: {
          booked: await oneWay(),
          dispatched: await dispatched(),
          arrived,
          pairLeg0: pair.ids[0]!,
          pairLeg1: pair.ids[1]!,
          manualLoaner: manual.ids[0]!,
          manualCustomer: manual.ids[1]!,
          canceled,
          partial,
          pending,
          delivered,
          ofGone,
        },
      };

      // The fixtures are in the states the rows rely on.
      const status = async (id: number) => {
        const doc = JSON.parse(await documentOf(dealer, id));
        const m = Object.values(doc).find((v: any) => v?.move_id === id) as Record<string, any>;
        return [m.status, m.cancel_status];
      };
      const m = f.moves;
      assert.deepEqual(await status(m.booked), [null, null]);
      assert.deepEqual(await status(m.dispatched), ['dispatched', null]);
      assert.deepEqual(await status(m.arrived), ['pickup arrived', null]);
      assert.deepEqual(await status(m.pairLeg0), ['delivery arrived', null]);
      assert.deepEqual(await status(m.pairLeg1), ['dispatched', null]);
      assert.deepEqual(await status(m.manualCustomer), [null, null]);
      assert.deepEqual(await status(m.canceled), ['dispatched', 'canceled']);
      assert.deepEqual(await status(m.partial), ['pickup started', 'partial']);
      assert.deepEqual(await status(m.pending), ['dispatched', 'pending']);
      assert.deepEqual(await status(m.delivered), ['delivery successful', null]);
      assert.deepEqual(await status(m.ofGone), ['dispatched', null]);
      assert.equal(JSON.parse(await documentOf(dealer, m.manualCustomer)).customer_move.vehicle.manual, true);
    });
    after(() => f.t.close());

    /** What must not change: the watched document, and every event, step record and driver row. */
    async function snapshot(watch: number) {
      const db = f.t.deps.database.db;
      return {
        document: await documentOf(f.dealer, watch),
        events: await countRows(f.t, 'events'),
        steps: await countRows(f.t, 'move_steps'),
        drivers: JSON.stringify(await db.selectFrom('drivers').selectAll().orderBy('id').execute()),
      };
    }

    for (const row of ROWS) {
      test(row.name, async () => {
        f.t.clock.advance(11_000); // anything written now would carry a new time (the table stays well within a token's hour)
        const watch = row.watch(f);
        const before = await snapshot(watch);
        const res = await row.send(f);
        assertError(res, row.status, row.code, row.problems);
        if (row.message) assert.match(res.json().message, row.message(f), res.body);
        const after = await snapshot(watch);
        assert.equal(after.document, before.document, 'the GET document is byte-identical');
        assert.equal(after.events, before.events, 'no event was written');
        assert.equal(after.steps, before.steps, 'no step was recorded');
        assert.equal(after.drivers, before.drivers, 'no driver changed (position included)');
      });
    }

    test('the watched fixtures still accept the right next step afterwards (the refusals left them usable)', async () => {
      const ok = async (driver: Caller, id: number, s: string) => {
        await inspectBeforeStep(sendAs(driver), id, s);
        const res = await driver.request('POST', `/v1/driver/moves/${id}/steps`, at(s));
        assert.equal(res.statusCode, 200, res.body);
      };
      await ok(f.a.app, f.moves.arrived, 'pickup_successful');
      await ok(f.a.app, f.moves.dispatched, 'pickup_started');
      await ok(f.a.app, f.moves.pairLeg0, 'delivery_successful');
      await ok(f.a.app, f.moves.pairLeg1, 'pickup_started');

      // The deactivated driver's token was refused for being deactivated, not for being stale:
      // reactivated, the same token works again.
      const res = await f.desk.request('PATCH', `/v1/ops/drivers/${f.gone.driverId}`, { active: true });
      assert.equal(res.statusCode, 200, res.body);
      const list = await f.gone.app.request('GET', '/v1/driver/moves');
      assert.equal(list.statusCode, 200, list.body);
      assert.deepEqual(list.json().moves.map((m: { move_id: number }) => m.move_id), [f.moves.ofGone]);
    });
  });
}
