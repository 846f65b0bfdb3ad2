// GET /v1/moves (spec §6): filters, validation, rooftop scope, and keyset pagination that stays
// exact while moves are being booked between pages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { listMoves, WINDOW_LOOKUP_MAX } from '../../src/modules/moves/move-list.repository.ts';
import { engines } from '../support/databases.ts';
import { PUBLIC_URL, startTestApp, type TestApp } from '../support/app.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';

const ADDRESSES = [
  { name: "Denny's Automobiles", address_one: '11161 Research Plaza Way', city: 'Richmond', state: 'VA', zip: '23236' },
  { name: 'Customer', address_one: '210 S Mulberry St', city: 'Richmond', state: 'VA', zip: '23220' },
  { name: 'City Hall', address_one: '900 E Broad St', city: 'Richmond', state: 'VA', zip: '23219' },
  { name: 'Willow Lawn', address_one: '1601 Willow Lawn Dr', city: 'Richmond', state: 'VA', zip: '23230' },
];

function oneWayRequest(reference: string | null, readyBy = '2026-03-25T14:00:00Z', from = 0, to = 1): Record<string, any> {
  return {
    ready_by_time_utc: readyBy,
    move: {
      ...(reference === null ? {} : { reference_id: reference }),
      vehicle: { make: 'Honda', model: 'Accord', manual: false },
      pickup_location: { ...ADDRESSES[from] },
      delivery_location: { ...ADDRESSES[to] },
    },
  };
}

const MOVE_ROLES = ['move', 'loaner_move', 'customer_move', 'move_one', 'move_two'];
/** The move objects of a booking document, in document order. */
const movesOf = (doc: Record<string, any>): Record<string, any>[] =>
  MOVE_ROLES.filter((r) => r in doc).map((r) => doc[r]);
const idsOf = (res: LightMyRequestResponse): number[] => res.json().moves.map((m: { move_id: number }) => m.move_id);
const desc = (ids: number[]) => [...ids].sort((a, b) => b - a);

function assertFieldInvalid(res: LightMyRequestResponse, fields: string[], what: string): void {
  assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
  const body = res.json();
  assert.equal(body.code, 'field_invalid', what);
  assert.deepEqual(
    body.errors.map((e: { code: string; field: string }) => [e.code, e.field]),
    fields.map((f) => ['field_invalid', f]),
    what,
  );
  assert.equal(body.doc_url, `${PUBLIC_URL}/docs/errors#field_invalid`);
}

