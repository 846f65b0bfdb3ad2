// GET /v1/ops/drivers/on-shift (the ops desk's live map): the active drivers whose shift holds now,
// each with that shift and their last reported position; a shift's start counts, its end does not;
// a removed shift or a deactivated driver takes them off; a rooftop-scoped desk sees only shifts for
// every rooftop or its own regions, and positions only by the driver scope rule; dealers are refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { addCaller, addDriver, assertError, type Caller, deactivateDriver, type Doc, iso, type TestDriver } from '../support/lifecycle.ts';

const HOUR = 3_600_000;

for (const engine of engines()) {
  describe(`drivers on shift on ${engine}`, () => {
    let t: TestApp;
    let desk: Caller;
    let elsewhereDesk: Caller;
    let anywhere: TestDriver;
    let regional: TestDriver;
    let later: TestDriver;
    let idle: TestDriver;
    let anywhereShift: Doc;

    before(async () => {
      t = await startTestApp(engine);
      desk = await addCaller(t, 'ops', 'all');
      const elsewhere = await t.addRooftop({ name: 'Elsewhere Motors', timezone: 'America/Chicago' });
      elsewhereDesk = await addCaller(t, 'ops', [elsewhere]);
      anywhere = await addDriver(t, desk, { name: 'Avery Anywhere' });
      regional = await addDriver(t, desk, { name: 'Riley Regional' });
      later = await addDriver(t, desk, { name: 'Lee Later' });
      idle = await addDriver(t, desk, { name: 'Ida Inactive' });
      const region = await addRegion(t.rooftopId);
      anywhereShift = await addShift(anywhere, { starts_at: iso(TEST_NOW - 2 * HOUR), ends_at: iso(TEST_NOW + HOUR) });
      await addShift(regional, { starts_at: iso(TEST_NOW), ends_at: iso(TEST_NOW + 8 * HOUR), region_id: region });
      await addShift(later, { starts_at: iso(TEST_NOW + HOUR), ends_at: iso(TEST_NOW + 9 * HOUR) });
      await addShift(idle, { starts_at: iso(TEST_NOW - HOUR), ends_at: iso(TEST_NOW + HOUR) });
      await deactivateDriver(desk, idle.driverId);
    });
    after(() => t.close());

    async function addRegion(rooftopId: number): Promise<number> {
      const area = { type: 'Polygon', coordinates: [[[-78, 37], [-77, 37], [-77, 38], [-78, 38], [-78, 37]]] };
      const row = await t.deps.database.db
        .insertInto('regions')
        .values({ rooftop_id: rooftopId, name: 'Richmond', timezone: 'America/New_York', area: JSON.stringify(area), min_lat: 37, min_lon: -78, max_lat: 38, max_lon: -77, created_at: 0, updated_at: 0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    }

    async function addShift(driver: TestDriver, body: Doc): Promise<Doc> {
      const res = await desk.request('POST', `/v1/ops/drivers/${driver.driverId}/shifts`, body);
      assert.equal(res.statusCode, 201, res.body);
      return res.json().shifts[0];
    }

    async function onShift(caller = desk): Promise<Doc> {
      const res = await caller.request('GET', '/v1/ops/drivers/on-shift');
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    }
    const names = (answer: Doc) => answer.drivers.map((d: Doc) => d.name);

    test('the desk sees each active driver whose shift holds now, with the shift and their last position', async () => {
      const report = await anywhere.app.request('POST', '/v1/driver/location', { lat: 37.5407, lon: -77.436 });
      assert.equal(report.statusCode, 200, report.body);
      const answer = await onShift();
      assert.equal(answer.at, iso(TEST_NOW));
      assert.deepEqual(names(answer), ['Avery Anywhere', 'Riley Regional'], 'not later, not the inactive driver; a shift starting now counts');
      const [first, second] = answer.drivers;
      assert.deepEqual(first.shift, anywhereShift);
      assert.deepEqual(first.last_location, { lat: 37.5407, lon: -77.436, at: iso(TEST_NOW) });
      assert.equal(first.phone, '+18045550134');
      assert.equal(second.last_location, null, 'never reported');
      assert.equal(second.shift.driver_id, regional.driverId);
    });

    test('a shift ending now is over; one starting now has begun', async () => {
      t.clock.set(TEST_NOW + HOUR);
      try {
        assert.deepEqual(names(await onShift()), ['Riley Regional', 'Lee Later']);
      } finally {
        t.clock.set(TEST_NOW);
      }
    });

    test("a rooftop-scoped desk sees shifts for every rooftop or its own regions, and no position of a driver off its moves", async () => {
      const answer = await onShift(elsewhereDesk);
      assert.deepEqual(names(answer), ['Avery Anywhere']);
      assert.equal(answer.drivers[0].last_location, null);
    });

    test('dealers are refused; no token is unauthorized', async () => {
      assertError(await t.request('GET', '/v1/ops/drivers/on-shift'), 403, 'missing_scope');
      assertError(await t.request('GET', '/v1/ops/drivers/on-shift', { token: null }), 401, 'access_denied');
    });

    test('removing the shift takes the driver off', async () => {
      const res = await desk.request('DELETE', `/v1/ops/drivers/${anywhere.driverId}/shifts/${anywhereShift.id}`);
      assert.equal(res.statusCode, 204, res.body);
      assert.deepEqual(names(await onShift()), ['Riley Regional']);
    });
  });
}
