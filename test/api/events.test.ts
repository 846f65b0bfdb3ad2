// GET /v1/events and GET /v1/events/:id (spec §8, §3, §4): the envelope, oldest first, cursor
// paging that visits every event once, the `from` filter, refusals of bad parameters, and rooftop
// scoping (another rooftop's events are invisible and reported as missing, never forbidden).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import {
  addCaller,
  addDriver,
  assertError,
  bookCase,
  type Caller,
  cancel,
  dispatchOk,
  type Doc,
  EVENT_TYPES,
  iso,
  ISO_SECONDS,
  MOVE_TYPE_CASES,
  ONE_WAY,
  type Problem,
  stepsOk,
  UUID,
} from '../support/lifecycle.ts';

const ENVELOPE_KEYS = ['id', 'object', 'type', 'version', 'created', 'sequence', 'data'];
const ROUND_TRIP = MOVE_TYPE_CASES.find((c) => c.name === 'round-trip')!;

interface Listed {
  events: Doc[];
  next_cursor: string | null;
  raw: string;
}

async function list(caller: Caller, query = ''): Promise<Listed> {
  const res = await caller.request('GET', `/v1/events${query}`);
  assert.equal(res.statusCode, 200, `${query}: ${res.body}`);
  const body = res.json();
  assert.deepEqual(Object.keys(body), ['events', 'next_cursor'], query);
  return { events: body.events, next_cursor: body.next_cursor, raw: res.body };
}

