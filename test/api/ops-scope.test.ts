// The ops scope rule (README "Ops clients"), over the endpoint list: an ops client scoped to
// rooftops sees and dispatches only those rooftops' moves, lists and reads drivers but sees where
// one is only while the driver is on one of its rooftops' unfinished moves, and may not create or
// change drivers; the all-rooftops dispatch desk sees and dispatches every rooftop's moves (also of
// rooftops added after it) and manages drivers. Neither may book or subscribe webhooks.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import {
  addCaller,
  addDriver,
  bookCase,
  type Booked,
  type Caller,
  cancel,
  dispatchOk,
  eventRows,
  ONE_WAY,
  position,
  stepsOk,
  STEPS,
} from '../support/lifecycle.ts';
import { oneWayRequest } from '../support/requests.ts';

type Who = 'opsA' | 'opsB' | 'desk';
const WHO: Who[] = ['opsA', 'opsB', 'desk'];
/** Which rooftops' things a list showed: '', 'A', 'B' or 'AB'. */
type Seen = '' | 'A' | 'B' | 'AB';

interface Fixtures {
  t: TestApp;
  callers: Record<Who, Caller>;
  dealerA: Caller;
  dealerB: Caller;
  a: Booked;
  b: Booked;
  driverId: number;
  /** The first event of `a` and of `b`. */
  eventA: string;
  eventB: string;
  /** A new one-way booking of rooftop A or B, for the rows that change a move. */
  fresh(rooftop: 'A' | 'B'): Promise<number>;
}

interface StatusRow {
  name: string;
  send: (c: Caller, f: Fixtures) => Promise<LightMyRequestResponse>;
  expect: Record<Who, number>;
}

interface ListRow {
  name: string;
  url: string;
  /** Which rooftops' items of the fixtures the body shows. */
  seen: (body: any, f: Fixtures) => Seen;
  expect: Record<Who, Seen>;
}

const ONLY_A = { opsA: 200, opsB: 404, desk: 200 };
const ONLY_B = { opsA: 404, opsB: 200, desk: 200 };
const EVERYONE = { opsA: 200, opsB: 200, desk: 200 };
const DESK_ONLY = { opsA: 403, opsB: 403, desk: 200 };
const NO_OPS = { opsA: 403, opsB: 403, desk: 403 };

const seenOf = (a: boolean, b: boolean): Seen => `${a ? 'A' : ''}${b ? 'B' : ''}` as Seen;
const laneOf = (doc: Booked) => Number(new URL(doc.doc.move.lane_uri as string).pathname.split('/').pop());
const pickupOf = (doc: Booked) => doc.doc.move.pickup_location.location_id as number;
const firstEvent = async (f: Fixtures, booked: Booked) => (await eventRows(f.t, booked.ids[0]!))[0]!.id;

const dispatchFresh = (rooftop: 'A' | 'B'): StatusRow['send'] => async (c, f) =>
  c.request('POST', `/v1/ops/moves/${await f.fresh(rooftop)}/dispatch`, { driver_id: f.driverId });

