// The reading endpoints (spec §6), unknown routes, and the documentation (spec §4: doc_url targets).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { engines } from '../support/databases.ts';
import { PUBLIC_URL, startTestApp, type TestApp } from '../support/app.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';

/** Every code of the spec's §4 table, copied from the spec (not from src). */
const SPEC_ERROR_CODES = [
  'field_missing',
  'field_invalid',
  'address_invalid',
  'outside_region',
  'pickup_location_required',
  'move_invalid',
  'not_found',
  'access_denied',
  'missing_scope',
  'move_duplication',
  'idempotency_key_reused',
  'idempotency_in_progress',
  'move_not_modifiable',
  'invalid_json',
  'unsupported_media_type',
  'payload_too_large',
  'rate_limited',
  'internal_server_error',
];

/** Path ids that are not a positive integer, or too large to be one of ours. */
const BAD_IDS = ['abc', '0', '-1', '1.5', '1e3', '99999999999999999999999999'];

const pathOf = (uri: string) => new URL(uri).pathname;

function assertNotFound(res: LightMyRequestResponse, code: 'move_invalid' | 'not_found', what: string): void {
  assert.equal(res.statusCode, 404, `${what}: ${res.body}`);
  const body = res.json();
  assert.equal(body.code, code, what);
  assert.deepEqual(
    body.errors.map((e: { code: string; field: string | null }) => [e.code, e.field]),
    [[code, null]],
    what,
  );
  assert.equal(body.doc_url, `${PUBLIC_URL}/docs/errors#${code}`);
}

