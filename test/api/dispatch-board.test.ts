// The ops dispatch board (GET /v1/ops/board): a day's scenarios in columns by the rooftop's own
// local day, attention with its reasons as the clock moves, rooftop scope, refusals of a bad query,
// and a bounded number of queries however many scenarios the day holds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { addCaller, addDriver, assertError, type Caller, cancel, type Doc, dispatchOk, stepsOk, type TestDriver } from '../support/lifecycle.ts';
import { conciergeLoanerRequest, oneWayRequestReadyBy } from '../support/requests.ts';

const MIN = 60_000;

for (const engine of engines()) {
  describe(`dispatch board on ${engine}`, () => {
    let t: TestApp;
    let desk: Caller;
    let scoped: Caller;
    let dealer: Caller;
    let westDealer: Caller;
    let ann: TestDriver;
    let bob: TestDriver;
    let west: number;
    const s: Record<string, number> = {};
    const statements: string[] = [];
    let capturing = false;

    const bookOneWay = async (caller: Caller, readyBy: string) => {
      const res = await caller.request('POST', '/v1/one-way-moves', oneWayRequestReadyBy(readyBy));
      assert.equal(res.statusCode, 200, res.body);
      return res.json().move.move_id as number;
    };
    const board = async (query: string, caller = desk): Promise<Doc> => {
      const res = await caller.request('GET', `/v1/ops/board?${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const column = (b: Doc, name: string) => (b.columns[name] as Doc[]).map((c) => c.move_ids[0]);
    const card = (b: Doc, moveId: number) => Object.values(b.columns as Record<string, Doc[]>).flat().find((c) => c.move_ids.includes(moveId));

    before(async () => {
      t = await startTestApp(engine, {}, { log: (e) => void (capturing && e.level === 'query' && statements.push(e.query.sql)) });
      west = await t.addRooftop({ name: 'Westside Motors', timezone: 'America/Los_Angeles' });
      desk = await addCaller(t, 'ops', 'all');
      scoped = await addCaller(t, 'ops', [t.rooftopId]);
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      westDealer = await addCaller(t, 'dealer', [west]);
      ann = await addDriver(t, desk, { name: 'Ann Avery' });
      bob = await addDriver(t, desk, { name: 'Bob Baker' });
      // Wed 2026-03-25 in Richmond (EDT, UTC−4) runs 04:00Z to 04:00Z the next day.
      s.unassigned = await bookOneWay(dealer, '2026-03-25T14:00:00Z');
      s.dispatched = await bookOneWay(dealer, '2026-03-25T16:00:00Z');
      s.underWay = await bookOneWay(dealer, '2026-03-25T13:00:00Z');
      s.lateEvening = await bookOneWay(dealer, '2026-03-26T03:30:00Z'); // 23:30 EDT on the 25th
      s.dayBefore = await bookOneWay(dealer, '2026-03-25T03:30:00Z'); // 23:30 EDT on the 24th
      s.canceled = await bookOneWay(dealer, '2026-03-25T18:00:00Z');
      s.westEvening = await bookOneWay(westDealer, '2026-03-26T05:00:00Z'); // 22:00 PDT on the 25th
      const loaner = await dealer.request('POST', '/v1/concierge-loaner-moves', conciergeLoanerRequest());
      assert.equal(loaner.statusCode, 200, loaner.body);
      s.loaner = loaner.json().loaner_move.move_id;
      await dispatchOk(desk, s.dispatched!, ann.driverId);
      await dispatchOk(desk, s.underWay!, bob.driverId);
      await stepsOk(bob.app, s.underWay!, ['pickup_started']);
      await cancel(dealer, desk, s.canceled!, 'canceled');
    });
    after(() => t.close());

    test("columns of the rooftops' own local day, each card saying what ops need", async () => {
      const b = await board('date=2026-03-25');
      assert.equal(b.date, '2026-03-25');
      assert.deepEqual(column(b, 'unassigned'), [s.loaner, s.unassigned, s.lateEvening, s.westEvening]);
      assert.deepEqual(column(b, 'dispatched'), [s.dispatched]);
      assert.deepEqual(column(b, 'in_progress'), [s.underWay]);
      assert.deepEqual(column(b, 'done'), [s.canceled]);
      assert.deepEqual(column(b, 'attention'), []);
      assert.equal(card(b, s.dayBefore!), undefined, 'a 23:30 EDT ready-by on the 24th is not on the 25th');

      const loaner = card(b, s.loaner!)!;
      assert.equal(loaner.kind, 'concierge-loaner');
      assert.equal(loaner.move_ids.length, 2);
      assert.equal(loaner.customer_name, 'Harry Stevens');
      assert.equal(loaner.ro, 'RO# 12345');
      assert.equal(loaner.appointment_time_utc, '2026-03-25T14:00:00Z');
      assert.equal(loaner.ready_by_time_utc, '2026-03-25T13:37:00Z');
      assert.deepEqual(loaner.rooftop, { id: t.rooftopId, name: "Denny's Automobiles", timezone: 'America/New_York' });
      assert.equal(loaner.status, 'booked');
      assert.equal(loaner.driver, null);
      assert.deepEqual(card(b, s.underWay!)!.driver, { id: bob.driverId, name: 'Bob Baker' });
      assert.equal(card(b, s.underWay!)!.status, 'pickup started');
      assert.equal(card(b, s.canceled!)!.status, 'canceled');
      assert.equal(card(b, s.westEvening!)!.rooftop.name, 'Westside Motors');

      const onlyWest = await board(`date=2026-03-25&rooftop_id=${west}`);
      assert.deepEqual(Object.values(onlyWest.columns as Record<string, Doc[]>).flat().map((c) => c.move_ids[0]), [s.westEvening]);
      assert.deepEqual(column(await board('date=2026-03-24'), 'unassigned'), [s.dayBefore]);
    });

    test('an ops client scoped to a rooftop sees only its scenarios, and may not ask for another', async () => {
      const b = await board('date=2026-03-25', scoped);
      assert.equal(card(b, s.westEvening!), undefined);
      assert.ok(card(b, s.unassigned!));
      assertError(await scoped.request('GET', `/v1/ops/board?date=2026-03-25&rooftop_id=${west}`), 400, 'field_invalid', [['field_invalid', 'rooftop_id']]);
      assertError(await dealer.request('GET', '/v1/ops/board?date=2026-03-25'), 403, 'missing_scope');
    });

    test('a bad date is refused at its field', async () => {
      for (const date of ['2026-02-30', '25-03-2026', 'tomorrow', '2026-3-5']) {
        assertError(await desk.request('GET', `/v1/ops/board?date=${date}`), 400, 'field_invalid', [['field_invalid', 'date']]);
      }
      assertError(await desk.request('GET', '/v1/ops/board'), 400, 'field_missing', [['field_missing', 'date']]);
      assertError(await desk.request('GET', '/v1/ops/board?date=2026-03-25&rooftop_id=x'), 400, 'field_invalid', [['field_invalid', 'rooftop_id']]);
    });

    test('a driver deactivated after dispatch puts their scenario in attention until reactivated (or re-dispatched)', async () => {
      const setActive = async (active: boolean) => {
        const res = await desk.request('PATCH', `/v1/ops/drivers/${ann.driverId}`, { active });
        assert.equal(res.statusCode, 200, res.body);
      };
      await setActive(false);
      try {
        const b = await board('date=2026-03-25');
        const stranded = card(b, s.dispatched!)!;
        assert.deepEqual(stranded.attention, [{ code: 'driver_inactive', message: 'the assigned driver has been deactivated' }]);
        assert.equal(stranded.phase, 'dispatched');
        assert.deepEqual(stranded.driver, { id: ann.driverId, name: 'Ann Avery' }, 'still assigned: nothing unassigns it by itself');
        assert.deepEqual(column(b, 'attention'), [s.dispatched]);
      } finally {
        await setActive(true);
      }
      assert.deepEqual(column(await board('date=2026-03-25'), 'dispatched'), [s.dispatched]);
    });

    test('attention as the day goes on: late past the ready-by, and a driver silent for ten minutes', async () => {
      const bobLocated = t.clock.now(); // the pickup_started step reported Bob's position
      t.clock.set(Date.parse('2026-03-25T14:05:00Z'));
      const b = await board('date=2026-03-25');
      assert.deepEqual(card(b, s.unassigned!)!.attention, [{ code: 'late', message: 'the ready-by time has passed and no driver is assigned' }]);
      const silent = card(b, s.underWay!)!;
      assert.deepEqual(silent.attention.map((r: Doc) => r.code), ['late', 'no_position']);
      assert.equal(silent.phase, 'in_progress');
      assert.ok(bobLocated < t.clock.now() - 10 * MIN);
      assert.deepEqual(column(b, 'attention'), [s.underWay, s.loaner, s.unassigned]);
      assert.deepEqual(column(b, 'dispatched'), [s.dispatched], 'dispatched for 16:00: not yet expected to be driving');

      // Bob reaches the pickup and keeps reporting: his card goes back to in progress.
      await stepsOk(bob.app, s.underWay!, ['pickup_arrived']);
      t.clock.set(t.clock.now() + 9 * MIN);
      assert.deepEqual(column(await board('date=2026-03-25'), 'in_progress'), [s.underWay]);
    });

    test('two queries for the day (after authentication) however many scenarios it holds', async () => {
      const count = async () => {
        statements.length = 0;
        capturing = true;
        await board('date=2026-03-25');
        capturing = false;
        return statements.filter((q) => /from "(moves|rooftops)"/i.test(q)).length;
      };
      const before = await count();
      for (let i = 0; i < 5; i++) await bookOneWay(dealer, `2026-03-25T19:1${i}:00Z`);
      assert.equal(await count(), before);
      assert.equal(before, 2);
    });
  });
}