/** Every endpoint that takes a move, rooftop or driver, on one of A's and one of B's where it matters. */
const STATUS_ROWS: StatusRow[] = [
  { name: 'GET /v1/moves/:id of A', send: (c, f) => c.request('GET', `/v1/moves/${f.a.ids[0]}`), expect: ONLY_A },
  { name: 'GET /v1/moves/:id of B', send: (c, f) => c.request('GET', `/v1/moves/${f.b.ids[0]}`), expect: ONLY_B },
  { name: 'PATCH /v1/moves/:id of B', send: (c, f) => c.request('PATCH', `/v1/moves/${f.b.ids[0]}`, { vehicle_color: 'red' }), expect: ONLY_B },
  { name: 'GET /v1/moves/:id/messages of A', send: (c, f) => c.request('GET', `/v1/moves/${f.a.ids[0]}/messages`), expect: ONLY_A },
  { name: 'GET /v1/moves/:id/messages of B', send: (c, f) => c.request('GET', `/v1/moves/${f.b.ids[0]}/messages`), expect: ONLY_B },
  { name: "GET /v1/locations/:id of A's", send: (c, f) => c.request('GET', `/v1/locations/${pickupOf(f.a)}`), expect: ONLY_A },
  { name: "GET /v1/locations/:id of B's", send: (c, f) => c.request('GET', `/v1/locations/${pickupOf(f.b)}`), expect: ONLY_B },
  { name: "GET /v1/lanes/:id of B's", send: (c, f) => c.request('GET', `/v1/lanes/${laneOf(f.b)}`), expect: ONLY_B },
  { name: "GET /v1/events/:id of A's", send: (c, f) => c.request('GET', `/v1/events/${f.eventA}`), expect: ONLY_A },
  { name: "GET /v1/events/:id of B's", send: (c, f) => c.request('GET', `/v1/events/${f.eventB}`), expect: ONLY_B },
  { name: 'POST /v1/ops/moves/:id/dispatch of A', send: dispatchFresh('A'), expect: ONLY_A },
  { name: 'POST /v1/ops/moves/:id/dispatch of B', send: dispatchFresh('B'), expect: ONLY_B },
  { name: 'POST /v1/cancelation of B', send: async (c, f) => c.request('POST', '/v1/cancelation', { move_id: await f.fresh('B') }), expect: ONLY_B },
  {
    name: 'POST /v1/ops/moves/:id/cancel-decision of B',
    send: async (c, f) => {
      const id = await f.fresh('B');
      await cancel(f.dealerB, f.callers.desk, id);
      return c.request('POST', `/v1/ops/moves/${id}/cancel-decision`, { outcome: 'canceled' });
    },
    expect: ONLY_B,
  },
  {
    name: 'POST /v1/mock/:moveId of B',
    send: async (c, f) => c.request('POST', `/v1/mock/${await f.fresh('B')}`, { sequence: 'new-to-successful', interval: 0 }),
    expect: ONLY_B,
  },
  { name: 'GET /v1/ops/drivers', send: (c) => c.request('GET', '/v1/ops/drivers'), expect: EVERYONE },
  { name: 'GET /v1/ops/drivers/:id', send: (c, f) => c.request('GET', `/v1/ops/drivers/${f.driverId}`), expect: EVERYONE },
  { name: 'POST /v1/ops/drivers', send: (c) => c.request('POST', '/v1/ops/drivers', { name: 'New Hire', phone: '804-555-0150' }), expect: DESK_ONLY },
  { name: 'PATCH /v1/ops/drivers/:id (rename)', send: (c, f) => c.request('PATCH', `/v1/ops/drivers/${f.driverId}`, { name: 'Dana W' }), expect: DESK_ONLY },
  {
    name: 'PATCH /v1/ops/drivers/:id (deactivate), even with a bad body',
    send: (c, f) => c.request('PATCH', `/v1/ops/drivers/${f.driverId}`, { active: 'no' }),
    expect: { opsA: 403, opsB: 403, desk: 400 },
  },
  { name: 'POST /v1/one-way-moves', send: (c) => c.request('POST', '/v1/one-way-moves', oneWayRequest()), expect: NO_OPS },
  {
    name: 'POST /v1/one-way-moves naming rooftop B',
    send: (c, f) => c.request('POST', '/v1/one-way-moves', { ...oneWayRequest(), rooftop: f.t.rooftopId + 1 }),
    expect: NO_OPS,
  },
  { name: 'GET /v1/webhooks', send: (c) => c.request('GET', '/v1/webhooks'), expect: NO_OPS },
];

/** Whether a list of `key` shows A's item and B's (by `idKey`). */
const shows = (key: string, idKey: string, ofA: (f: Fixtures) => unknown, ofB: (f: Fixtures) => unknown) => (body: any, f: Fixtures) => {
  const ids = new Set(body[key].map((x: Record<string, unknown>) => x[idKey]));
  return seenOf(ids.has(ofA(f)), ids.has(ofB(f)));
};
const BY_ROOFTOP = { opsA: 'A', opsB: 'B', desk: 'AB' } as const;
const LIST_ROWS: ListRow[] = [
  { name: 'GET /v1/moves', url: '/v1/moves?limit=200', seen: shows('moves', 'move_id', (f) => f.a.ids[0], (f) => f.b.ids[0]), expect: BY_ROOFTOP },
  {
    name: 'GET /v1/locations',
    url: '/v1/locations?limit=500',
    seen: shows('locations', 'location_id', (f) => pickupOf(f.a), (f) => pickupOf(f.b)),
    expect: BY_ROOFTOP,
  },
  { name: 'GET /v1/events', url: '/v1/events?limit=500', seen: shows('events', 'id', (f) => f.eventA, (f) => f.eventB), expect: BY_ROOFTOP },
];