for (const engine of engines()) {
  describe(`reading on ${engine}`, () => {
    let t: TestApp;
    let booked: Record<string, any>;
    let bookedRaw: string;
    before(async () => {
      t = await startTestApp(engine);
      const res = await t.request('POST', '/v1/concierge-loaner-moves', { body: conciergeLoanerRequest() });
      assert.equal(res.statusCode, 200, res.body);
      booked = res.json();
      bookedRaw = res.body;
    });
    after(() => t.close());

    /** Locations written straight to the database (booking hundreds is slow); returns their ids in order. */
    async function insertLocations(rooftopId: number, streets: string[]): Promise<number[]> {
      const out: number[] = [];
      for (const street of streets) {
        const row = await t.deps.database.db
          .insertInto('locations')
          .values({
            rooftop_id: rooftopId,
            dedupe_key: `${street.toLowerCase()}|23220`,
            name: 'Customer',
            address_one: street,
            address_two: null,
            city: 'Richmond',
            state: 'VA',
            zip: '23220',
            lat: 37.5498,
            lon: -77.4588,
            google_place_id: null,
            full_address: `${street}, Richmond, VA 23220, USA`,
            timezone: 'America/New_York',
            geocode_precision: 'zip',
            created_at: t.clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        out.push(row.id);
      }
      return out;
    }

    describe('GET /v1/moves/:id', () => {
      test('either move of the pair returns the same document as the booking', async () => {
        for (const role of ['loaner_move', 'customer_move']) {
          const res = await t.request('GET', `/v1/moves/${booked[role].move_id}`);
          assert.equal(res.statusCode, 200, res.body);
          assert.match(String(res.headers['content-type']), /^application\/json/);
          assert.equal(res.body, bookedRaw, `${role}: same document`);
          const body = res.json();
          assert.equal(body.ready_by_time_utc, '2026-03-25T13:37:00Z');
          assert.equal(body.earliest_available_time, body.ready_by_time_utc);
        }
      });

      test('an id that is not a positive integer, or is unknown, is move_invalid (404)', async () => {
        for (const id of [...BAD_IDS, '999999999']) {
          assertNotFound(await t.request('GET', `/v1/moves/${id}`), 'move_invalid', `/v1/moves/${id}`);
        }
      });

      test('needs a token', async () => {
        const res = await t.request('GET', `/v1/moves/${booked.loaner_move.move_id}`, { token: null });
        assert.equal(res.statusCode, 401);
        assert.equal(res.json().code, 'access_denied');
      });
    });

    describe('GET /v1/lanes/:id', () => {
      test("the booked lane: its two locations, distance, duration and estimator", async () => {
        const res = await t.request('GET', pathOf(booked.loaner_move.lane_uri));
        assert.equal(res.statusCode, 200, res.body);
        const lane = res.json();
        assert.deepEqual(Object.keys(lane), ['lane_id', 'lane_uri', 'locations', 'distance_miles', 'duration_minutes', 'estimator']);
        assert.equal(lane.lane_uri, booked.loaner_move.lane_uri);
        assert.equal(lane.lane_uri, `${PUBLIC_URL}/v1/lanes/${lane.lane_id}`);
        assert.ok(Number.isInteger(lane.lane_id));

        assert.equal(lane.locations.length, 2);
        const ids = lane.locations.map((l: { location_id: number }) => l.location_id).sort((a: number, b: number) => a - b);
        const expected = [booked.loaner_move.pickup_location.location_id, booked.customer_move.pickup_location.location_id];
        assert.deepEqual(ids, expected.sort((a, b) => a - b));
        for (const location of lane.locations) {
          const role = location.location_id === booked.loaner_move.pickup_location.location_id ? 'loaner_move' : 'customer_move';
          assert.deepEqual(location, booked[role].pickup_location, 'the same location document as in the booking');
        }

        assert.equal(typeof lane.distance_miles, 'number');
        assert.ok(lane.distance_miles > 0);
        assert.equal(typeof lane.duration_minutes, 'number');
        assert.ok(lane.duration_minutes > 0);
        assert.equal(lane.distance_miles, booked.loaner_move.distance_miles);
        assert.equal(lane.duration_minutes, booked.loaner_move.duration_minutes);
        assert.ok(typeof lane.estimator === 'string' && lane.estimator.length > 0);
      });

      test('an id that is not a positive integer, or is unknown, is not_found (404)', async () => {
        for (const id of [...BAD_IDS, '999999999']) {
          assertNotFound(await t.request('GET', `/v1/lanes/${id}`), 'not_found', `/v1/lanes/${id}`);
        }
      });
    });

    describe('GET /v1/locations/:id', () => {
      test('a booked location is the same document as in the booking, then its region_id (spec §11.1)', async () => {
        for (const role of ['loaner_move', 'customer_move']) {
          const location = booked[role].pickup_location;
          const res = await t.request('GET', `/v1/locations/${location.location_id}`);
          assert.equal(res.statusCode, 200, res.body);
          assert.deepEqual(res.json(), { ...location, region_id: null });
          assert.deepEqual(Object.keys(res.json()), [...Object.keys(location), 'region_id']);
        }
      });

      test('an id that is not a positive integer, or is unknown, is not_found (404)', async () => {
        for (const id of [...BAD_IDS, '999999999']) {
          assertNotFound(await t.request('GET', `/v1/locations/${id}`), 'not_found', `/v1/locations/${id}`);
        }
      });
    });

    describe('GET /v1/locations', () => {
      const list = async (query: string, token?: string) => {
        const res = await t.request('GET', `/v1/locations${query}`, { token });
        assert.equal(res.statusCode, 200, res.body);
        return res.json().locations as { location_id: number; full_address: string }[];
      };
      const ids = (locations: { location_id: number }[]) => locations.map((l) => l.location_id);

      test("lists the rooftop's locations", async () => {
        const all = await list('');
        assert.deepEqual(
          ids(all).sort((a, b) => a - b),
          [booked.loaner_move.pickup_location.location_id, booked.customer_move.pickup_location.location_id].sort((a, b) => a - b),
        );
        assert.deepEqual(
          all.find((l) => l.location_id === booked.customer_move.pickup_location.location_id),
          { ...booked.customer_move.pickup_location, region_id: null },
        );
      });

      test('search matches part of the address, case-insensitively', async () => {
        const customer = booked.customer_move.pickup_location.location_id;
        const lot = booked.loaner_move.pickup_location.location_id;
        assert.deepEqual(ids(await list('?search=mulberry')), [customer]);
        assert.deepEqual(ids(await list('?search=MULBERRY')), [customer]);
        assert.deepEqual(ids(await list('?search=uLbEr')), [customer]);
        assert.deepEqual(ids(await list(`?search=${encodeURIComponent('research plaza')}`)), [lot]);
        assert.deepEqual(ids(await list('?search=23236')), [lot]);
        assert.deepEqual(ids(await list('?search=nowhere-at-all')), []);
      });

      test('search text is matched literally: % and _ are not wildcards', async () => {
        const rooftop = await t.addRooftop({ name: 'Literal Lot' });
        const token = (await t.addClient('dealer', [rooftop])).token;
        const [special, , plain] = await insertLocations(rooftop, ['7 Lot_B 50% Row', '7 LotXB 50X Row', '7 Lot B 50 Row']);
        assert.deepEqual(ids(await list('?search=lot_b', token)), [special]);
        assert.deepEqual(ids(await list('?search=50%25', token)), [special]);
        assert.deepEqual(ids(await list(`?search=${encodeURIComponent('lot b 50')}`, token)), [plain]);
      });

      describe('paging', () => {
        const TOTAL = 510;
        let token: string;
        before(async () => {
          // A rooftop with more locations than the largest page.
          const rooftop = await t.addRooftop({ name: 'Big Lot' });
          token = (await t.addClient('dealer', [rooftop])).token;
          await insertLocations(rooftop, Array.from({ length: TOTAL }, (_, i) => `${i + 1} Main St`));
        });

        test('limit defaults to 100 and goes up to 500', async () => {
          assert.equal((await list('', token)).length, 100);
          assert.equal((await list('?limit=7', token)).length, 7);
          assert.equal((await list('?limit=500', token)).length, 500);
        });

        test('offset pages through without overlap', async () => {
          const first = ids(await list('?limit=500', token));
          const rest = ids(await list('?limit=500&offset=500', token));
          assert.equal(rest.length, TOTAL - 500);
          assert.equal(new Set([...first, ...rest]).size, TOTAL);
          const page2 = ids(await list('?limit=100&offset=100', token));
          assert.deepEqual(page2, first.slice(100, 200), 'pages of the same order');
        });

        test('only this rooftop is listed', async () => {
          const big = new Set(ids(await list('?limit=500', token)));
          assert.equal(big.has(booked.customer_move.pickup_location.location_id), false);
          const mine = ids(await list('?limit=500'));
          assert.equal(mine.some((id) => big.has(id)), false);
        });

        test('a limit over 500, under 1 or not a number is field_invalid at limit', async () => {
          for (const limit of ['501', '0', 'abc', '-5']) {
            const res = await t.request('GET', `/v1/locations?limit=${limit}`, { token });
            assert.equal(res.statusCode, 400, `limit=${limit}: ${res.body}`);
            assert.equal(res.json().code, 'field_invalid');
            assert.deepEqual(
              res.json().errors.map((e: { code: string; field: string }) => [e.code, e.field]),
              [['field_invalid', 'limit']],
              `limit=${limit}`,
            );
          }
        });
      });
    });

    test('an unknown route is not_found (404)', async () => {
      assertNotFound(await t.request('GET', '/v1/no-such-thing'), 'not_found', 'GET /v1/no-such-thing');
      assertNotFound(await t.request('POST', '/v1/no-such-thing', { body: {} }), 'not_found', 'POST /v1/no-such-thing');
      assertNotFound(await t.request('GET', '/nowhere', { token: null }), 'not_found', 'GET /nowhere without a token');
    });

    describe('documentation', () => {
      test('GET /docs/json is an OpenAPI 3 document of the endpoints', async () => {
        const res = await t.request('GET', '/docs/json', { token: null });
        assert.equal(res.statusCode, 200);
        const doc = res.json();
        assert.match(String(doc.openapi), /^3\./);
        const paths = Object.keys(doc.paths ?? {});
        for (const path of ['/v1/concierge-loaner-moves', '/v1/moves/{id}', '/v1/lanes/{id}', '/v1/locations/{id}', '/v1/authorize']) {
          assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
        }
        assert.ok(doc.paths['/v1/concierge-loaner-moves'].post, 'booking is a POST');
        assert.ok(doc.paths['/v1/moves/{id}'].get, 'reading a move is a GET');
      });

      test('GET /docs/errors has an anchor for every error code of the spec', async () => {
        const res = await t.request('GET', '/docs/errors', { token: null });
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /^text\/html/);
        const missing = SPEC_ERROR_CODES.filter((code) => !res.body.includes(`id="${code}"`));
        assert.deepEqual(missing, [], 'codes without an id="<code>" element');
      });

      test('GET /docs answers (the UI, or a redirect to it)', async () => {
        const res = await t.request('GET', '/docs', { token: null });
        assert.ok(res.statusCode === 200 || (res.statusCode >= 301 && res.statusCode <= 308), `status ${res.statusCode}`);
        if (res.statusCode === 200) assert.match(String(res.headers['content-type']), /^text\/html/);
        else assert.ok(res.headers.location, 'a redirect says where');
      });
    });
  });
}
