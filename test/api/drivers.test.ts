// The ops desk's driver management (spec §1 Driver, §3 roles, §4 errors, §7): POST/GET/PATCH
// /v1/ops/drivers, the driver client issued with each driver, and who may call these endpoints.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { hashSecret } from '../../src/modules/clients/credentials.ts';
import { isDriverActive } from '../../src/modules/drivers/drivers.repository.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';

const DRIVERS = '/v1/ops/drivers';
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const DOCUMENT_KEYS = ['driver_id', 'name', 'phone', 'can_drive_manual', 'active', 'last_location', 'created_at', 'updated_at'];

type Problem = [code: string, field: string | null];

const problems = (res: LightMyRequestResponse): Problem[] =>
  res.json().errors.map((e: { code: string; field: string | null }) => [e.code, e.field]);

function assertError(res: LightMyRequestResponse, status: number, code: string, errors: Problem[]): void {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.json().code, code, res.body);
  assert.deepEqual(problems(res).sort(), [...errors].sort(), res.body);
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

for (const engine of engines()) {
  describe(`ops drivers on ${engine}`, () => {
    let t: TestApp;
    let ops: string;
    before(async () => {
      t = await startTestApp(engine);
      // The all-rooftops desk: an ops client scoped to rooftops may not manage drivers (ops-scope.test.ts).
      ops = (await t.addClient('ops', 'all')).token;
    });
    after(() => t.close());

    const db = () => t.deps.database.db;
    const count = async (table: 'drivers' | 'api_clients') =>
      Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const asOps = (method: string, url: string, body?: unknown) => t.request(method, url, { token: ops, body });
    /** A driver made through the API; returns the whole 200 body. */
    async function addDriver(body: Record<string, unknown> = {}): Promise<Record<string, any>> {
      const res = await asOps('POST', DRIVERS, { name: 'Sam Driver', phone: '804-555-0134', ...body });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    }
    const authorize = (client_id: string, client_secret: string) =>
      t.request('POST', '/v1/authorize', { token: null, body: { client_id, client_secret } });

    describe('POST /v1/ops/drivers', () => {
      test('creates an active driver with the phone in E.164, shows the credentials once and stores only the hash', async () => {
        t.clock.set(TEST_NOW + 1_734); // not on a whole second: the fraction is dropped, not rounded
        let res;
        try {
          res = await asOps('POST', DRIVERS, { name: '  Dana Wheeler ', phone: '(804) 555-0100', unknown_field: 'ignored' });
        } finally {
          t.clock.set(TEST_NOW);
        }
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json();
        assert.deepEqual(Object.keys(body), [...DOCUMENT_KEYS, 'client_id', 'client_secret']);
        assert.ok(Number.isInteger(body.driver_id) && body.driver_id > 0);
        assert.deepEqual(
          { ...body, driver_id: 0, client_id: '', client_secret: '' },
          {
            driver_id: 0,
            name: 'Dana Wheeler',
            phone: '+18045550100',
            can_drive_manual: false,
            active: true,
            last_location: null,
            created_at: '2026-03-18T12:00:01Z',
            updated_at: '2026-03-18T12:00:01Z',
            client_id: '',
            client_secret: '',
          },
        );
        assert.match(body.created_at, ISO_SECONDS);

        const row = await db().selectFrom('drivers').selectAll().where('id', '=', body.driver_id).executeTakeFirstOrThrow();
        assert.deepEqual(
          { name: row.name, phone: row.phone, manual: Number(row.can_drive_manual), active: Number(row.active), sandbox: Number(row.sandbox) },
          { name: 'Dana Wheeler', phone: '+18045550100', manual: 0, active: 1, sandbox: 0 },
        );
        const client = await db().selectFrom('api_clients').selectAll().where('client_id', '=', body.client_id).executeTakeFirstOrThrow();
        assert.equal(client.role, 'driver');
        assert.equal(Number(client.driver_id), body.driver_id);
        assert.equal(client.revoked_at, null);
        assert.equal(client.secret_hash, hashSecret(body.client_secret));
        assert.ok(!JSON.stringify(client).includes(body.client_secret), 'the secret itself is not stored');
        const links = await db().selectFrom('client_rooftops').select('rooftop_id').where('client_id', '=', body.client_id).execute();
        assert.deepEqual(links, [], 'a driver client has no rooftops');

        // The document, as GET shows it, carries no credentials.
        const got = await asOps('GET', `${DRIVERS}/${body.driver_id}`);
        assert.equal(got.statusCode, 200, got.body);
        const { client_id: _id, client_secret: _secret, ...document } = body;
        assert.deepEqual(got.json(), document);
      });

      test('can_drive_manual is taken when given (default false); a phone may come as a JSON number', async () => {
        assert.equal((await addDriver({ can_drive_manual: true })).can_drive_manual, true);
        assert.equal((await addDriver({ can_drive_manual: false })).can_drive_manual, false);
        assert.equal((await addDriver({ can_drive_manual: null })).can_drive_manual, false);
        assert.equal((await addDriver({ phone: 8045550199 })).phone, '+18045550199');
        assert.equal((await addDriver({ phone: '+1 804 555 0177' })).phone, '+18045550177');
      });

      test('refuses bad bodies, listing every problem and writing nothing', async () => {
        const ok = { name: 'Sam Driver', phone: '804-555-0134' };
        const cases: [body: Record<string, unknown>, code: string, errors: Problem[]][] = [
          [{}, 'field_missing', [['field_missing', 'name'], ['field_missing', 'phone']]],
          [{ name: '   ', phone: '' }, 'field_missing', [['field_missing', 'name'], ['field_missing', 'phone']]],
          [{ name: null, phone: null }, 'field_missing', [['field_missing', 'name'], ['field_missing', 'phone']]],
          [{ ...ok, name: 42 }, 'field_invalid', [['field_invalid', 'name']]],
          [{ ...ok, name: 'x'.repeat(201) }, 'field_invalid', [['field_invalid', 'name']]],
          [{ ...ok, phone: '555' }, 'field_invalid', [['field_invalid', 'phone']]],
          [{ ...ok, phone: '804-555-01345' }, 'field_invalid', [['field_invalid', 'phone']]],
          [{ ...ok, phone: '+44 20 7946 0958' }, 'field_invalid', [['field_invalid', 'phone']]],
          [{ ...ok, phone: '+1 204 555 0134' }, 'field_invalid', [['field_invalid', 'phone']]], // Canada
          [{ ...ok, phone: ['804-555-0134'] }, 'field_invalid', [['field_invalid', 'phone']]],
          [{ ...ok, can_drive_manual: 'yes' }, 'field_invalid', [['field_invalid', 'can_drive_manual']]],
          [{ ...ok, can_drive_manual: 1 }, 'field_invalid', [['field_invalid', 'can_drive_manual']]],
          [
            { name: { first: 'Sam' }, phone: true, can_drive_manual: 'no' },
            'field_invalid',
            [['field_invalid', 'name'], ['field_invalid', 'phone'], ['field_invalid', 'can_drive_manual']],
          ],
          [{ phone: 'call me', can_drive_manual: 0 }, 'field_missing', [['field_missing', 'name'], ['field_invalid', 'phone'], ['field_invalid', 'can_drive_manual']]],
        ];
        const before = [await count('drivers'), await count('api_clients')];
        for (const [body, code, errors] of cases) {
          assertError(await asOps('POST', DRIVERS, body), 400, code, errors);
        }
        assertError(await asOps('POST', DRIVERS, [ok]), 400, 'invalid_json', [['invalid_json', null]]);
        assert.equal((await asOps('POST', DRIVERS, ok)).statusCode, 200, 'the good body is accepted');
        assert.deepEqual([await count('drivers'), await count('api_clients')], [before[0]! + 1, before[1]! + 1]);
      });

      test("the returned credentials authorize as the driver, whose token may not use the ops endpoints", async () => {
        const created = await addDriver();
        const res = await authorize(created.client_id, created.client_secret);
        assert.equal(res.statusCode, 200, res.body);
        const token = res.json().access_token as string;
        const auth = await t.deps.auth.authenticate(`Bearer ${token}`);
        assert.deepEqual(
          { role: auth.role, driverId: auth.driverId, rooftopIds: auth.rooftopIds },
          { role: 'driver', driverId: created.driver_id, rooftopIds: [] },
        );
        assertError(await t.request('GET', DRIVERS, { token }), 403, 'missing_scope', [['missing_scope', null]]);
        assertError(await t.request('POST', DRIVERS, { token, body: { name: 'Me Too', phone: '804-555-0134' } }), 403, 'missing_scope', [
          ['missing_scope', null],
        ]);
        assertError(await authorize(created.client_id, `${created.client_secret}x`), 401, 'access_denied', [['access_denied', null]]);
      });

      test('two drivers get distinct clients', async () => {
        const [a, b] = [await addDriver(), await addDriver()];
        assert.notEqual(a.driver_id, b.driver_id);
        assert.notEqual(a.client_id, b.client_id);
        assert.notEqual(a.client_secret, b.client_secret);
      });
    });

    describe('GET /v1/ops/drivers and /v1/ops/drivers/:id', () => {
      let sandboxId: number;
      before(async () => {
        // Some inactive drivers, and a sandbox driver written the way sandbox mode does.
        for (const name of ['Inactive One', 'Inactive Two']) {
          const d = await addDriver({ name });
          assert.equal((await asOps('PATCH', `${DRIVERS}/${d.driver_id}`, { active: false })).statusCode, 200);
        }
        const row = await db()
          .insertInto('drivers')
          .values({
            name: 'Sandbox Driver',
            phone: '+18045550111',
            can_drive_manual: 1,
            active: 1,
            sandbox: 1,
            last_lat: 37.5407,
            last_lon: -77.436,
            last_located_at: TEST_NOW - 90_500,
            created_at: TEST_NOW,
            updated_at: TEST_NOW,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        sandboxId = Number(row.id);
      });

      const list = async (query: string) => {
        const res = await asOps('GET', `${DRIVERS}${query}`);
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(Object.keys(res.json()), ['drivers']);
        return res.json().drivers as Record<string, any>[];
      };

      test('lists every driver in id order, sandbox drivers included, each as a driver document', async () => {
        const all = await list('?limit=500');
        assert.equal(all.length, await count('drivers'));
        const ids = all.map((d) => d.driver_id);
        assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
        for (const d of all) assert.deepEqual(Object.keys(d), DOCUMENT_KEYS);
        const sandbox = all.find((d) => d.driver_id === sandboxId);
        assert.deepEqual(sandbox, {
          driver_id: sandboxId,
          name: 'Sandbox Driver',
          phone: '+18045550111',
          can_drive_manual: true,
          active: true,
          last_location: { lat: 37.5407, lon: -77.436, at: iso(TEST_NOW - 91_000) },
          created_at: iso(TEST_NOW),
          updated_at: iso(TEST_NOW),
        });
        assert.deepEqual(await list(''), all.slice(0, 100), 'the default limit is 100');
      });

      test('filters on active', async () => {
        const all = await list('?limit=500');
        const active = await list('?active=true&limit=500');
        const inactive = await list('?active=false&limit=500');
        assert.deepEqual(active, all.filter((d) => d.active));
        assert.deepEqual(inactive, all.filter((d) => !d.active));
        assert.deepEqual(inactive.map((d) => d.name), ['Inactive One', 'Inactive Two']);
        assert.ok(active.some((d) => d.driver_id === sandboxId));
      });

      test('pages with limit and offset', async () => {
        const all = await list('?limit=500');
        assert.ok(all.length >= 5, 'enough drivers to page through');
        const pages: Record<string, any>[] = [];
        for (let offset = 0; offset < all.length; offset += 2) {
          const page = await list(`?limit=2&offset=${offset}`);
          assert.ok(page.length >= 1 && page.length <= 2);
          pages.push(...page);
        }
        assert.deepEqual(pages, all);
        assert.deepEqual(await list(`?offset=${all.length}`), []);
        assert.deepEqual(await list('?active=false&limit=1&offset=1'), [all.filter((d) => !d.active)[1]]);
      });

      test('refuses bad query parameters, listing each', async () => {
        assertError(await asOps('GET', `${DRIVERS}?active=yes`), 400, 'field_invalid', [['field_invalid', 'active']]);
        assertError(await asOps('GET', `${DRIVERS}?limit=0`), 400, 'field_invalid', [['field_invalid', 'limit']]);
        assertError(await asOps('GET', `${DRIVERS}?limit=501`), 400, 'field_invalid', [['field_invalid', 'limit']]);
        assertError(await asOps('GET', `${DRIVERS}?active=1&limit=abc&offset=-1`), 400, 'field_invalid', [
          ['field_invalid', 'active'],
          ['field_invalid', 'limit'],
          ['field_invalid', 'offset'],
        ]);
      });

      test('gets one driver; an unknown or non-numeric id is not_found', async () => {
        const got = await asOps('GET', `${DRIVERS}/${sandboxId}`);
        assert.equal(got.statusCode, 200, got.body);
        assert.deepEqual(Object.keys(got.json()), DOCUMENT_KEYS);
        assert.equal(got.json().name, 'Sandbox Driver');
        for (const id of ['999999999', 'abc', '0', '-1', '1.5', '01']) {
          assertError(await asOps('GET', `${DRIVERS}/${id}`), 404, 'not_found', [['not_found', null]]);
        }
      });
    });

    describe('PATCH /v1/ops/drivers/:id', () => {
      const patch = (id: number | string, body: unknown) => asOps('PATCH', `${DRIVERS}/${id}`, body);
      const rowOf = (id: number) => db().selectFrom('drivers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

      test('changes each field, answering the updated document with a new updated_at', async () => {
        const d = await addDriver();
        const steps: [body: Record<string, unknown>, expected: Record<string, unknown>][] = [
          [{ name: '  Samantha Driver ' }, { name: 'Samantha Driver' }],
          [{ phone: '(804) 555-0188' }, { phone: '+18045550188' }],
          [{ can_drive_manual: true }, { can_drive_manual: true }],
          [{ active: false }, { active: false }],
          [{ active: true, can_drive_manual: false, ignored: 1 }, { active: true, can_drive_manual: false }],
        ];
        let expected: Record<string, unknown> = { ...d };
        delete expected.client_id;
        delete expected.client_secret;
        let at = TEST_NOW;
        try {
          for (const [body, change] of steps) {
            at += 61_000;
            t.clock.set(at + 500);
            const res = await patch(d.driver_id, body);
            assert.equal(res.statusCode, 200, res.body);
            expected = { ...expected, ...change, updated_at: iso(at) };
            assert.deepEqual(Object.keys(res.json()), DOCUMENT_KEYS);
            assert.deepEqual(res.json(), expected, JSON.stringify(body));
            assert.deepEqual((await asOps('GET', `${DRIVERS}/${d.driver_id}`)).json(), expected);
          }
        } finally {
          t.clock.set(TEST_NOW);
        }
        assert.equal((await rowOf(d.driver_id)).created_at, TEST_NOW);
      });

      test('an empty body is field_missing', async () => {
        const d = await addDriver();
        for (const body of [{}, { unknown: true }]) {
          assertError(await patch(d.driver_id, body), 400, 'field_missing', [['field_missing', null]]);
        }
      });

      test('refuses bad values, listing every one and changing nothing', async () => {
        const d = await addDriver();
        const before = await rowOf(d.driver_id);
        const cases: [body: Record<string, unknown>, code: string, errors: Problem[]][] = [
          [{ name: '' }, 'field_missing', [['field_missing', 'name']]],
          [{ name: null }, 'field_missing', [['field_missing', 'name']]],
          [{ name: 'x'.repeat(201) }, 'field_invalid', [['field_invalid', 'name']]],
          [{ phone: '555-0134' }, 'field_invalid', [['field_invalid', 'phone']]],
          [{ phone: null }, 'field_missing', [['field_missing', 'phone']]],
          [{ can_drive_manual: 'true' }, 'field_invalid', [['field_invalid', 'can_drive_manual']]],
          [{ active: null }, 'field_missing', [['field_missing', 'active']]],
          [{ active: 0 }, 'field_invalid', [['field_invalid', 'active']]],
          [
            { name: 7, phone: '+44 20 7946 0958', can_drive_manual: 'no', active: 'false' },
            'field_invalid',
            [['field_invalid', 'name'], ['field_invalid', 'phone'], ['field_invalid', 'can_drive_manual'], ['field_invalid', 'active']],
          ],
          // A good field next to a bad one is not applied either.
          [{ name: 'Valid Name', active: 'nope' }, 'field_invalid', [['field_invalid', 'active']]],
        ];
        for (const [body, code, errors] of cases) assertError(await patch(d.driver_id, body), 400, code, errors);
        assertError(await patch(d.driver_id, ['name']), 400, 'invalid_json', [['invalid_json', null]]);
        assert.deepEqual(await rowOf(d.driver_id), before);
      });

      test('an unknown or non-numeric id is not_found', async () => {
        for (const id of ['999999999', 'abc', '0']) {
          assertError(await patch(id, { name: 'Nobody' }), 404, 'not_found', [['not_found', null]]);
        }
      });

      test('isDriverActive follows the active flag; deactivating revokes nothing by itself', async () => {
        const d = await addDriver();
        assert.equal(await isDriverActive(db(), d.driver_id), true);
        assert.equal((await patch(d.driver_id, { active: false })).statusCode, 200);
        assert.equal(await isDriverActive(db(), d.driver_id), false);
        const client = await db().selectFrom('api_clients').select('revoked_at').where('client_id', '=', d.client_id).executeTakeFirstOrThrow();
        assert.equal(client.revoked_at, null);
        assert.equal((await patch(d.driver_id, { active: true })).statusCode, 200);
        assert.equal(await isDriverActive(db(), d.driver_id), true);
        assert.equal(await isDriverActive(db(), 999_999_999), false);
      });
    });

    describe('roles', () => {
      let driverId: number;
      before(async () => {
        driverId = (await addDriver()).driver_id;
      });
      const endpoints = (): [string, string, unknown][] => [
        ['POST', DRIVERS, { name: 'Not Allowed', phone: '804-555-0134' }],
        ['GET', DRIVERS, undefined],
        ['GET', `${DRIVERS}/${driverId}`, undefined],
        ['PATCH', `${DRIVERS}/${driverId}`, { name: 'Not Allowed' }],
      ];

      test('a dealer or dealer_admin token is missing_scope (403) and changes nothing', async () => {
        const admin = (await t.addClient('dealer_admin', [t.rooftopId])).token;
        const drivers = await count('drivers');
        for (const token of [t.token, admin]) {
          for (const [method, url, body] of endpoints()) {
            assertError(await t.request(method, url, { token, body }), 403, 'missing_scope', [['missing_scope', null]]);
          }
        }
        assert.equal(await count('drivers'), drivers);
        assert.equal((await asOps('GET', `${DRIVERS}/${driverId}`)).json().name, 'Sam Driver');
      });

      test('no token, or a bad one, is access_denied (401)', async () => {
        for (const token of [null, 'not-a-token']) {
          for (const [method, url, body] of endpoints()) {
            assertError(await t.request(method, url, { token, body }), 401, 'access_denied', [['access_denied', null]]);
          }
        }
      });
    });
  });
}


for (const engine of engines()) {
  describe(`POST /v1/ops/drivers with an Idempotency-Key on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    test('the replay shows the same credentials, but the stored response does not hold the secret in clear', async () => {
      const ops = await t.addClient('ops', 'all');
      const send = () =>
        t.request('POST', '/v1/ops/drivers', {
          token: ops.token,
          body: { name: 'Idem Potent', phone: '804-555-0177' },
          headers: { 'idempotency-key': 'driver-idem-1' },
        });
      const first = await send();
      assert.equal(first.statusCode, 200, first.body);
      const secret = first.json().client_secret as string;
      const again = await send();
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.body, first.body);
      const stored = await t.deps.database.db.selectFrom('idempotency_keys').select('response_body').executeTakeFirstOrThrow();
      assert.ok(!stored.response_body!.includes(secret), 'the secret is not stored in clear');
      assert.equal((await t.deps.database.db.selectFrom('drivers').select('id').where('name', '=', 'Idem Potent').execute()).length, 1);
    });
  });
}