for (const engine of engines()) {
  describe(`the ops scope on ${engine}`, () => {
    let f: Fixtures;
    before(async () => {
      const t = await startTestApp(engine, { SANDBOX: '1', CANCEL_DECISION_DELAY_MS: '3600000' });
      const rooftopB = await t.addRooftop({ name: 'Other Motors' });
      assert.equal(rooftopB, t.rooftopId + 1, 'the "naming rooftop B" row relies on it');
      const dealerA = await addCaller(t, 'dealer', [t.rooftopId]);
      const dealerB = await addCaller(t, 'dealer', [rooftopB]);
      const callers = {
        opsA: await addCaller(t, 'ops', [t.rooftopId]),
        opsB: await addCaller(t, 'ops', [rooftopB]),
        desk: await addCaller(t, 'ops', 'all'),
      };
      const driver = await addDriver(t, callers.desk, { name: 'Dana Driver', canDriveManual: true });
      const [a, b] = [await bookCase(dealerA, ONE_WAY), await bookCase(dealerB, ONE_WAY)];
      const fresh = async (rooftop: 'A' | 'B') => (await bookCase(rooftop === 'A' ? dealerA : dealerB, ONE_WAY)).ids[0]!;
      f = { t, callers, dealerA, dealerB, a, b, driverId: driver.driverId, fresh, eventA: '', eventB: '' };
      [f.eventA, f.eventB] = [await firstEvent(f, a), await firstEvent(f, b)];
    });
    after(() => f.t.close());

    test('the endpoint table: scoped ops of A, scoped ops of B, the all-rooftops desk', async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const row of STATUS_ROWS) {
        for (const who of WHO) {
          const res = await row.send(f.callers[who], f);
          got.push(`${row.name} as ${who}: ${res.statusCode}`);
          want.push(`${row.name} as ${who}: ${row.expect[who]}`);
          if (res.statusCode === 403) assert.equal(res.json().code, 'missing_scope', res.body);
          if (res.statusCode === 404 && row.name.includes('/moves')) assert.equal(res.json().code, 'move_invalid', res.body);
        }
      }
      for (const row of LIST_ROWS) {
        for (const who of WHO) {
          const res = await f.callers[who].request('GET', row.url);
          assert.equal(res.statusCode, 200, `${row.name} as ${who}: ${res.body}`);
          got.push(`${row.name} as ${who} shows ${row.seen(res.json(), f) || 'none'}`);
          want.push(`${row.name} as ${who} shows ${row.expect[who] || 'none'}`);
        }
      }
      assert.deepEqual(got, want);
    });

    test('a scoped client is told why it may not change drivers', async () => {
      const res = await f.callers.opsA.request('PATCH', `/v1/ops/drivers/${f.driverId}`, { active: false });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().code, 'missing_scope');
      assert.match(res.json().message, /all-rooftops ops client \(handoff client add --role ops --all-rooftops\)/);
      assert.match(res.json().message, new RegExp(`scoped to rooftop ${f.t.rooftopId}$`));
      const after = await f.callers.desk.request('GET', `/v1/ops/drivers/${f.driverId}`);
      assert.equal(after.json().active, true, 'nothing changed');
    });

    test("a scoped client sees a driver's position only while the driver is on one of its rooftops' moves", async () => {
      const { t, callers } = f;
      const d = await addDriver(t, callers.desk, { name: 'Pat Position', canDriveManual: true });
      const located = await d.app.request('POST', '/v1/driver/location', position);
      assert.equal(located.statusCode, 200, located.body);

      /** Who sees the position, checked on GET /v1/ops/drivers/:id and in the list alike. */
      const whoSees = async () => {
        const seen: Record<Who, boolean> = { opsA: false, opsB: false, desk: false };
        const full = (await callers.desk.request('GET', `/v1/ops/drivers/${d.driverId}`)).json() as Record<string, unknown>;
        for (const who of WHO) {
          const one = await callers[who].request('GET', `/v1/ops/drivers/${d.driverId}`);
          assert.equal(one.statusCode, 200, one.body);
          const doc = one.json() as Record<string, unknown>;
          const listed = (await callers[who].request('GET', '/v1/ops/drivers?limit=500')).json().drivers.find(
            (x: { driver_id: number }) => x.driver_id === d.driverId,
          );
          assert.deepEqual(listed, doc, `${who}: the list shows what the driver's own endpoint shows`);
          // Name, phone and the rest are the dispatcher's to see; only the position is withheld.
          assert.deepEqual({ ...doc, last_location: null }, { ...full, last_location: null }, who);
          const where = doc.last_location;
          if (where !== null) assert.deepEqual(where, full.last_location, who);
          seen[who] = where !== null;
        }
        return seen;
      };

      assert.deepEqual(await whoSees(), { opsA: false, opsB: false, desk: true }, 'on no move');
      const onB = await f.fresh('B');
      await dispatchOk(callers.desk, onB, d.driverId);
      await stepsOk(d.app, onB, ['pickup_started']);
      assert.deepEqual(await whoSees(), { opsA: false, opsB: true, desk: true }, "on B's move: not A's to see");
      const onA = await f.fresh('A');
      await dispatchOk(callers.opsA, onA, d.driverId);
      assert.deepEqual(await whoSees(), { opsA: true, opsB: true, desk: true }, "on A's move too");
      await stepsOk(d.app, onA, STEPS);
      assert.deepEqual(await whoSees(), { opsA: false, opsB: true, desk: true }, "A's move delivered");
      await cancel(f.dealerB, callers.desk, onB, 'partial');
      assert.deepEqual(await whoSees(), { opsA: false, opsB: false, desk: true }, "B's move canceled");
    });

    test('the desk dispatches the moves of a rooftop added after it, once its cached record is renewed (30 s)', async () => {
      const { t, callers } = f;
      assert.equal((await callers.desk.request('GET', '/v1/moves')).statusCode, 200, 'the desk is authenticated and cached');
      const rooftopC = await t.addRooftop({ name: 'Newer Motors' });
      const dealerC = await addCaller(t, 'dealer', [rooftopC]);
      const c = (await bookCase(dealerC, ONE_WAY)).ids[0]!;
      t.clock.advance(30_000);
      const read = await callers.desk.request('GET', `/v1/moves/${c}`);
      assert.equal(read.statusCode, 200, read.body);
      const dispatched = await callers.desk.request('POST', `/v1/ops/moves/${c}/dispatch`, { driver_id: f.driverId });
      assert.equal(dispatched.statusCode, 200, dispatched.body);
      for (const who of ['opsA', 'opsB'] as const) {
        assert.equal((await callers[who].request('GET', `/v1/moves/${c}`)).statusCode, 404, `${who} does not gain it`);
      }
    });
  });

  describe(`an all-rooftops desk before any rooftop exists on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
      // The test app starts with one rooftop and its dealer: take them away.
      await t.deps.database.db.deleteFrom('client_rooftops').execute();
      await t.deps.database.db.deleteFrom('rooftops').execute();
    });
    after(() => t.close());

    test('answers empty lists and not-found, not an error', async () => {
      const desk = await addCaller(t, 'ops', 'all');
      const uuid = '00000000-0000-4000-8000-000000000000';
      const answers: [string, string, unknown, number][] = [
        ['GET', '/v1/moves/1', undefined, 404],
        ['GET', '/v1/moves/1/messages', undefined, 404],
        ['PATCH', '/v1/moves/1', { vehicle_color: 'red' }, 404],
        ['POST', '/v1/ops/moves/1/dispatch', { driver_id: 1 }, 404],
        ['POST', '/v1/ops/moves/1/cancel-decision', { outcome: 'canceled' }, 404],
        ['POST', '/v1/cancelation', { move_id: 1 }, 404],
        ['GET', '/v1/locations/1', undefined, 404],
        ['GET', '/v1/lanes/1', undefined, 404],
        ['GET', `/v1/events/${uuid}`, undefined, 404],
        ['GET', '/v1/ops/drivers', undefined, 200],
      ];
      for (const [method, url, body, status] of answers) {
        const res = await desk.request(method, url, body);
        assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
      }
      for (const [url, key] of [['/v1/moves', 'moves'], ['/v1/locations', 'locations'], ['/v1/events', 'events']] as const) {
        const res = await desk.request('GET', url);
        assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
        assert.deepEqual(res.json()[key], [], url);
      }
    });
  });
}
