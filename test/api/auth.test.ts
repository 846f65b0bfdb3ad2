// Authentication, rooftop scoping and request ids (spec §2, §3, §4).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { engines } from '../support/databases.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';

const BOOK = '/v1/concierge-loaner-moves';
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

type Problem = [code: string, field: string | null];

const problems = (res: LightMyRequestResponse): Problem[] =>
  res.json().errors.map((e: { code: string; field: string | null }) => [e.code, e.field]);

function assertError(res: LightMyRequestResponse, status: number, code: string, errors: Problem[]): void {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.json().code, code);
  assert.deepEqual(problems(res).sort(), [...errors].sort());
}

/** The error body without its request id: what "exactly like a missing one" compares. */
const withoutRequestId = (res: LightMyRequestResponse) => {
  const { request_id: _id, ...rest } = res.json();
  return rest;
};

const pathOf = (uri: string) => new URL(uri).pathname;

for (const engine of engines()) {
  describe(`authentication and rooftops on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    const authorize = (body: unknown) => t.request('POST', '/v1/authorize', { token: null, body });
    const revoke = (clientId: string) =>
      t.deps.database.db.updateTable('api_clients').set({ revoked_at: t.clock.now() }).where('client_id', '=', clientId).execute();

    describe('POST /v1/authorize', () => {
      test('returns a bearer token that expires in an hour, in whole seconds', async () => {
        const { clientId, secret } = await t.addClient('dealer', [t.rooftopId]);
        t.clock.set(TEST_NOW + 1_234); // not on a whole second, so the precision is visible
        let res;
        try {
          res = await authorize({ client_id: clientId, client_secret: secret });
        } finally {
          t.clock.set(TEST_NOW);
        }
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_at', 'expires_in', 'token_type']);
        assert.ok(typeof body.access_token === 'string' && body.access_token.length >= 16);
        assert.equal(body.token_type, 'Bearer');
        assert.equal(body.expires_in, 3600);
        assert.match(body.expires_at, ISO_SECONDS);
        const expected = TEST_NOW + 1_234 + 3600_000;
        assert.ok(Math.abs(Date.parse(body.expires_at) - expected) <= 1000, `${body.expires_at} vs ${new Date(expected).toISOString()}`);

        const use = await t.request('GET', '/v1/locations', { token: body.access_token });
        assert.equal(use.statusCode, 200, use.body);
      });

      test('a wrong secret is access_denied', async () => {
        const { clientId, secret } = await t.addClient('dealer', [t.rooftopId]);
        assertError(await authorize({ client_id: clientId, client_secret: `${secret}x` }), 401, 'access_denied', [
          ['access_denied', null],
        ]);
      });

      test('an unknown client is access_denied', async () => {
        const res = await authorize({ client_id: 'no_such_client', client_secret: 'secret_no_such_client' });
        assertError(res, 401, 'access_denied', [['access_denied', null]]);
      });

      test('a revoked client is access_denied', async () => {
        const { clientId, secret } = await t.addClient('dealer', [t.rooftopId]);
        await revoke(clientId);
        assertError(await authorize({ client_id: clientId, client_secret: secret }), 401, 'access_denied', [
          ['access_denied', null],
        ]);
      });

      test('missing credentials list both fields', async () => {
        const both: Problem[] = [
          ['field_missing', 'client_id'],
          ['field_missing', 'client_secret'],
        ];
        assertError(await authorize({}), 400, 'field_missing', both);
        assertError(await authorize({ client_id: '', client_secret: '   ' }), 400, 'field_missing', both);
        assertError(await authorize({ client_id: 'someone' }), 400, 'field_missing', [['field_missing', 'client_secret']]);
      });
    });

    describe('bearer tokens', () => {
      test('the Bearer scheme is case-insensitive', async () => {
        for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
          const res = await t.request('GET', '/v1/locations', {
            token: null,
            headers: { authorization: `${scheme} ${t.token}` },
          });
          assert.equal(res.statusCode, 200, `${scheme}: ${res.body}`);
        }
      });

      test("a client's token stops working after the client is revoked (31 s later at most)", async () => {
        const { clientId, token } = await t.addClient('dealer', [t.rooftopId]);
        const ok = await t.request('GET', '/v1/locations', { token });
        assert.equal(ok.statusCode, 200, 'the token works (and its client is now cached)');
        await revoke(clientId);
        t.clock.advance(31_000);
        try {
          const res = await t.request('GET', '/v1/locations', { token });
          assertError(res, 401, 'access_denied', [['access_denied', null]]);
        } finally {
          t.clock.set(TEST_NOW);
        }
      });

      test('a token expires after 3600 s', async () => {
        const { token } = await t.addClient('dealer', [t.rooftopId]);
        t.clock.advance(3599_000);
        try {
          assert.equal((await t.request('GET', '/v1/locations', { token })).statusCode, 200, 'still valid at 3599 s');
          t.clock.advance(2_000);
          assertError(await t.request('GET', '/v1/locations', { token }), 401, 'access_denied', [['access_denied', null]]);
        } finally {
          t.clock.set(TEST_NOW);
        }
      });
    });

    describe('a dealer_admin with two rooftops', () => {
      let second: number;
      let admin: string;
      before(async () => {
        second = await t.addRooftop({ name: 'Second Rooftop' });
        admin = (await t.addClient('dealer_admin', [t.rooftopId, second])).token;
      });

      test('must name the rooftop', async () => {
        const moves = await t.count('moves');
        const res = await t.request('POST', BOOK, { token: admin, body: conciergeLoanerRequest() });
        assertError(res, 400, 'field_missing', [['field_missing', 'rooftop']]);
        assert.equal(await t.count('moves'), moves);
      });

      test('books into whichever of its rooftops it names', async () => {
        for (const rooftop of [t.rooftopId, second]) {
          const res = await t.request('POST', BOOK, { token: admin, body: { ...conciergeLoanerRequest(), rooftop } });
          assert.equal(res.statusCode, 200, res.body);
          const body = res.json();
          assert.equal(body.loaner_move.rooftop, rooftop);
          assert.equal(body.customer_move.rooftop, rooftop);
          const got = await t.request('GET', pathOf(body.customer_move.move_uri), { token: admin });
          assert.equal(got.json().customer_move.rooftop, rooftop);
        }
      });

      test('may not name a rooftop that is not its own', async () => {
        const other = await t.addRooftop({ name: 'Not Theirs' });
        const moves = await t.count('moves');
        const res = await t.request('POST', BOOK, { token: admin, body: { ...conciergeLoanerRequest(), rooftop: other } });
        assertError(res, 400, 'field_invalid', [['field_invalid', 'rooftop']]);
        assert.equal(await t.count('moves'), moves);
      });

      test('a dealer_admin with one rooftop need not name it', async () => {
        const single = (await t.addClient('dealer_admin', [second])).token;
        const res = await t.request('POST', BOOK, { token: single, body: conciergeLoanerRequest() });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().customer_move.rooftop, second);
      });
    });

    describe("another rooftop's resources", () => {
      let theirs: Record<string, any>;
      let theirToken: string;
      before(async () => {
        const rooftop = await t.addRooftop({ name: 'Competitor Motors' });
        theirToken = (await t.addClient('dealer', [rooftop])).token;
        const res = await t.request('POST', BOOK, { token: theirToken, body: conciergeLoanerRequest() });
        assert.equal(res.statusCode, 200, res.body);
        theirs = res.json();
      });

      /** GET `url` as its owner (200), then as our dealer: 404 with the same body as a missing one. */
      async function assertHidden(url: string, missingUrl: string, code: string) {
        assert.equal((await t.request('GET', url, { token: theirToken })).statusCode, 200, 'the owner can read it');
        const res = await t.request('GET', url);
        const missing = await t.request('GET', missingUrl);
        assertError(res, 404, code, [[code, null]]);
        assertError(missing, 404, code, [[code, null]]);
        assert.deepEqual(withoutRequestId(res), withoutRequestId(missing), 'reported exactly like a missing one');
      }

      test('a move is move_invalid (404), like a missing move', async () => {
        await assertHidden(pathOf(theirs.loaner_move.move_uri), '/v1/moves/999999999', 'move_invalid');
      });

      test('a lane is not_found (404), like a missing lane', async () => {
        await assertHidden(pathOf(theirs.loaner_move.lane_uri), '/v1/lanes/999999999', 'not_found');
      });

      test('a location is not_found (404), like a missing location', async () => {
        const id = theirs.customer_move.pickup_location.location_id;
        await assertHidden(`/v1/locations/${id}`, '/v1/locations/999999999', 'not_found');
      });

      test('their locations are not in our list', async () => {
        const ours = (await t.request('GET', '/v1/locations?limit=500')).json().locations;
        const ids = ours.map((l: { location_id: number }) => l.location_id);
        assert.equal(ids.includes(theirs.customer_move.pickup_location.location_id), false);
        assert.equal(ids.includes(theirs.loaner_move.pickup_location.location_id), false);
      });
    });

    describe('X-Request-Id', () => {
      test('every response carries one', async () => {
        const responses = {
          authorize: await authorize({}),
          booking: await t.request('POST', BOOK, { body: conciergeLoanerRequest() }),
          read: await t.request('GET', '/v1/locations'),
          unauthenticated: await t.request('GET', '/v1/locations', { token: null }),
          'unknown route': await t.request('GET', '/v1/no-such-thing'),
          'bad JSON': await t.request('POST', BOOK, { body: '{', headers: { 'content-type': 'application/json' } }),
          'error docs': await t.request('GET', '/docs/errors', { token: null }),
          openapi: await t.request('GET', '/docs/json', { token: null }),
        };
        const ids = new Set<string>();
        for (const [what, res] of Object.entries(responses)) {
          const id = res.headers['x-request-id'];
          assert.ok(typeof id === 'string' && id.length > 0, `${what}: x-request-id`);
          ids.add(id);
        }
        assert.equal(ids.size, Object.keys(responses).length, 'a fresh id per request');
      });

      test('a sane incoming id is echoed, in the header and in an error body', async () => {
        const headers = { 'x-request-id': 'abc-123' };
        const ok = await t.request('GET', '/v1/locations', { headers });
        assert.equal(ok.statusCode, 200);
        assert.equal(ok.headers['x-request-id'], 'abc-123');
        const err = await t.request('GET', '/v1/moves/999999999', { headers });
        assert.equal(err.headers['x-request-id'], 'abc-123');
        assert.equal(err.json().request_id, 'abc-123');
      });

      test('an insane incoming id is replaced', async () => {
        for (const given of ['abc 123', 'a'.repeat(300), '<script>', 'abc\t123']) {
          const res = await t.request('GET', '/v1/moves/999999999', { headers: { 'x-request-id': given } });
          const id = res.headers['x-request-id'];
          assert.ok(typeof id === 'string' && id.length > 0 && id.length <= 200, `replaced for ${JSON.stringify(given)}`);
          assert.notEqual(id, given);
          assert.match(id, /^[\x21-\x7e]+$/, 'the replacement is a sane token');
          assert.equal(res.json().request_id, id);
        }
      });
    });
  });
}
