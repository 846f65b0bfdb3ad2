// Contracts (spec §12.1): the ops desk and scoped ops clients create, list and read a rooftop's
// contracts; amounts go in and come out as dollars with two decimals; omitted accessorials are
// zero fees, 15 free minutes and no fuel; every bad band set, amount, date, rooftop, workflow set
// and overlapping contract is refused with its field, nothing written; the CLI goes through the
// same reader; findContractInForce picks the contract for a booking's set before one for any set.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../src/cli.ts';
import { findContractInForce } from '../../src/modules/billing/contracts/contracts.repository.ts';
import { insertSet } from '../../src/modules/workflows/records/workflow-sets.repository.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { assertError } from '../support/lifecycle.ts';

type Doc = Record<string, any>;
const CONTRACT_KEYS = ['id', 'begin_date', 'end_date', 'workflowset_id', 'mileage_bands', 'rooftop', 'accessorials', 'created_at', 'updated_at'];
const BAND_KEYS = ['rate', 'type', 'class', 'distance_start', 'distance_end', 'class_rates'];

const bands = (): Doc[] => [
  { rate: 45.01, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 25, class_rates: { '4': 60 } },
  { rate: 1.5, type: 'per', class: 'stranded', distance_start: 25, distance_end: 250 },
  { rate: 80, type: 'flat', class: 'base', distance_start: 0, distance_end: 250 },
];
const accessorials = (): Doc => ({
  wait_per_minute: 0.5,
  wait_free_minutes: 20,
  fuel: { type: 'actual', price_per_gallon: 4.19, target_level: 0.75, default_tank_gallons: 16 },
  cancel_partial_fee: 25,
  dry_run_fee: 75.5,
  rush_fee: 30,
});

