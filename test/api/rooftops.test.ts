// GET /v1/rooftops (spec §12.1): each client sees the rooftops it may use — a dealer its own, a
// dealer_admin and a scoped ops client theirs, the all-rooftops desk every rooftop (one added a
// moment ago too) — with the workflow sets its bookings may name and the contracts not yet ended
// on the rooftop's local today (in force and to come; ended ones are not listed).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertSet } from '../../src/modules/workflows/records/workflow-sets.repository.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { assertError } from '../support/lifecycle.ts';

type Doc = Record<string, any>;
const bands = [{ rate: 50, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 250 }];

for (const engine of engines()) {
  describe(`GET /v1/rooftops on ${engine}`, () => {
    let t: TestApp;
    let desk: string;
    let west: number;
    let ownSet: number;
    let builtIn: number;
    const contracts: Record<string, number> = {};
    before(async () => {
      t = await startTestApp(engine);
      desk = (await t.addClient('ops', 'all')).token;
      west = await t.addRooftop({ name: 'Pacific Motors', timezone: 'America/Los_Angeles' });
      const db = t.deps.database.db;
      ownSet = Number((await insertSet(db, { rooftop_id: t.rooftopId, name: 'Body shop', description: 'For the body shop', is_default: 0, created_at: 0, updated_at: 0 })).id);
      builtIn = Number((await db.selectFrom('workflow_sets').select('id').where('rooftop_id', 'is', null).executeTakeFirstOrThrow()).id);
      const add = async (name: string, rooftop: number, begin: string, end: string, set?: number) => {
        const body = { rooftop, begin_date: begin, end_date: end, mileage_bands: bands, workflowset_id: set };
        const res = await t.request('POST', '/v1/ops/contracts', { token: desk, body });
        assert.equal(res.statusCode, 201, res.body);
        contracts[name] = res.json().id;
      };
      // Today is 2026-03-18 in both zones at TEST_NOW (12:00Z).
      await add('ended', t.rooftopId, '2025-01-01', '2026-03-17');
      await add('current', t.rooftopId, '2026-03-18', '2026-12-31');
      await add('future', t.rooftopId, '2027-01-01', '2027-12-31');
      await add('eastEndsToday', t.rooftopId, '2026-03-01', '2026-03-18', ownSet);
      await add('westEndsToday', west, '2026-01-01', '2026-03-18');
    });
    after(() => t.close());

    const rooftops = async (token: string) => {
      const res = await t.request('GET', '/v1/rooftops', { token });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().rooftops as Doc[];
    };

    test("a dealer: its rooftop, the built-in set and the rooftop's own, contracts in force and to come", async () => {
      const [r, ...rest] = await rooftops(t.token);
      assert.equal(rest.length, 0);
      assert.deepEqual(Object.keys(r!), ['id', 'name', 'timezone', 'workflowsets', 'contracts']);
      assert.equal(r!.id, t.rooftopId);
      assert.equal(r!.timezone, 'America/New_York');
      assert.deepEqual(r!.workflowsets.map((s: Doc) => s.id), [builtIn, ownSet]);
      assert.deepEqual(r!.workflowsets[1], { id: ownSet, name: 'Body shop', description: 'For the body shop' });
      assert.deepEqual(r!.contracts.map((c: Doc) => c.id), [contracts.eastEndsToday, contracts.current, contracts.future]);
      assert.deepEqual(Object.keys(r!.contracts[0]).slice(0, 5), ['id', 'begin_date', 'end_date', 'workflowset_id', 'mileage_bands']);
      assert.equal(r!.contracts[1].mileage_bands[0].rate, 50);
      assert.equal(r!.contracts[0].workflowset_id, ownSet);
    });

    test("contracts end on the rooftop's local date: at 05:00Z on the 19th New York has the 19th, Los Angeles the 18th", async () => {
      t.clock.set(TEST_NOW + 17 * 3600_000);
      try {
        // A token of the moved clock: the ones made at TEST_NOW have expired by then.
        const all = await rooftops((await t.addClient('ops', 'all')).token);
        const eastern = all.find((r) => r.id === t.rooftopId)!;
        const western = all.find((r) => r.id === west)!;
        assert.deepEqual(eastern.contracts.map((c: Doc) => c.id), [contracts.current, contracts.future]);
        assert.deepEqual(western.contracts.map((c: Doc) => c.id), [contracts.westEndsToday]);
        // The west coast's sets: the built-in one only.
        assert.deepEqual(western.workflowsets.map((s: Doc) => s.id), [builtIn]);
        t.clock.set(TEST_NOW + 24 * 3600_000);
        const later = await rooftops((await t.addClient('ops', 'all')).token);
        assert.deepEqual(later.find((r) => r.id === west)!.contracts, []);
      } finally {
        t.clock.set(TEST_NOW);
      }
    });

    test('a dealer_admin and a scoped ops client see theirs; the desk every rooftop, a new one too', async () => {
      const admin = (await t.addClient('dealer_admin', [t.rooftopId, west])).token;
      assert.deepEqual((await rooftops(admin)).map((r) => r.id), [t.rooftopId, west]);
      const scoped = (await t.addClient('ops', [west])).token;
      assert.deepEqual((await rooftops(scoped)).map((r) => r.id), [west]);
      const added = await t.addRooftop({ name: 'Brand New Motors' });
      const ids = (await rooftops(desk)).map((r) => r.id);
      assert.ok(ids.includes(added) && ids.includes(west) && ids.includes(t.rooftopId), JSON.stringify(ids));
    });

    test('a driver may not; no token is access_denied', async () => {
      const driver = await t.request('POST', '/v1/ops/drivers', { token: desk, body: { name: 'Dana Wheeler', phone: '804-555-0100' } });
      const { client_id, client_secret } = driver.json();
      const token = (await t.request('POST', '/v1/authorize', { token: null, body: { client_id, client_secret } })).json().access_token;
      assertError(await t.request('GET', '/v1/rooftops', { token }), 403, 'missing_scope');
      assertError(await t.request('GET', '/v1/rooftops', { token: null }), 401, 'access_denied');
    });
  });
}