/** Books and returns the document (200 asserted). */
async function book(t: TestApp, path: string, body: unknown, token?: string): Promise<Record<string, any>> {
  const res = await t.request('POST', path, { body, ...(token ? { token } : {}) });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

for (const engine of engines()) {
  describe(`GET /v1/moves on ${engine}`, () => {
    let t: TestApp;
    /** Booked in this order: a, c (a concierge-loaner pair), b, d. */
    const docs: Record<string, Record<string, any>> = {};
    const id = { a: 0, loaner: 0, customer: 0, b: 0, d: 0 };
    let all: number[];

    const list = (query: Record<string, string> | string = {}, token?: string) =>
      t.request('GET', `/v1/moves?${typeof query === 'string' ? query : new URLSearchParams(query)}`, token ? { token } : {});

    before(async () => {
      t = await startTestApp(engine);
      docs.a = await book(t, '/v1/one-way-moves', oneWayRequest('REF-A', '2026-03-25T14:00:00Z', 0, 1));
      docs.c = await book(t, '/v1/concierge-loaner-moves', conciergeLoanerRequest()); // ready by 13:37
      docs.b = await book(t, '/v1/one-way-moves', oneWayRequest('REF-B', '2026-03-26T09:00:00Z', 1, 2));
      docs.d = await book(t, '/v1/one-way-moves', oneWayRequest('REF-A', '2026-03-27T15:00:00Z', 2, 3));
      id.a = docs.a.move.move_id;
      id.loaner = docs.c.loaner_move.move_id;
      id.customer = docs.c.customer_move.move_id;
      id.b = docs.b.move.move_id;
      id.d = docs.d.move.move_id;
      all = desc(Object.values(id));
      // Later lifecycle states, set directly: booking always leaves status null.
      await t.deps.database.db.updateTable('moves').set({ status: 'dispatched' }).where('id', '=', id.b).execute();
      await t.deps.database.db.updateTable('moves').set({ status: 'pickup started' }).where('id', '=', id.d).execute();
      // Written behind the app's back, so the stored documents of those two (what GET answers) go too.
      await t.deps.database.db
        .deleteFrom('scenario_documents')
        .where('scenario_id', 'in', (eb) => eb.selectFrom('moves').select('scenario_id').where('id', 'in', [id.b, id.d]))
        .execute();
    });
    after(() => t.close());

    test('lists every move newest first, each as in its booking document plus the two scenario times', async () => {
      const res = await list();
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const body = res.json();
      assert.deepEqual(Object.keys(body), ['moves', 'next_cursor']);
      assert.deepEqual(idsOf(res), all);
      assert.equal(body.next_cursor, null);

      for (const item of body.moves) {
        const got = await t.request('GET', `/v1/moves/${item.move_id}`);
        const doc = got.json();
        // A pair's move object carries its charge; the list shows the move, not its money (GET has it).
        const { charge: _charge, ...move } = movesOf(doc).find((m) => m.move_id === item.move_id)!;
        const { ready_by_time_utc, appointment_time_utc, customer_name, ...rest } = item;
        assert.deepEqual(Object.keys(item), [...Object.keys(move), 'ready_by_time_utc', 'appointment_time_utc', 'customer_name']);
        assert.deepEqual(rest, move, `move ${item.move_id} as in its document`);
        assert.equal(ready_by_time_utc, doc.ready_by_time_utc);
        assert.equal(appointment_time_utc, doc.appointment_time_utc ?? null);
        assert.equal(customer_name, doc.customer_name ?? null, 'the customer of a concierge booking; null without one');
        assert.equal(item.move_details_url, `${PUBLIC_URL}/portal/moves/${item.move_id}`, 'the move\'s portal page');
      }
      const byId = new Map(body.moves.map((m: { move_id: number }) => [m.move_id, m]));
      const pair = byId.get(id.customer) as Record<string, any>;
      assert.equal(pair.ready_by_time_utc, '2026-03-25T13:37:00Z');
      assert.equal(pair.appointment_time_utc, '2026-03-25T14:00:00Z');
      assert.equal(pair.usecase_key, 'concierge-loaner-pu');
      assert.equal(pair.customer_name, conciergeLoanerRequest().customer_name, "the booking's customer");
      assert.equal((byId.get(id.a) as Record<string, any>).customer_name, null, 'a one-way move has no customer');
      assert.equal((byId.get(id.a) as Record<string, any>).appointment_time_utc, null);
      assert.equal((byId.get(id.b) as Record<string, any>).status, 'dispatched');
      assert.equal((byId.get(id.d) as Record<string, any>).status, 'pickup started');
    });

    test('status: booked is a null status; a §7 status matches exactly, spaces encoded either way', async () => {
      assert.deepEqual(idsOf(await list({ status: 'booked' })), desc([id.a, id.loaner, id.customer]));
      assert.deepEqual(idsOf(await list({ status: 'dispatched' })), [id.b]);
      assert.deepEqual(idsOf(await list('status=pickup+started')), [id.d]);
      assert.deepEqual(idsOf(await list('status=pickup%20started')), [id.d]);
      assert.deepEqual(idsOf(await list({ status: 'delivery successful' })), []);
    });

    test('reference_id: an exact match', async () => {
      assert.deepEqual(idsOf(await list({ reference_id: 'REF-A' })), [id.d, id.a]);
      assert.deepEqual(idsOf(await list({ reference_id: 'RO# 12345' })), [id.customer]);
      assert.deepEqual(idsOf(await list({ reference_id: '  REF-B ' })), [id.b], 'trimmed like every string');
      for (const near of ['REF', 'ref-a', 'REF-A2', 'REF-%']) {
        assert.deepEqual(idsOf(await list({ reference_id: near })), [], near);
      }
    });

    test("from / to bound the scenario's ready-by time: from inclusive, to exclusive", async () => {
      // Ready-by times: c 03-25 13:37, a 03-25 14:00, b 03-26 09:00, d 03-27 15:00.
      assert.deepEqual(idsOf(await list({ from: '2026-03-25T14:00:00Z' })), [id.d, id.b, id.a]);
      assert.deepEqual(idsOf(await list({ from: '2026-03-25T14:00:01Z' })), [id.d, id.b]);
      assert.deepEqual(idsOf(await list({ to: '2026-03-25T14:00:00Z' })), desc([id.loaner, id.customer]));
      assert.deepEqual(idsOf(await list({ to: '2026-03-25T14:00:00.001Z' })), desc([id.a, id.loaner, id.customer]));
      assert.deepEqual(
        idsOf(await list({ from: '2026-03-25 13:37:00', to: '2026-03-26T05:00:00-04:00' })),
        desc([id.a, id.loaner, id.customer]),
        'the space form is UTC; offsets are converted',
      );
      assert.deepEqual(idsOf(await list('from=2026-03-26T05:00:00-04:00&to=2026-03-26T05:00:01%2D04:00')), [id.b]);
      assert.deepEqual(idsOf(await list('to=2026-03-25T09:37:00+04:00')), [], 'an unencoded + offset is read');
      assert.deepEqual(idsOf(await list({ from: '2026-03-28T00:00:00Z' })), []);
    });

    test('filters combine', async () => {
      assert.deepEqual(idsOf(await list({ status: 'booked', reference_id: 'REF-A' })), [id.a]);
      assert.deepEqual(idsOf(await list({ status: 'pickup started', reference_id: 'REF-A', from: '2026-03-27T00:00:00Z' })), [id.d]);
      assert.deepEqual(idsOf(await list({ status: 'pickup started', to: '2026-03-27T00:00:00Z' })), []);
      assert.deepEqual(idsOf(await list({ status: 'booked', from: '2026-03-25T13:37:00Z', to: '2026-03-25T14:00:00Z' })), desc([id.loaner, id.customer]));
      assert.deepEqual(idsOf(await list({ reference_id: 'REF-A', from: '2026-03-20T00:00:00Z', to: '2026-03-26T00:00:00Z', limit: '1' })), [id.a]);
    });

    test('limit pages through with a cursor; next_cursor is null on the last page and never leads to an empty one', async () => {
      const walk = async (query: Record<string, string>) => {
        const pages: number[][] = [];
        let cursor: string | null = null;
        do {
          const res = await list({ ...query, ...(cursor ? { cursor } : {}) });
          assert.equal(res.statusCode, 200, res.body);
          pages.push(idsOf(res));
          cursor = res.json().next_cursor;
          if (cursor !== null) assert.match(cursor, /^[A-Za-z0-9_-]+$/);
        } while (cursor !== null && pages.length < 10);
        return pages;
      };
      assert.deepEqual(await walk({ limit: '2' }), [all.slice(0, 2), all.slice(2, 4), all.slice(4)]);
      assert.deepEqual(await walk({ limit: '5' }), [all], 'exactly limit moves: one page, no cursor');
      assert.deepEqual(await walk({ limit: '4' }), [all.slice(0, 4), all.slice(4)]);
      assert.deepEqual(await walk({ limit: '200' }), [all]);
      assert.deepEqual(await walk({ limit: '1', status: 'booked' }), desc([id.a, id.loaner, id.customer]).map((i) => [i]));
      assert.deepEqual(await walk({ limit: '1', reference_id: 'REF-A' }), [[id.d], [id.a]]);
    });

    test('bad limits are field_invalid at limit', async () => {
      for (const limit of ['0', '201', 'abc', '-1', '2.5', '1e2', '9999999999999999999999']) {
        assertFieldInvalid(await list({ limit }), ['limit'], `limit=${limit}`);
      }
      assertFieldInvalid(await list('limit=1&limit=2'), ['limit'], 'repeated limit');
      assert.equal((await list({ limit: '' })).statusCode, 200, 'an empty limit is the default');
    });

    test('a garbage or tampered cursor is field_invalid at cursor', async () => {
      const cursor = (await list({ limit: '2' })).json().next_cursor as string;
      assert.equal((await list({ limit: '2', cursor })).statusCode, 200);
      const bad = [
        'garbage',
        '!!!',
        String(id.d),
        Buffer.from(String(id.d)).toString('base64url'),
        Buffer.from(`move:${id.d}`).toString('base64url'),
        cursor.slice(0, -1),
        cursor.slice(0, 8),
        `${cursor}=`,
        `${cursor}A`,
        'A'.repeat(200),
      ];
      for (let i = 0; i < cursor.length; i++) {
        bad.push(cursor.slice(0, i) + (cursor[i] === 'x' ? 'y' : 'x') + cursor.slice(i + 1));
      }
      for (const c of bad) assertFieldInvalid(await list({ cursor: c }), ['cursor'], `cursor=${c}`);
    });

    test('a bad status or instant is field_invalid, and every bad parameter is listed at once', async () => {
      for (const status of ['lost', 'Dispatched', 'pickup_started', 'null', 'canceled']) {
        const res = await list({ status });
        assertFieldInvalid(res, ['status'], `status=${status}`);
        assert.match(res.json().errors[0].message, /"booked", "dispatched", "pickup started"/);
      }
      for (const when of ['tomorrow', '2026-03-25', '2026-03-25T14:00:00', '2026-02-30T10:00:00Z', '2026-03-25T24:00:00Z']) {
        assertFieldInvalid(await list({ from: when }), ['from'], `from=${when}`);
        assertFieldInvalid(await list({ to: when }), ['to'], `to=${when}`);
      }
      assertFieldInvalid(await list({ from: '2026-03-26T00:00:00Z', to: '2026-03-26T00:00:00Z' }), ['to'], 'an empty window');
      assertFieldInvalid(await list({ from: '2026-03-27T00:00:00Z', to: '2026-03-26T00:00:00Z' }), ['to'], 'to before from');
      assertFieldInvalid(
        await list('status=lost&reference_id=a&reference_id=b&from=soon&to=later&limit=0&cursor=zzz'),
        ['status', 'reference_id', 'from', 'to', 'limit', 'cursor'],
        'all at once',
      );
    });

    test("another rooftop's moves are never listed; a client sees all of its rooftops", async () => {
      const other = await t.addRooftop({ name: 'Other Motors' });
      const otherDealer = await t.addClient('dealer', [other]);
      const theirs = await book(t, '/v1/one-way-moves', oneWayRequest('REF-A', '2026-03-25T14:00:00Z', 0, 1), otherDealer.token);
      const theirId: number = theirs.move.move_id;

      const queries: Record<string, string>[] = [{}, { reference_id: 'REF-A' }, { status: 'booked' }, { from: '2026-03-25T00:00:00Z' }, { limit: '200' }];
      for (const query of queries) {
        assert.ok(!idsOf(await list(query)).includes(theirId), JSON.stringify(query));
      }
      assert.deepEqual(idsOf(await list()), all);
      assert.deepEqual(idsOf(await list({}, otherDealer.token)), [theirId]);
      // A cursor only says where to continue: it never opens another rooftop's moves.
      const theirCursor = (await list({ limit: '1' })).json().next_cursor;
      assert.deepEqual(idsOf(await list({ cursor: theirCursor }, otherDealer.token)), theirId < id.d ? [theirId] : []);

      const admin = await t.addClient('dealer_admin', [t.rooftopId, other]);
      assert.deepEqual(idsOf(await list({}, admin.token)), desc([...all, theirId]));
      const ops = await t.addClient('ops', [t.rooftopId]);
      assert.deepEqual(idsOf(await list({}, ops.token)), all);
    });

    test('needs a token and a reader role', async () => {
      const anonymous = await t.request('GET', '/v1/moves', { token: null });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().code, 'access_denied');
      const driver = await t.addClient('driver', [t.rooftopId]);
      const res = await list({}, driver.token);
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().code, 'missing_scope');
    });

    test('is documented in the OpenAPI document', async () => {
      const doc = (await t.request('GET', '/docs/json', { token: null })).json();
      const op = doc.paths['/v1/moves'].get;
      assert.deepEqual(op.tags, ['moves']);
      assert.deepEqual(op.security, [{ bearer: [] }]);
      assert.deepEqual(
        op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`),
        ['query:status', 'query:reference_id', 'query:q', 'query:from', 'query:to', 'query:limit', 'query:cursor'],
      );
      const schema = op.responses['200'].content['application/json'].schema;
      assert.deepEqual(Object.keys(schema.properties), ['moves', 'next_cursor']);
      const item = Object.keys(schema.properties.moves.items.properties);
      assert.deepEqual(item.slice(0, 3), ['move_id', 'status', 'cancel_status']);
      assert.deepEqual(item.slice(-4), ['move_details_url', 'ready_by_time_utc', 'appointment_time_utc', 'customer_name']);
      const q = op.parameters.find((p: { name: string }) => p.name === 'q');
      assert.deepEqual([q.schema.minLength, q.schema.maxLength], [1, 100]);
      assert.match(q.description ?? q.schema.description, /VIN/);
    });
  });

  describe(`GET /v1/moves?q= (search) on ${engine}`, () => {
    let t: TestApp;
    /** Each booking's [loaner move id, customer move id]. */
    const ids: Record<'jane' | 'mary' | 'peter', [number, number]> = { jane: [0, 0], mary: [0, 0], peter: [0, 0] };
    const search = async (q: string, extra: Record<string, string> = {}, token?: string) => {
      const res = await t.request('GET', `/v1/moves?${new URLSearchParams({ q, ...extra })}`, token ? { token } : {});
      assert.equal(res.statusCode, 200, `q=${q}: ${res.body}`);
      return idsOf(res);
    };
    const pairOf = (doc: Record<string, any>): [number, number] => [doc.loaner_move.move_id, doc.customer_move.move_id];

    async function bookCustomer(name: string, reference: string, stock: string, vin: string, appointment: string, token?: string) {
      const body = conciergeLoanerRequest();
      Object.assign(body, { customer_name: name, appointment_time_utc: appointment });
      Object.assign(body.customer_move, { reference_id: reference });
      Object.assign(body.customer_move.vehicle, { stock, vin });
      return pairOf(await book(t, '/v1/concierge-loaner-moves', body, token));
    }

    before(async () => {
      t = await startTestApp(engine);
      ids.jane = await bookCustomer("Jane O'Brien-Smith", 'RO# 100234', 'BK-7781', '1HGCM82633A004352', '2026-03-25T14:00:00Z');
      ids.mary = await bookCustomer('Mary Jane Watson', 'RO# 100567', 'T2290', '2T1BURHE5JC014821', '2026-03-26T14:00:00Z');
      ids.peter = await bookCustomer('Peter Parker', '100999', 'bk7790', '5YJ3E1EA7KF317000', '2026-03-27T14:00:00Z');
    });
    after(() => t.close());

    test("a customer's name by the start of any of its words, either case; both moves of the booking", async () => {
      assert.deepEqual(await search('jane'), desc([...ids.jane, ...ids.mary]));
      assert.deepEqual(await search('JA'), desc([...ids.jane, ...ids.mary]));
      assert.deepEqual(await search('smith'), desc(ids.jane), 'a hyphen separates words');
      assert.deepEqual(await search("o'brien"), desc(ids.jane), 'so does an apostrophe, in the query too');
      assert.deepEqual(await search('Wat'), desc(ids.mary));
      assert.deepEqual(await search('jane wat'), desc(ids.mary), 'every word must match');
      assert.deepEqual(await search('  peter  PARKER '), desc(ids.peter));
      for (const miss of ['arker', 'obrien', 'janet', 'peter jane']) assert.deepEqual(await search(miss), [], miss);
    });

    test('the reference (RO number) and the stock number by the start of a word', async () => {
      assert.deepEqual(await search('100234'), [ids.jane[1]]);
      assert.deepEqual(await search('RO# 1005'), [ids.mary[1]]);
      assert.deepEqual(await search('ro'), desc([ids.jane[1], ids.mary[1]]));
      assert.deepEqual(await search('1009'), [ids.peter[1]]);
      assert.deepEqual(await search('bk'), desc([ids.jane[1], ids.peter[1]]));
      assert.deepEqual(await search('BK77'), [ids.peter[1]]);
      assert.deepEqual(await search('bk-7781'), [ids.jane[1]]);
      assert.deepEqual(await search('t22'), [ids.mary[1]]);
      assert.deepEqual(await search('loan01'), desc([ids.jane[0], ids.mary[0], ids.peter[0]]), "the loaners' stock");
      assert.deepEqual(await search('2290'), [], 'not the middle of a word');
    });

    test('a VIN whole or by its last 6, 7 or 8 characters, either case', async () => {
      for (const q of ['1HGCM82633A004352', '1hgcm82633a004352', '3A004352', 'a004352', '004352']) {
        assert.deepEqual(await search(q), [ids.jane[1]], q);
      }
      for (const q of ['04352', '33A004352', '1HGCM8', '1HGCM82633A00435', 'A00435']) assert.deepEqual(await search(q), [], q);
    });

    test('combines with status, from / to and the cursor, which pages the search', async () => {
      const db = t.deps.database.db;
      await db.updateTable('moves').set({ status: 'dispatched' }).where('id', '=', ids.mary[1]).execute();
      assert.deepEqual(await search('jane', { status: 'dispatched' }), [ids.mary[1]]);
      assert.deepEqual(await search('jane', { status: 'booked' }), desc([...ids.jane, ids.mary[0]]));
      assert.deepEqual(await search('jane', { from: '2026-03-26T00:00:00Z' }), desc(ids.mary));
      assert.deepEqual(await search('bk', { to: '2026-03-26T00:00:00Z' }), [ids.jane[1]]);
      assert.deepEqual(await search('nobody'), []);
      const none = await t.request('GET', '/v1/moves?q=nobody');
      assert.deepEqual(none.json(), { moves: [], next_cursor: null }, 'no match: an empty page');

      const pages: number[][] = [];
      let cursor: string | null = null;
      do {
        const res = await t.request('GET', `/v1/moves?q=jane&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(res.statusCode, 200, res.body);
        pages.push(idsOf(res));
        cursor = res.json().next_cursor;
      } while (cursor !== null && pages.length < 5);
      const all = desc([...ids.jane, ...ids.mary]);
      assert.deepEqual(pages, [all.slice(0, 3), all.slice(3)]);
    });

    test('a PATCH is found by its new values at once, no longer by the old', async () => {
      const res = await t.request('PATCH', `/v1/moves/${ids.peter[1]}`, { body: { reference_num: 'RO# 777001', vehicle_vin: '5YJ3E1EA7KF318888' } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(await search('777001'), [ids.peter[1]]);
      assert.deepEqual(await search('318888'), [ids.peter[1]]);
      assert.deepEqual(await search('1009'), []);
      assert.deepEqual(await search('317000'), []);
      assert.deepEqual(await search('parker'), desc(ids.peter), 'its other words stay');
    });

    test("another rooftop's moves are never found", async () => {
      const other = await t.addRooftop({ name: 'Other Motors' });
      const dealer = await t.addClient('dealer', [other]);
      const theirs = await bookCustomer('Jane Doe', 'RO# 100234', 'BK-7781', '1HGCM82633A004352', '2026-03-25T14:00:00Z', dealer.token);
      for (const q of ['jane', '100234', 'bk', '004352']) {
        const mine = await search(q);
        assert.ok(!mine.some((id) => theirs.includes(id)), q);
        assert.ok(mine.length > 0, q);
      }
      assert.deepEqual(await search('jane', {}, dealer.token), desc(theirs));
      assert.deepEqual(await search('doe'), []);
    });

    test('a bad q is field_invalid at q, and nothing else is answered', async () => {
      const bad = ['', '   ', '#-.', '~', 'x'.repeat(101), 'a b c d e f g h i'];
      for (const q of bad) assertFieldInvalid(await t.request('GET', `/v1/moves?${new URLSearchParams({ q })}`), ['q'], `q=${JSON.stringify(q)}`);
      assertFieldInvalid(await t.request('GET', '/v1/moves?q=jane&q=mary'), ['q'], 'repeated');
      assertFieldInvalid(await t.request('GET', '/v1/moves?q=&status=lost'), ['status', 'q'], 'listed with the others');
      assert.deepEqual(await search(`jane ${'x'.repeat(95)}`), [], '100 characters are taken');
      assert.deepEqual(await search('a b c d e f g h'), [], 'eight words are taken');
    });
  });

  describe(`GET /v1/moves paging while moves are booked, on ${engine}`, () => {
    let t: TestApp;
    /** Every move that existed before the first page was read. */
    let preExisting: number[];

    /** One-way (1 move) or concierge-loaner (2 moves) bookings; their move ids. */
    async function bookMany(count: number, offset: number): Promise<number[]> {
      const docs = await Promise.all(
        Array.from({ length: count }, (_, k) => {
          const i = offset + k;
          if (i % 3 === 0) {
            const day = 20 + (i % 9); // ready-by spread over 2026-03-20 … 03-28
            return book(t, '/v1/one-way-moves', oneWayRequest(`BULK-${i}`, `2026-03-${day}T14:00:00Z`, i % 4, (i + 1) % 4));
          }
          const req = conciergeLoanerRequest();
          req.customer_move.reference_id = `BULK-${i}`;
          return book(t, '/v1/concierge-loaner-moves', req);
        }),
      );
      return docs.flatMap((d) => movesOf(d).map((m) => m.move_id as number));
    }

    before(async () => {
      t = await startTestApp(engine);
      // Locations and lanes first, one booking at a time, so the parallel batches only reuse them.
      let offset = 0;
      for (; offset < 12; offset++) await bookMany(1, offset);
      for (; offset < 300; offset += 20) await bookMany(Math.min(20, 300 - offset), offset);
      const rows = await t.deps.database.db.selectFrom('moves').select('id').where('rooftop_id', '=', t.rooftopId).execute();
      preExisting = rows.map((r) => r.id);
      assert.ok(preExisting.length >= 500, `${preExisting.length} moves`);
    });
    after(() => t.close());

    test('every pre-existing move is seen exactly once, newest first, and none booked meanwhile', async () => {
      const seen: number[] = [];
      const pageSizes: number[] = [];
      const bookedMeanwhile: number[] = [];
      let cursor: string | null = null;
      let offset = 1000;
      do {
        const url: string = `/v1/moves?limit=37${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.request('GET', url);
        assert.equal(res.statusCode, 200, res.body);
        const page = idsOf(res);
        pageSizes.push(page.length);
        seen.push(...page);
        cursor = res.json().next_cursor;
        // A few bookings (1 to 4 moves) land between every two pages.
        bookedMeanwhile.push(...(await bookMany(2, offset)));
        offset += 2;
      } while (cursor !== null && pageSizes.length < 100);

      assert.equal(cursor, null, 'the walk ended');
      const pages = Math.ceil(preExisting.length / 37);
      assert.equal(pageSizes.length, pages);
      assert.deepEqual(pageSizes, [...Array(pages - 1).fill(37), preExisting.length - 37 * (pages - 1)]);
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! < seen[i - 1]!, `strictly descending at ${i}`);
      assert.equal(new Set(seen).size, seen.length, 'no duplicates');
      // Keyset pagination: the pages are exactly the moves below the first page's newest move.
      // Moves booked after the first page was read are newer than it, so none of them appears.
      assert.deepEqual(seen, desc(preExisting), 'every pre-existing move exactly once');
      assert.ok(bookedMeanwhile.length >= 2 * pages);
      assert.ok(Math.min(...bookedMeanwhile) > seen[0]!, 'the new moves are newer than every listed one');

      // A new walk starts with them.
      const first = idsOf(await t.request('GET', '/v1/moves?limit=200'));
      assert.deepEqual(first.slice(0, bookedMeanwhile.length), desc(bookedMeanwhile));
    });

    test('filtered walks match the database, with statuses set on some moves', async () => {
      const db = t.deps.database.db;
      const someIds = preExisting.filter((m) => m % 7 === 0);
      await db.updateTable('moves').set({ status: 'delivery arrived' }).where('id', 'in', someIds).execute();

      const walk = async (query: string) => {
        const out: number[] = [];
        let cursor: string | null = null;
        do {
          const res = await t.request('GET', `/v1/moves?${query}${cursor ? `&cursor=${cursor}` : ''}`);
          assert.equal(res.statusCode, 200, res.body);
          const page = idsOf(res);
          assert.ok(page.length > 0, 'never an empty page');
          out.push(...page);
          cursor = res.json().next_cursor;
        } while (cursor !== null);
        return out;
      };
      const truth = async (status: 'booked' | 'delivery arrived', from: number, to: number) => {
        const rows = await db
          .selectFrom('moves')
          .innerJoin('scenarios', 'scenarios.id', 'moves.scenario_id')
          .select('moves.id')
          .where('moves.rooftop_id', '=', t.rooftopId)
          .where('moves.status', status === 'booked' ? 'is' : '=', status === 'booked' ? null : status)
          .where('scenarios.ready_by_time', '>=', from)
          .where('scenarios.ready_by_time', '<', to)
          .execute();
        return desc(rows.map((r) => r.id));
      };
      const from = Date.parse('2026-03-22T00:00:00Z');
      const to = Date.parse('2026-03-26T00:00:00Z');
      const booked = await walk('status=booked&from=2026-03-22T00:00:00Z&to=2026-03-26T00:00:00Z&limit=23');
      assert.deepEqual(booked, await truth('booked', from, to));
      assert.ok(booked.length > 100);
      const arrived = await walk('status=delivery+arrived&from=2026-03-22T00:00:00Z&to=2026-03-26T00:00:00Z&limit=9');
      assert.deepEqual(arrived, await truth('delivery arrived', from, to));
      assert.ok(arrived.length > 10);

      // A window of more than WINDOW_LOOKUP_MAX scenarios is walked instead of looked up: the same moves.
      const { id: _id, ...scenario } = await db.selectFrom('scenarios').selectAll().where('rooftop_id', '=', t.rooftopId).executeTakeFirstOrThrow();
      const empty = Array.from({ length: WINDOW_LOOKUP_MAX + 1 }, () => ({ ...scenario, ready_by_time: from + 3_600_000 }));
      for (let i = 0; i < empty.length; i += 500) await db.insertInto('scenarios').values(empty.slice(i, i + 500)).execute();
      assert.deepEqual(await walk('status=booked&from=2026-03-22T00:00:00Z&to=2026-03-26T00:00:00Z&limit=23'), booked);
      assert.deepEqual(await walk('status=delivery+arrived&from=2026-03-22T00:00:00Z&to=2026-03-26T00:00:00Z&limit=9'), arrived);
    });

    test('a page costs the same few queries whatever its size: none per move', async () => {
      let queries = 0;
      const counting = t.deps.database.db.withPlugin({
        transformQuery: (args) => {
          queries++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      });
      const base = {
        rooftopIds: [t.rooftopId],
        status: null,
        referenceId: null,
        words: null,
        readyFrom: null,
        readyTo: null,
        beforeId: null,
      };
      for (const limit of [5, 200]) {
        queries = 0;
        const page = await listMoves(counting, { ...base, limit });
        assert.equal(page.items.length, limit);
        assert.equal(queries, 7, `limit ${limit}: page, scenarios, locations, lanes, inspection slots, photos, charges (no drivers assigned)`);
      }
      queries = 0;
      await listMoves(counting, { ...base, readyFrom: Date.parse('2026-03-23T00:00:00Z'), limit: 200 });
      assert.equal(queries, 9, 'a narrow date window first reads its scenarios, then their move ids (to look them up)');
      queries = 0;
      await listMoves(counting, { ...base, readyFrom: Date.parse('2026-03-21T00:00:00Z'), limit: 200 });
      assert.equal(queries, 8, 'a wide one (the test above added empty scenarios to it) reads its scenarios, then is walked');
      queries = 0;
      const found = await listMoves(counting, { ...base, words: ['harry', 'stev'], limit: 200 });
      assert.equal(found.items.length, 200);
      assert.equal(queries, 7, 'a search is part of the page query');
    });
  });
}