for (const engine of engines()) {
  describe(`contracts on ${engine}`, () => {
    let t: TestApp;
    let desk: string;
    let scopedOps: string;
    let other: number;
    let otherSet: number;
    let ownSet: number;
    let year = 2030;
    before(async () => {
      t = await startTestApp(engine);
      desk = (await t.addClient('ops', 'all')).token;
      scopedOps = (await t.addClient('ops', [t.rooftopId])).token;
      other = await t.addRooftop({ name: 'Elsewhere Motors' });
      const db = t.deps.database.db;
      const set = (rooftop: number) => insertSet(db, { rooftop_id: rooftop, name: 'Body shop', description: 'x', is_default: 0, created_at: 0, updated_at: 0 });
      ownSet = Number((await set(t.rooftopId)).id);
      otherSet = Number((await set(other)).id);
    });
    after(() => t.close());

    const count = async () => Number((await t.deps.database.db.selectFrom('contracts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    // Each test its own year, so no test's contract overlaps another's.
    const body = (over: Doc = {}): Doc => {
      year += 1;
      return { rooftop: t.rooftopId, begin_date: `${year}-01-01`, end_date: `${year}-12-31`, mileage_bands: bands(), unknown_field: 'ignored', ...over };
    };
    const create = (b: Doc, token = desk) => t.request('POST', '/v1/ops/contracts', { token, body: b });
    const refused = async (b: Doc, problems: [string, string][], token = desk) => {
      const before = await count();
      const res = await create(b, token);
      assertError(res, 400, problems[0]![0], problems);
      assert.equal(await count(), before, 'nothing written');
      return res.json().errors as { field: string; message: string }[];
    };

    test('the desk creates a contract: the doc fields first, amounts in dollars, read back alike', async () => {
      const res = await create(body({ workflowset_id: ownSet, accessorials: accessorials() }));
      assert.equal(res.statusCode, 201, res.body);
      const c = res.json();
      assert.deepEqual(Object.keys(c), CONTRACT_KEYS);
      assert.deepEqual(Object.keys(c.mileage_bands[0]), BAND_KEYS);
      assert.equal(c.workflowset_id, ownSet);
      assert.equal(c.rooftop, t.rooftopId);
      assert.deepEqual(c.mileage_bands[0], { rate: 45.01, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 25, class_rates: { '4': 60 } });
      assert.deepEqual(c.mileage_bands[1].class_rates, {});
      assert.deepEqual(c.accessorials, accessorials());
      assert.equal(c.created_at, '2026-03-18T12:00:00Z');
      // Stored in cents.
      const row = await t.deps.database.db.selectFrom('contracts').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(JSON.parse(row.mileage_bands)[0].rate, 4501);
      assert.equal(JSON.parse(row.accessorials).fuel.price_per_gallon, 419);

      const got = await t.request('GET', `/v1/ops/contracts/${c.id}`, { token: desk });
      assert.equal(got.statusCode, 200, got.body);
      assert.deepEqual(got.json(), c);
      const list = await t.request('GET', `/v1/ops/contracts?rooftop=${t.rooftopId}`, { token: desk });
      assert.ok(list.json().contracts.some((x: Doc) => x.id === c.id));
    });

    test('omitted accessorials are zero fees, 15 free minutes and no fuel; workflowset_id absent is null', async () => {
      const res = await create(body());
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().workflowset_id, null);
      assert.deepEqual(res.json().accessorials, { wait_per_minute: 0, wait_free_minutes: 15, fuel: { type: 'none' }, cancel_partial_fee: 0, dry_run_fee: 0, rush_fee: 0 });
      const partial = await create(body({ accessorials: { rush_fee: 10 } }));
      assert.equal(partial.json().accessorials.rush_fee, 10);
      assert.equal(partial.json().accessorials.dry_run_fee, 0);
    });

    test('stranded bands alone are a whole band set (a pair is priced by them)', async () => {
      const res = await create(body({ mileage_bands: [{ rate: 99, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 300 }] }));
      assert.equal(res.statusCode, 201, res.body);
    });

    test('a band set with a gap, an overlap, a negative rate, a rate of 1.234: each named at its field', async () => {
      const gap = bands();
      gap[1]!.distance_start = 30;
      const [g] = await refused(body({ mileage_bands: gap }), [['field_invalid', 'mileage_bands.1.distance_start']]);
      assert.match(g!.message, /no stranded band holds 25 to 30 miles/);

      const overlap = bands();
      overlap[1]!.distance_start = 20;
      const [o] = await refused(body({ mileage_bands: overlap }), [['field_invalid', 'mileage_bands.1.distance_start']]);
      assert.match(o!.message, /overlaps mileage_bands\.0 \(0 to 25 miles\) from 20 to 25 miles/);

      const prices = bands();
      prices[0]!.rate = -1;
      prices[1]!.rate = 1.234;
      prices[2]!.class_rates = { '7': 10 };
      await refused(body({ mileage_bands: prices }), [
        ['field_invalid', 'mileage_bands.0.rate'],
        ['field_invalid', 'mileage_bands.1.rate'],
        ['field_invalid', 'mileage_bands.2.class_rates.7'],
      ]);
    });

    test('a short table, an empty band, no stranded bands, bad enums: every problem at once', async () => {
      const short = bands().slice(0, 1);
      // A band with a bad type still has its distances checked: they read.
      await refused(body({ mileage_bands: [...short, { rate: 1, type: 'fixed', class: 'stranded', distance_start: 25, distance_end: 25 }] }), [
        ['field_invalid', 'mileage_bands.1.type'],
        ['field_invalid', 'mileage_bands.1.distance_end'],
      ]);
      await refused(body({ mileage_bands: [{ rate: 1, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 100 }] }), [
        ['field_invalid', 'mileage_bands.0.distance_end'],
      ]);
      await refused(body({ mileage_bands: [{ rate: 1, type: 'flat', class: 'base', distance_start: 0, distance_end: 250 }] }), [['field_invalid', 'mileage_bands']]);
      await refused(body({ mileage_bands: [{ rate: 1, type: 'flat', class: 'unknown', distance_start: 0 }] }), [
        ['field_invalid', 'mileage_bands.0.class'],
        ['field_missing', 'mileage_bands.0.distance_end'],
      ]);
      await refused(body({ mileage_bands: [] }), [['field_invalid', 'mileage_bands']]);
      await refused(body({ mileage_bands: undefined }), [['field_missing', 'mileage_bands']]);
    });

    test('dates: an end before the begin, 2026-02-30, a missing date', async () => {
      const [e] = await refused(body({ begin_date: '2031-06-01', end_date: '2031-05-31' }), [['field_invalid', 'end_date']]);
      assert.match(e!.message, /before begin_date/);
      await refused(body({ begin_date: '2026-02-30' }), [['field_invalid', 'begin_date']]);
      await refused(body({ end_date: undefined, begin_date: '2026-03-18T00:00:00Z' }), [
        ['field_invalid', 'begin_date'],
        ['field_missing', 'end_date'],
      ]);
    });

    test('accessorials: a third decimal, actual fuel without its numbers, a bad fuel type', async () => {
      await refused(body({ accessorials: { wait_per_minute: 0.125, wait_free_minutes: -1 } }), [
        ['field_invalid', 'accessorials.wait_per_minute'],
        ['field_invalid', 'accessorials.wait_free_minutes'],
      ]);
      await refused(body({ accessorials: { fuel: { type: 'actual', target_level: 1.5 } } }), [
        ['field_missing', 'accessorials.fuel.price_per_gallon'],
        ['field_invalid', 'accessorials.fuel.target_level'],
        ['field_missing', 'accessorials.fuel.default_tank_gallons'],
      ]);
      await refused(body({ accessorials: { fuel: { type: 'diesel' } } }), [['field_invalid', 'accessorials.fuel.type']]);
    });

    test('an unknown rooftop, another rooftop for a scoped client, a workflow set of another rooftop', async () => {
      const [r] = await refused(body({ rooftop: 999_999 }), [['field_invalid', 'rooftop']]);
      assert.match(r!.message, /does not exist/);
      await refused(body({ rooftop: other }), [['field_invalid', 'rooftop']], scopedOps);
      await refused(body({ workflowset_id: otherSet }), [['field_invalid', 'workflowset_id']]);
      await refused(body({ workflowset_id: 999_999 }), [['field_invalid', 'workflowset_id']]);
      // The built-in set and the scoped client's own rooftop are fine.
      const builtIn = (await t.deps.database.db.selectFrom('workflow_sets').select('id').where('rooftop_id', 'is', null).executeTakeFirstOrThrow()).id;
      const ok = await create(body({ workflowset_id: builtIn }), scopedOps);
      assert.equal(ok.statusCode, 201, ok.body);
    });

    test('one contract per workflow set on a date: an overlap is refused, another set or adjacent dates are not', async () => {
      const b = body();
      const [begin, end] = [b.begin_date as string, b.end_date as string];
      const yr = begin.slice(0, 4);
      assert.equal((await create(b)).statusCode, 201);
      const [o] = await refused({ ...b, begin_date: `${yr}-12-31`, end_date: `${Number(yr) + 1}-01-31` }, [['field_invalid', 'begin_date']]);
      assert.match(o!.message, new RegExp(`overlaps contract \\d+ \\(${begin} to ${end}\\)`));
      // Another set, or the next day on: fine.
      assert.equal((await create({ ...b, workflowset_id: ownSet })).statusCode, 201);
      const next = await create({ ...b, begin_date: `${Number(yr) + 1}-01-01`, end_date: `${Number(yr) + 1}-01-31` });
      assert.equal(next.statusCode, 201, next.body);
      // The same set's overlap is refused too.
      await refused({ ...b, workflowset_id: ownSet, begin_date: `${yr}-06-01`, end_date: `${yr}-06-30` }, [['field_invalid', 'begin_date']]);
    });

    test('findContractInForce: the contract for the set before the one for any set, only within its dates', async () => {
      const b = body();
      const yr = (b.begin_date as string).slice(0, 4);
      const any = (await create(b)).json();
      const own = (await create({ ...b, workflowset_id: ownSet, begin_date: `${yr}-03-01`, end_date: `${yr}-03-31` })).json();
      const db = t.deps.database.db;
      assert.equal((await findContractInForce(db, t.rooftopId, `${yr}-03-15`, ownSet))?.id, own.id);
      assert.equal((await findContractInForce(db, t.rooftopId, `${yr}-04-01`, ownSet))?.id, any.id);
      assert.equal((await findContractInForce(db, t.rooftopId, `${yr}-03-15`, null))?.id, any.id);
      const found = await findContractInForce(db, t.rooftopId, `${yr}-03-31`, ownSet);
      assert.equal(found?.bands[0]?.rate, 4501, 'cents, as priced');
      assert.equal(await findContractInForce(db, other, `${yr}-03-15`, null), undefined);
    });

    test('scope: a scoped client reads its rooftops only; dealers may not use the ops endpoints', async () => {
      const mine = await create(body({ rooftop: other }));
      assert.equal(mine.statusCode, 201);
      assertError(await t.request('GET', `/v1/ops/contracts/${mine.json().id}`, { token: scopedOps }), 404, 'not_found');
      assertError(await t.request('GET', `/v1/ops/contracts?rooftop=${other}`, { token: scopedOps }), 400, 'field_invalid', [['field_invalid', 'rooftop']]);
      const list = await t.request('GET', '/v1/ops/contracts', { token: scopedOps });
      assert.ok(list.json().contracts.length > 0);
      assert.ok(list.json().contracts.every((c: Doc) => c.rooftop === t.rooftopId));
      assertError(await t.request('GET', '/v1/ops/contracts/abc', { token: desk }), 404, 'not_found');
      assertError(await t.request('GET', '/v1/ops/contracts', { token: t.token }), 403, 'missing_scope');
      assertError(await create(body(), t.token), 403, 'missing_scope');
    });

    test('the CLI: contract add from files, through the same reader', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'handoff-contracts-'));
      writeFileSync(join(dir, 'bands.json'), JSON.stringify(bands()));
      writeFileSync(join(dir, 'acc.json'), JSON.stringify({ rush_fee: 12.5 }));
      const cli = (...argv: string[]) => runCli(argv, { DATABASE_URL: t.scratch.url });
      const ok = await cli('contract', 'add', '--rooftop', String(t.rooftopId), '--from', '2040-01-01', '--to', '2040-12-31',
        '--bands', join(dir, 'bands.json'), '--accessorials', join(dir, 'acc.json'), '--workflowset', String(ownSet));
      assert.equal(ok.exitCode, 0, ok.stderr);
      const c = JSON.parse(ok.stdout);
      assert.equal(c.workflowset_id, ownSet);
      assert.equal(c.accessorials.rush_fee, 12.5);

      const gap = bands();
      gap[2]!.distance_start = 10;
      writeFileSync(join(dir, 'gap.json'), JSON.stringify({ mileage_bands: gap }));
      const before = await count();
      const bad = await cli('contract', 'add', '--rooftop', String(t.rooftopId), '--from', '2041-01-01', '--to', '2041-02-30', '--bands', join(dir, 'gap.json'));
      assert.equal(bad.exitCode, 1);
      const fields = JSON.parse(bad.stderr).problems.map((p: { field: string }) => p.field).sort();
      assert.deepEqual(fields, ['end_date', 'mileage_bands.2.distance_start']);
      assert.equal(await count(), before);

      const listed = await cli('contract', 'list', '--rooftop', String(t.rooftopId));
      assert.ok(JSON.parse(listed.stdout).contracts.some((x: Doc) => x.id === c.id));
      assert.equal((await cli('contract', 'add', '--rooftop', '1')).exitCode, 2, 'no --bands: usage');
    });
  });
}