/** Follows next_cursor from the first page to the last; every page but the last is full. */
async function walk(caller: Caller, limit: number, extra = ''): Promise<{ events: Doc[]; pages: number }> {
  const events: Doc[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q: string = `?limit=${limit}${extra}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const page = await list(caller, q);
    pages++;
    assert.ok(pages <= 1000, 'paging ends');
    assert.ok(page.events.length <= limit, `${q}: at most ${limit}`);
    if (page.next_cursor !== null) {
      assert.equal(page.events.length, limit, `${q}: a page followed by another is full`);
      assert.equal(typeof page.next_cursor, 'string');
    }
    events.push(...page.events);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return { events, pages };
}

for (const engine of engines()) {
  describe(`GET /v1/events on ${engine}`, () => {
    let t: TestApp;
    let dealer: Caller;
    let ops: Caller;
    let otherDealer: Caller;
    let admin: Caller;
    let driverApp: Caller;
    /** Move ids: X one-way, P0/P1 a round trip (this rooftop); Y, Y2 one-ways of the other rooftop. */
    const id = { x: 0, p0: 0, p1: 0, y: 0, y2: 0 };
    /** When each action happened. */
    const when: Record<string, number> = {};

    before(async () => {
      t = await startTestApp(engine);
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      ops = await addCaller(t, 'ops', [t.rooftopId]);
      const other = await t.addRooftop({ name: 'Other Motors' });
      otherDealer = await addCaller(t, 'dealer', [other]);
      admin = await addCaller(t, 'dealer_admin', [t.rooftopId, other]);
      const driver = await addDriver(t, await addCaller(t, 'ops', 'all'), { name: 'Eve Events', canDriveManual: true });
      driverApp = driver.app;

      const tick = (name: string) => {
        t.clock.advance(60_000 + 3_000);
        when[name] = t.clock.now();
      };
      tick('bookX');
      id.x = (await bookCase(dealer, ONE_WAY)).ids[0]!;
      tick('bookP');
      [id.p0, id.p1] = (await bookCase(dealer, ROUND_TRIP)).ids as [number, number];
      tick('bookY');
      id.y = (await bookCase(otherDealer, ONE_WAY)).ids[0]!;
      tick('dispatchX');
      await dispatchOk(ops, id.x, driver.driverId);
      tick('dispatchP');
      await dispatchOk(ops, id.p1, driver.driverId);
      tick('startX');
      await stepsOk(driver.app, id.x, ['pickup_started']);
      tick('editX');
      const edited = await dealer.request('PATCH', `/v1/moves/${id.x}`, { vehicle_color: 'red' });
      assert.equal(edited.statusCode, 200, edited.body);
      tick('cancelP');
      await cancel(dealer, ops, id.p0);
      tick('bookY2');
      id.y2 = (await bookCase(otherDealer, ONE_WAY)).ids[0]!;
      tick('decideP');
      const decided = await ops.request('POST', `/v1/ops/moves/${id.p0}/cancel-decision`, { outcome: 'canceled' });
      assert.equal(decided.statusCode, 200, decided.body);
    });
    after(() => t.close());

    /** This rooftop's events, in the order they happened, as [move, type, sequence, created]. */
    const story = () => [
      [id.x, 'move.created', 1, when.bookX],
      [id.p0, 'move.created', 1, when.bookP],
      [id.p1, 'move.created', 1, when.bookP],
      [id.x, 'move.dispatched', 2, when.dispatchX],
      [id.p0, 'move.dispatched', 2, when.dispatchP],
      [id.p1, 'move.dispatched', 2, when.dispatchP],
      [id.x, 'move.pickup.started', 3, when.startX],
      [id.x, 'move.updated', 4, when.editX],
      [id.p0, 'move.cancel.pending', 3, when.cancelP],
      [id.p1, 'move.cancel.pending', 3, when.cancelP],
      [id.p0, 'move.cancel.succeeded', 4, when.decideP],
      [id.p1, 'move.cancel.succeeded', 4, when.decideP],
    ];

    /** The stored rows of some rooftops, in log order, as the envelope must show them. */
    async function stored(rooftopIds: number[]) {
      const rows = await t.deps.database.db
        .selectFrom('events')
        .selectAll()
        .where('rooftop_id', 'in', rooftopIds)
        .orderBy('position')
        .execute();
      return rows.map((r) => ({
        move_id: Number(r.move_id),
        envelope: {
          id: r.id,
          object: 'event',
          type: r.type,
          version: '1.0.0',
          created: iso(Number(r.created_at)),
          sequence: Number(r.sequence),
          data: JSON.parse(r.data),
        },
      }));
    }

    const otherRooftopId = async () =>
      Number(
        (await t.deps.database.db.selectFrom('moves').select('rooftop_id').where('id', '=', id.y).executeTakeFirstOrThrow())
          .rooftop_id,
      );

    test('the envelope: exactly id, object, type, version, created, sequence, data — in that order', async () => {
      const { events } = await list(dealer);
      assert.equal(events.length, story().length);
      for (const e of events) {
        assert.deepEqual(Object.keys(e), ENVELOPE_KEYS);
        assert.match(e.id, UUID);
        assert.equal(e.object, 'event');
        assert.ok(EVENT_TYPES.includes(e.type), e.type);
        assert.equal(e.version, '1.0.0');
        assert.match(e.created, ISO_SECONDS);
        assert.ok(Number.isInteger(e.sequence) && e.sequence >= 1);
        assert.equal(typeof e.data, 'object');
        assert.ok(Object.values(e.data).some((m: any) => m?.move_id !== undefined), 'data is a move document');
      }
      assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'ids are unique');
      assert.deepEqual(events, (await stored([t.rooftopId])).map((r) => r.envelope), 'as stored: data is the document of the time');
    });

    test("each event's data is the move's document at that time", async () => {
      const { events } = await list(dealer);
      const x = events.filter((e) => e.data.move?.move_id === id.x);
      assert.deepEqual(
        x.map((e) => [e.type, e.data.move.status, e.data.move.vehicle.color, e.data.move.driver_name]),
        [
          ['move.created', null, 'silver', null],
          ['move.dispatched', 'dispatched', 'silver', 'Eve Events'],
          ['move.pickup.started', 'pickup started', 'silver', 'Eve Events'],
          ['move.updated', 'pickup started', 'red', 'Eve Events'],
        ],
      );
      const p0 = events.filter((e) => e.data.move_one?.move_id === id.p0);
      assert.deepEqual(
        p0.map((e) => [e.type, e.data.move_one.cancel_status, e.data.move_two.cancel_status]),
        [
          ['move.created', null, null],
          ['move.created', null, null],
          ['move.dispatched', null, null],
          ['move.dispatched', null, null],
          ['move.cancel.pending', 'pending', 'pending'],
          ['move.cancel.pending', 'pending', 'pending'],
          ['move.cancel.succeeded', 'canceled', 'canceled'],
          ['move.cancel.succeeded', 'canceled', 'canceled'],
        ],
        'both legs of the pair carry the one pair document',
      );
      // The latest event's data is the current GET document.
      const current = await dealer.request('GET', `/v1/moves/${id.x}`);
      assert.deepEqual(x.at(-1)!.data, current.json());
    });

    test('oldest first: the order things happened, sequences 1, 2, 3… per move', async () => {
      const { events } = await list(dealer);
      const moveOf = new Map((await stored([t.rooftopId])).map((r) => [r.envelope.id, r.move_id]));
      assert.deepEqual(
        events.map((e) => [moveOf.get(e.id), e.type, e.sequence, e.created]),
        story().map(([m, type, seq, at]) => [m, type, seq, iso(at as number)]),
      );
      const created = events.map((e) => e.created);
      assert.deepEqual([...created].sort(), created, 'created never goes back');
    });

    test('limit and next_cursor visit every event exactly once, in order', async () => {
      const all = (await list(dealer, '?limit=500')).events;
      assert.equal((await list(dealer, '?limit=500')).next_cursor, null);
      assert.deepEqual((await list(dealer)).events, all, 'the default limit (100) holds them all');
      const n = all.length;
      for (const limit of [1, 2, 5, n - 1, n, n + 1]) {
        const { events, pages } = await walk(dealer, limit);
        assert.deepEqual(
          events.map((e) => e.id),
          all.map((e) => e.id),
          `limit ${limit}: every event once, in order`,
        );
        assert.deepEqual(events, all);
        assert.equal(pages, Math.ceil(n / limit), `limit ${limit}: no empty last page`);
      }
      const first = await list(dealer, '?limit=3');
      assert.equal(first.events.length, 3);
      assert.notEqual(first.next_cursor, null);
      const second = await list(dealer, `?limit=3&cursor=${encodeURIComponent(first.next_cursor!)}`);
      assert.deepEqual(second.events, all.slice(3, 6));
    });

    test('from keeps the events created at or after it, in every accepted time format', async () => {
      const all = (await list(dealer, '?limit=500')).events;
      const fromDispatch = all.filter((e) => Date.parse(e.created) >= when.dispatchX!);
      assert.equal(fromDispatch.length, 9);
      assert.equal(fromDispatch[0]!.type, 'move.dispatched');
      const at = new Date(when.dispatchX!);
      const ymd = at.toISOString().slice(0, 10);
      const hms = at.toISOString().slice(11, 19);
      const local = new Date(when.dispatchX! - 4 * 3_600_000).toISOString().slice(0, 19);
      for (const from of [iso(when.dispatchX!), `${ymd}T${hms}.000Z`, `${ymd} ${hms}`, `${local}-04:00`]) {
        const page = await list(dealer, `?from=${encodeURIComponent(from)}`);
        assert.deepEqual(page.events, fromDispatch, `from=${from}`);
        assert.equal(page.next_cursor, null);
      }
      // One second later, the dispatch of X is left out; paging works under the filter.
      const later = iso(when.dispatchX! + 1_000);
      assert.deepEqual((await list(dealer, `?from=${later}`)).events, fromDispatch.slice(1));
      const paged = await walk(dealer, 2, `&from=${encodeURIComponent(iso(when.dispatchX!))}`);
      assert.deepEqual(paged.events, fromDispatch);
      // Before everything: all; after everything: none.
      assert.deepEqual((await list(dealer, `?from=${iso(when.bookX! - 3_600_000)}`)).events, all);
      assert.deepEqual(await list(dealer, `?from=${iso(t.clock.now() + 1_000)}`).then((p) => [p.events, p.next_cursor]), [[], null]);
    });

    test('bad limit, cursor or from is 400 field_invalid at that parameter, every one listed', async () => {
      const cases: [query: string, problems: Problem[]][] = [
        ['?limit=0', [['field_invalid', 'limit']]],
        ['?limit=501', [['field_invalid', 'limit']]],
        ['?limit=-1', [['field_invalid', 'limit']]],
        ['?limit=1.5', [['field_invalid', 'limit']]],
        ['?limit=ten', [['field_invalid', 'limit']]],
        ['?limit=1&limit=2', [['field_invalid', 'limit']]],
        ['?cursor=abc', [['field_invalid', 'cursor']]],
        ['?cursor=e', [['field_invalid', 'cursor']]],
        ['?cursor=12', [['field_invalid', 'cursor']]],
        ['?cursor=e-1', [['field_invalid', 'cursor']]],
        ['?cursor=e1x', [['field_invalid', 'cursor']]],
        ['?from=yesterday', [['field_invalid', 'from']]],
        ['?from=2026-03-18', [['field_invalid', 'from']]],
        ['?from=2026-02-30T00:00:00Z', [['field_invalid', 'from']]],
        ['?from=2026-03-18T12:00:00', [['field_invalid', 'from']]],
        ['?from=1773835200000', [['field_invalid', 'from']]],
        [
          '?limit=0&cursor=nope&from=soon',
          [
            ['field_invalid', 'limit'],
            ['field_invalid', 'cursor'],
            ['field_invalid', 'from'],
          ],
        ],
      ];
      for (const [query, problems] of cases) {
        const res = await dealer.request('GET', `/v1/events${query}`);
        assertError(res, 400, 'field_invalid', problems);
      }
    });

    test('GET /v1/events/:id: the same envelope as in the list, byte for byte', async () => {
      const listed = await list(dealer);
      for (const e of listed.events) {
        const res = await dealer.request('GET', `/v1/events/${e.id}`);
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(Object.keys(res.json()), ENVELOPE_KEYS);
        assert.deepEqual(res.json(), e);
        assert.ok(listed.raw.includes(res.body), 'the listed envelope is the same bytes');
        const asOps = await ops.request('GET', `/v1/events/${e.id}`);
        assert.equal(asOps.body, res.body);
      }
    });

    test("rooftop scoping: another rooftop's client sees none of these events, and cannot read one", async () => {
      const ours = await stored([t.rooftopId]);
      const theirs = await stored([await otherRooftopId()]);
      assert.deepEqual(
        theirs.map((r) => [r.move_id, r.envelope.type]),
        [
          [id.y, 'move.created'],
          [id.y2, 'move.created'],
        ],
      );
      const seen = (await walk(otherDealer, 500)).events;
      assert.deepEqual(seen, theirs.map((r) => r.envelope), 'only their own');
      const ourIds = new Set(ours.map((r) => r.envelope.id));
      assert.ok(!seen.some((e) => ourIds.has(e.id)));
      // A cursor taken from our log does not open it to them.
      const fromOurCursor = await list(otherDealer, `?cursor=e0`);
      assert.deepEqual(fromOurCursor.events, theirs.map((r) => r.envelope));

      for (const r of ours.slice(0, 3)) {
        assertError(await otherDealer.request('GET', `/v1/events/${r.envelope.id}`), 404, 'not_found');
      }
      assertError(await dealer.request('GET', `/v1/events/${theirs[0]!.envelope.id}`), 404, 'not_found');
      assertError(await ops.request('GET', `/v1/events/${theirs[0]!.envelope.id}`), 404, 'not_found');

      // Ours, to our dealer and our ops desk; both rooftops' to an admin of both, in log order.
      assert.deepEqual((await list(ops)).events, ours.map((r) => r.envelope));
      const both = (await stored([t.rooftopId, await otherRooftopId()])).map((r) => r.envelope);
      assert.deepEqual((await walk(admin, 5)).events, both);
    });

    test('an id that is not a uuid, or no such uuid, is 404 not_found', async () => {
      const real = (await list(dealer)).events[0]!.id as string;
      for (const bad of ['abc', '1', '0', `${real}x`, real.slice(0, -1), real.replace(/-/g, ''), '00000000-0000-0000-0000-000000000000']) {
        assertError(await dealer.request('GET', `/v1/events/${encodeURIComponent(bad)}`), 404, 'not_found');
      }
    });

    test('a driver token is 403 missing_scope; no token is 401', async () => {
      const real = (await list(dealer)).events[0]!.id as string;
      assertError(await driverApp.request('GET', '/v1/events'), 403, 'missing_scope');
      assertError(await driverApp.request('GET', `/v1/events/${real}`), 403, 'missing_scope');
      assertError(await t.request('GET', '/v1/events', { token: null }), 401, 'access_denied');
      assertError(await t.request('GET', `/v1/events/${real}`, { token: null }), 401, 'access_denied');
    });
  });
}
