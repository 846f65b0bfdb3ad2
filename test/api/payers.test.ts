// Third-party payers (spec §12.4): the ops desk and the CLI add a rooftop's payers and set whether
// its bookings must name one or fall back to a default; dealers list them; every booking endpoint
// takes third_party_payer, checks it against the booking rooftop's payers, stores it on the
// scenario and echoes it. Bad input is a §4 error naming the field, with nothing written.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../src/cli.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { assertError } from '../support/lifecycle.ts';
import { conciergeLoanerRequest, conciergeRequest, oneWayRequest, roundTripRequest } from '../support/requests.ts';

type Doc = Record<string, any>;

for (const engine of engines()) {
  describe(`payers on ${engine}`, () => {
    let t: TestApp;
    let desk: string;
    let scoped: string;
    let admin: string;
    let other: number;
    let bare: number;
    let mine: Doc;
    let second: Doc;
    let theirs: Doc;
    before(async () => {
      t = await startTestApp(engine);
      desk = (await t.addClient('ops', 'all')).token;
      scoped = (await t.addClient('ops', [t.rooftopId])).token;
      other = await t.addRooftop({ name: 'Elsewhere Motors' });
      bare = await t.addRooftop({ name: 'No Payers Motors' });
      admin = (await t.addClient('dealer_admin', [t.rooftopId, other])).token;
    });
    after(() => t.close());

    const db = () => t.deps.database.db;
    const payerCount = async () => Number((await db().selectFrom('payers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const setting = (id: number) => db().selectFrom('rooftops').select(['payer_required', 'default_payer_id']).where('id', '=', id).executeTakeFirstOrThrow();
    const create = async (body: Doc, token = desk) => {
      const res = await t.request('POST', '/v1/ops/payers', { token, body });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as Doc;
    };
    const settings = (rooftop: number, body: Doc, token = desk) => t.request('PATCH', `/v1/ops/rooftops/${rooftop}/payer-settings`, { token, body });
    const book = (body: Doc, path = '/v1/one-way-moves') => t.request('POST', path, { body });
    const payerOfScenario = async (doc: Doc) => {
      const moveId = (doc.move ?? doc.customer_move ?? doc.move_one).move_id as number;
      const row = await db()
        .selectFrom('moves')
        .innerJoin('scenarios', 'scenarios.id', 'moves.scenario_id')
        .select('scenarios.payer_id')
        .where('moves.id', '=', moveId)
        .executeTakeFirstOrThrow();
      return row.payer_id;
    };
    /** A refused booking: the §4 error at third_party_payer, and no scenario written. */
    const assertRefused = async (body: Doc, code: string) => {
      const before = await t.count('scenarios');
      const res = await book(body);
      assertError(res, 400, code, [[code, 'third_party_payer']]);
      assert.equal(await t.count('scenarios'), before, 'nothing written');
    };

    test('the ops desk adds payers to a rooftop; a scoped client only to its own; bad input writes nothing', async () => {
      mine = await create({ rooftop: t.rooftopId, name: ' Acme Fleet Leasing ', ignored: true });
      assert.deepEqual(Object.keys(mine), ['id', 'name', 'rooftop', 'created_at']);
      assert.deepEqual({ ...mine, id: 0 }, { id: 0, name: 'Acme Fleet Leasing', rooftop: t.rooftopId, created_at: new Date(TEST_NOW).toISOString().replace('.000', '') });
      second = await create({ rooftop: t.rooftopId, name: 'Warranty Co' }, scoped);
      theirs = await create({ rooftop: other, name: 'Elsewhere Warranty' });

      const count = await payerCount();
      assertError(await t.request('POST', '/v1/ops/payers', { token: scoped, body: { rooftop: other, name: 'Nope' } }), 400, 'field_invalid', [['field_invalid', 'rooftop']]);
      assertError(await t.request('POST', '/v1/ops/payers', { token: desk, body: { rooftop: 999999, name: ' ' } }), 400, 'field_invalid', [
        ['field_invalid', 'rooftop'],
        ['field_missing', 'name'],
      ]);
      assertError(await t.request('POST', '/v1/ops/payers', { token: desk, body: { rooftop: '1', name: 5 } }), 400, 'field_invalid', [
        ['field_invalid', 'rooftop'],
        ['field_invalid', 'name'],
      ]);
      assertError(await t.request('POST', '/v1/ops/payers', { body: { rooftop: t.rooftopId, name: 'Dealer' } }), 403, 'missing_scope');
      assert.equal(await payerCount(), count, 'nothing written');
    });

    test("GET /v1/payers lists the rooftop's payers; a client of several rooftops names one", async () => {
      const res = await t.request('GET', '/v1/payers');
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), {
        payers: [
          { id: mine.id, name: 'Acme Fleet Leasing' },
          { id: second.id, name: 'Warranty Co' },
        ],
        payer_required: false,
        default_payer_id: null,
      });
      assertError(await t.request('GET', '/v1/payers', { token: admin }), 400, 'field_missing', [['field_missing', 'rooftop']]);
      const theirList = await t.request('GET', `/v1/payers?rooftop=${other}`, { token: admin });
      assert.deepEqual(theirList.json().payers, [{ id: theirs.id, name: 'Elsewhere Warranty' }]);
      assertError(await t.request('GET', `/v1/payers?rooftop=${other}`), 400, 'field_invalid', [['field_invalid', 'rooftop']]);
      assertError(await t.request('GET', '/v1/payers?rooftop=abc', { token: admin }), 400, 'field_invalid', [['field_invalid', 'rooftop']]);
      const desks = await t.request('GET', `/v1/payers?rooftop=${bare}`, { token: desk });
      assert.deepEqual(desks.json(), { payers: [], payer_required: false, default_payer_id: null });
    });

    test("a rooftop's setting: a default must be its own payer; requiring one needs a payer; another rooftop is a 404", async () => {
      const unchanged = await setting(t.rooftopId);
      assertError(await settings(t.rooftopId, { default_payer_id: theirs.id }), 400, 'field_invalid', [['field_invalid', 'default_payer_id']]);
      assertError(await settings(t.rooftopId, { default_payer_id: 999999 }), 400, 'field_invalid', [['field_invalid', 'default_payer_id']]);
      assertError(await settings(t.rooftopId, { default_payer_id: '5', payer_required: 'yes' }), 400, 'field_invalid', [
        ['field_invalid', 'default_payer_id'],
        ['field_invalid', 'payer_required'],
      ]);
      assertError(await settings(t.rooftopId, {}), 400, 'field_missing');
      assertError(await settings(bare, { payer_required: true }), 400, 'field_invalid', [['field_invalid', 'payer_required']]);
      assertError(await settings(other, { payer_required: false }, scoped), 404, 'not_found');
      assertError(await settings(999999, { payer_required: false }), 404, 'not_found');
      assertError(await settings(t.rooftopId, { payer_required: false }, t.token), 403, 'missing_scope');
      assert.deepEqual(await setting(t.rooftopId), unchanged, 'nothing written');
      assert.deepEqual(await setting(bare), { payer_required: 0, default_payer_id: null });

      const res = await settings(t.rooftopId, { default_payer_id: mine.id }, scoped);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { rooftop: t.rooftopId, payer_required: false, default_payer_id: mine.id });
    });

    test('every booking endpoint bills the payer sent, else the default; stored on the scenario and echoed', async () => {
      const requests: [string, Doc][] = [
        ['/v1/concierge-loaner-moves', conciergeLoanerRequest()],
        ['/v1/concierge-moves', conciergeRequest()],
        ['/v1/one-way-moves', oneWayRequest()],
        ['/v1/round-trip-moves', roundTripRequest()],
      ];
      for (const [path, body] of requests) {
        const res = await book({ ...body, third_party_payer: second.id }, path);
        assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
        const doc = res.json();
        // After the warnings; a single move's charge follows it (spec §12.2), a pair's is in each move.
        const keys = Object.keys(doc);
        const tail = doc.move || (doc.customer_move && !doc.loaner_move) ? ['warnings', 'third_party_payer', 'charge'] : ['warnings', 'third_party_payer'];
        assert.deepEqual(keys.slice(-tail.length), tail, `${path}: our last top-level extensions`);
        assert.equal(doc.third_party_payer, second.id);
        assert.equal(await payerOfScenario(doc), second.id);
      }
      // A reschedule's new booking bills the original's payer (not the rooftop's default).
      const oneWay = await book({ ...oneWayRequest(), third_party_payer: second.id });
      const moved = await t.request('POST', `/v1/ops/moves/${oneWay.json().move.move_id}/reschedule`, {
        token: desk,
        body: { ready_by_time_utc: '2026-03-26T14:00:00Z', reason: 'Vehicle not ready', force: true },
      });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().newMove.third_party_payer, second.id);

      const byDefault = await book(oneWayRequest());
      assert.equal(byDefault.statusCode, 200, byDefault.body);
      assert.equal(byDefault.json().third_party_payer, mine.id);
      assert.equal(await payerOfScenario(byDefault.json()), mine.id);
      const read = await t.request('GET', `/v1/moves/${byDefault.json().move.move_id}`);
      assert.equal(read.body, byDefault.body, 'GET answers the same document');
    });

    test("another rooftop's payer, an unknown one or a string is field_invalid; missing when required is field_missing", async () => {
      await assertRefused({ ...oneWayRequest(), third_party_payer: theirs.id }, 'field_invalid');
      await assertRefused({ ...oneWayRequest(), third_party_payer: 999999 }, 'field_invalid');
      await assertRefused({ ...oneWayRequest(), third_party_payer: String(second.id) }, 'field_invalid');
      // A wrong type is found with the request's other problems.
      const body = oneWayRequest();
      delete body.move.vehicle.make;
      assertError(await book({ ...body, third_party_payer: 'five' }), 400, 'field_invalid', [
        ['field_missing', 'move.vehicle.make'],
        ['field_invalid', 'third_party_payer'],
      ]);

      const required = await settings(t.rooftopId, { payer_required: true });
      assert.deepEqual(required.json(), { rooftop: t.rooftopId, payer_required: true, default_payer_id: mine.id });
      await assertRefused(oneWayRequest(), 'field_missing');
      await assertRefused({ ...oneWayRequest(), third_party_payer: null }, 'field_missing');
      const named = await book({ ...oneWayRequest(), third_party_payer: mine.id });
      assert.equal(named.statusCode, 200, named.body);
      assert.equal(named.json().third_party_payer, mine.id);

      const cleared = await settings(t.rooftopId, { payer_required: false, default_payer_id: null });
      assert.deepEqual(cleared.json(), { rooftop: t.rooftopId, payer_required: false, default_payer_id: null });
      const rooftopBilled = await book(oneWayRequest());
      assert.equal(rooftopBilled.json().third_party_payer, null);
      assert.equal(await payerOfScenario(rooftopBilled.json()), null);
    });

    test('the CLI adds payers, sets and lists', async () => {
      const cli = (...argv: string[]) => runCli(argv, { DATABASE_URL: t.scratch.url });
      const added = await cli('payer', 'add', '--rooftop', String(bare), '--name', 'Fleet Co');
      assert.equal(added.exitCode, 0, added.stderr);
      const payer = JSON.parse(added.stdout);
      assert.deepEqual([payer.name, payer.rooftop], ['Fleet Co', bare]);

      const set = await cli('payer', 'settings', '--rooftop', String(bare), '--required', '--default', String(payer.id));
      assert.equal(set.exitCode, 0, set.stderr);
      assert.deepEqual(JSON.parse(set.stdout), { rooftop: bare, payer_required: true, default_payer_id: payer.id });
      const optional = await cli('payer', 'settings', '--rooftop', String(bare), '--optional', '--no-default');
      assert.deepEqual(JSON.parse(optional.stdout), { rooftop: bare, payer_required: false, default_payer_id: null });

      const foreign = await cli('payer', 'settings', '--rooftop', String(bare), '--default', String(theirs.id));
      assert.equal(foreign.exitCode, 1);
      assert.equal(JSON.parse(foreign.stderr).problems[0].field, 'default_payer_id');
      const listed = await cli('payer', 'list', '--rooftop', String(bare));
      assert.deepEqual(JSON.parse(listed.stdout).payers, [{ id: payer.id, name: 'Fleet Co' }]);

      assert.equal((await cli('payer', 'add', '--rooftop', 'x', '--name', 'Bad')).exitCode, 1);
      assert.equal((await cli('payer', 'settings', '--rooftop', String(bare), '--required', '--optional')).exitCode, 2);
      assert.equal((await cli('payer', 'settings', '--rooftop', String(bare))).exitCode, 2);
    });
  });
}
