// Dispatch suggestions (spec §11.2, POST /v1/ops/dispatch/suggest): drivers ranked by fit with every
// other one excluded for a reason; refusals of moves not to be suggested for; and the capacity
// picture read from the database (readCapacity), with the occupied time a ready_by edit moves.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readCapacity } from '../../src/modules/scheduling/capacity/capacity.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { addCaller, addDriver, assertError, type Caller, cancel, deactivateDriver, type Doc, dispatchOk } from '../support/lifecycle.ts';
import { customerLocation, oneWayRequestReadyBy } from '../support/requests.ts';

const at = (iso: string) => Date.parse(iso);

for (const engine of engines()) {
  describe(`dispatch suggestions on ${engine}`, () => {
    let t: TestApp;
    let desk: Caller;
    let scoped: Caller;
    let dealer: Caller;
    const d: Record<string, number> = {};
    let trip: number; // the trip asked about: customer → West Broad, ready 14:00
    let manualTrip: number;
    let beaTrip: number;
    let thirdRooftop: number;

    const shift = (driverId: number, body: Doc) => desk.request('POST', `/v1/ops/drivers/${driverId}/shifts`, body).then((r) => assert.equal(r.statusCode, 201, r.body));
    const onThe25th = { starts_at: '2026-03-25T12:00:00Z', ends_at: '2026-03-25T20:00:00Z' };
    async function bookOneWay(readyBy: string, o: { manual?: boolean; fromCustomer?: boolean } = {}): Promise<number> {
      const body = oneWayRequestReadyBy(readyBy);
      if (o.fromCustomer ?? true) body.move.pickup_location = customerLocation();
      body.move.vehicle.manual = o.manual ?? false;
      const res = await dealer.request('POST', '/v1/one-way-moves', body);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().move.move_id;
    }
    const suggest = (moveId: unknown, caller = desk) => caller.request('POST', '/v1/ops/dispatch/suggest', { move_id: moveId });

    before(async () => {
      t = await startTestApp(engine);
      // Rooftops first: the desk's rooftops are those of its cached client record.
      const other = await t.addRooftop({ name: 'Elsewhere Motors' });
      thirdRooftop = await t.addRooftop({ name: 'Third Motors' });
      desk = await addCaller(t, 'ops', 'all');
      scoped = await addCaller(t, 'ops', [t.rooftopId]);
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      const region = await addRegion(t.rooftopId);
      const otherRegion = await addRegion(other);
      for (const [name, manual] of [['Larry', true], ['Nora', false], ['Mo', false], ['Olga', true], ['Ivan', true], ['Bea', true], ['Rita', true], ['Pete', true], ['Gil', true]] as const) {
        d[name] = (await addDriver(t, desk, { name, canDriveManual: manual })).driverId;
      }
      for (const name of ['Larry', 'Nora', 'Mo', 'Ivan', 'Bea', 'Pete']) await shift(d[name]!, onThe25th);
      await shift(d.Olga!, { starts_at: '2026-03-24T12:00:00Z', ends_at: '2026-03-24T20:00:00Z' });
      await shift(d.Rita!, { ...onThe25th, ends_at: '2026-03-25T13:00:00Z', region_id: otherRegion });
      await shift(d.Rita!, { starts_at: '2026-03-25T13:00:00Z', ends_at: '2026-03-25T20:00:00Z', region_id: region });
      await deactivateDriver(desk, d.Ivan!);

      trip = await bookOneWay('2026-03-25T14:00:00Z');
      manualTrip = await bookOneWay('2026-03-25T14:00:00Z', { manual: true });
      beaTrip = await bookOneWay('2026-03-25T14:20:00Z');
      await dispatchOk(desk, beaTrip, d.Bea!);
      await dispatchOk(desk, await bookOneWay('2026-03-25T12:00:00Z'), d.Pete!); // delivered at West Broad by ~12:35
      // Nora reported being at the trip's pickup during her shift; Gil's only shift is another rooftop's.
      const db = t.deps.database.db;
      const pickup = await db.selectFrom('moves').innerJoin('locations', 'locations.id', 'moves.pickup_location_id').select(['lat', 'lon']).where('moves.id', '=', trip).executeTakeFirstOrThrow();
      await db.updateTable('drivers').set({ last_lat: pickup.lat, last_lon: pickup.lon, last_located_at: at('2026-03-25T13:00:00Z') }).where('id', '=', d.Nora!).execute();
      await shift(d.Gil!, { ...onThe25th, region_id: otherRegion });
    });
    after(() => t.close());

    async function addRegion(rooftopId: number): Promise<number> {
      const area = { type: 'Polygon', coordinates: [[[-78, 37], [-77, 37], [-77, 38], [-78, 38], [-78, 37]]] };
      const row = await t.deps.database.db
        .insertInto('regions')
        .values({ rooftop_id: rooftopId, name: `Region of ${rooftopId}`, timezone: 'America/New_York', area: JSON.stringify(area), min_lat: 37, min_lon: -78, max_lat: 38, max_lon: -77, created_at: 0, updated_at: 0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    }

    test('ranked by miles from where each driver will be; every other driver excluded with its reason', async () => {
      const res = await suggest(trip);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(Object.keys(body), ['move_id', 'suggestions', 'excluded']);
      assert.equal(body.move_id, trip);
      assert.deepEqual(Object.keys(body.suggestions[0]), ['driver_id', 'name', 'rank', 'distance_miles', 'position_source']);
      assert.deepEqual(
        body.suggestions.map((s: Doc) => [s.rank, s.name, s.position_source]),
        [
          [1, 'Nora', 'last_location'],
          [2, 'Pete', 'previous_trip'],
          [3, 'Larry', 'service_lot'],
          [4, 'Mo', 'service_lot'],
          [5, 'Rita', 'service_lot'],
        ],
      );
      const miles = body.suggestions.map((s: Doc) => s.distance_miles);
      assert.deepEqual(miles, [...miles].sort((a: number, b: number) => a - b));
      assert.ok(miles[0] === 0 && miles[2] > miles[1], `miles: ${miles}`);
      assert.deepEqual(
        body.excluded.map((e: Doc) => [e.name, e.reason, e.move_id]),
        [
          ['Olga', 'not_on_shift', null],
          ['Ivan', 'inactive', null],
          ['Bea', 'busy', beaTrip],
          ['Gil', 'not_on_shift', null],
        ],
      );
      assert.deepEqual(Object.keys(body.excluded[0]), ['driver_id', 'name', 'reason', 'message', 'move_id']);
    });

    test('a manual vehicle excludes those who do not drive manual', async () => {
      const body = (await suggest(manualTrip)).json();
      assert.deepEqual(body.suggestions.map((s: Doc) => s.name), ['Pete', 'Larry', 'Rita']);
      assert.deepEqual(
        body.excluded.filter((e: Doc) => e.reason === 'cannot_drive_manual').map((e: Doc) => e.name),
        ['Nora', 'Mo'],
      );
    });

    test("a scoped ops client: where a driver is stays private unless they are on its rooftops' moves", async () => {
      const body = (await suggest(trip, scoped)).json();
      assert.deepEqual(body.suggestions.find((s: Doc) => s.name === 'Nora').position_source, 'service_lot');
      assert.deepEqual(body.suggestions.find((s: Doc) => s.name === 'Pete').position_source, 'previous_trip');
    });

    test('refusals: no move of the caller → 404 move_invalid; a canceled one → 409; a bad body → 400', async () => {
      assertError(await suggest(999_999), 404, 'move_invalid');
      const theirDealer = await addCaller(t, 'dealer', [thirdRooftop]);
      const theirs = await theirDealer.request('POST', '/v1/one-way-moves', oneWayRequestReadyBy('2026-03-25T15:00:00Z'));
      assert.equal(theirs.statusCode, 200, theirs.body);
      assertError(await suggest(theirs.json().move.move_id, scoped), 404, 'move_invalid');
      assert.equal((await suggest(theirs.json().move.move_id)).statusCode, 200, 'the desk sees every rooftop');
      const canceled = await bookOneWay('2026-03-25T16:00:00Z');
      await cancel(dealer, desk, canceled, 'canceled');
      assertError(await suggest(canceled), 409, 'move_not_modifiable');
      assertError(await desk.request('POST', '/v1/ops/dispatch/suggest', {}), 400, 'field_missing', [['field_missing', 'move_id']]);
      assertError(await suggest('twelve'), 400, 'field_invalid', [['field_invalid', 'move_id']]);
      assertError(await dealer.request('POST', '/v1/ops/dispatch/suggest', { move_id: trip }), 403, 'missing_scope');
    });
  });

  describe(`the capacity picture from the database on ${engine}`, () => {
    let t: TestApp;
    let desk: Caller;
    let dealer: Caller;
    let other: number;
    let moveId: number;
    let scenarioId: number;
    let solo: number;
    const day = { from: at('2026-03-26T04:00:00Z'), until: at('2026-03-27T04:00:00Z'), now: TEST_NOW };
    const trip = (from: string, until: string, o: { manual?: boolean; rooftopId?: number } = {}) => ({
      rooftopId: o.rooftopId ?? t.rooftopId,
      from: at(from),
      until: at(until),
      manual: o.manual ?? false,
    });

    before(async () => {
      t = await startTestApp(engine);
      desk = await addCaller(t, 'ops', 'all');
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      other = await t.addRooftop({ name: 'Elsewhere Motors' });
      solo = (await addDriver(t, desk, { name: 'Solo' })).driverId;
      const res = await desk.request('POST', `/v1/ops/drivers/${solo}/shifts`, { starts_at: '2026-03-26T09:00:00Z', ends_at: '2026-03-26T12:00:00Z', region_id: null });
      assert.equal(res.statusCode, 201, res.body);
      const booked = await dealer.request('POST', '/v1/one-way-moves', oneWayRequestReadyBy('2026-03-26T10:00:00Z'));
      assert.equal(booked.statusCode, 200, booked.body);
      moveId = booked.json().move.move_id;
      scenarioId = Number((await t.deps.database.db.selectFrom('moves').select('scenario_id').where('id', '=', moveId).executeTakeFirstOrThrow()).scenario_id);
    });
    after(() => t.close());

    const busyOf = async () => {
      const row = await t.deps.database.db.selectFrom('scenarios').select(['busy_from', 'busy_until']).where('id', '=', scenarioId).executeTakeFirstOrThrow();
      return { from: Number(row.busy_from), until: Number(row.busy_until) };
    };

    test('one driver, one unassigned booking: the rest of the shift fits, not beyond it, not a manual car', async () => {
      const busy = await busyOf();
      assert.equal(busy.from, at('2026-03-26T10:00:00Z'));
      const picture = await readCapacity(t.deps.database.db, day);
      assert.equal(picture.fits(trip('2026-03-26T10:10:00Z', '2026-03-26T10:20:00Z')), false, 'the booking holds the only driver');
      assert.equal(picture.fits({ ...trip('2026-03-26T09:00:00Z', '2026-03-26T10:00:00Z') }), true);
      assert.equal(picture.fits({ rooftopId: t.rooftopId, from: busy.until, until: busy.until + 30 * 60_000, manual: false }), true);
      assert.equal(picture.fits(trip('2026-03-26T11:30:00Z', '2026-03-26T12:30:00Z')), false, 'beyond the shift');
      assert.equal(picture.fits(trip('2026-03-26T11:00:00Z', '2026-03-26T11:30:00Z', { manual: true })), false, 'Solo does not drive manual');
      assert.equal(picture.fits(trip('2026-03-26T11:00:00Z', '2026-03-26T11:30:00Z', { rooftopId: other })), true, 'a shift without region serves every rooftop');
      const without = await readCapacity(t.deps.database.db, { ...day, excludeScenarioIds: [scenarioId] });
      assert.equal(without.fits(trip('2026-03-26T10:10:00Z', '2026-03-26T10:20:00Z')), true);
    });

    test('an active hold counts unless ignored; an expired or used one does not', async () => {
      const hold = (id: string, o: Doc = {}) => ({
        id, rooftop_id: t.rooftopId, client_id: 'test', consumer_action: 'one-way', slot_start: at('2026-03-26T11:00:00Z'),
        busy_from: at('2026-03-26T11:00:00Z'), busy_until: at('2026-03-26T11:45:00Z'), manual: 0, pickup_location_id: null,
        delivery_location_id: null, expires_at: TEST_NOW + 300_000, consumed_by: null, created_at: TEST_NOW, ...o,
      });
      await t.deps.database.db.insertInto('availability_holds').values([hold('h-active'), hold('h-expired', { expires_at: TEST_NOW }), hold('h-used', { consumed_by: 'scenario:1' })]).execute();
      const picture = await readCapacity(t.deps.database.db, day);
      const slot = trip('2026-03-26T11:10:00Z', '2026-03-26T11:40:00Z');
      assert.equal(picture.fits(slot), false);
      assert.equal(picture.fits(slot, { ignoreHolds: true }), true);
      assert.equal((await readCapacity(t.deps.database.db, { ...day, excludeHoldId: 'h-active' })).fits(slot), true);
      await t.deps.database.db.deleteFrom('availability_holds').execute();
    });

    test("a ready_by edit moves the scenario's occupied time with it; assigned, it is its driver's busy time; canceled, nobody's", async () => {
      const before = await busyOf();
      const res = await dealer.request('PATCH', `/v1/moves/${moveId}`, { ready_by: '2026-03-26T11:00:00Z' });
      assert.equal(res.statusCode, 200, res.body);
      const after = await busyOf();
      assert.deepEqual(after, { from: at('2026-03-26T11:00:00Z'), until: at('2026-03-26T11:00:00Z') + (before.until - before.from) });
      const picture = await readCapacity(t.deps.database.db, day);
      assert.equal(picture.fits(trip('2026-03-26T10:10:00Z', '2026-03-26T10:20:00Z')), true);
      assert.equal(picture.fits(trip('2026-03-26T11:10:00Z', '2026-03-26T11:20:00Z')), false);
      // Dispatched, it is Solo's busy time rather than a job to place: the same answers.
      await dispatchOk(desk, moveId, solo);
      const assigned = await readCapacity(t.deps.database.db, day);
      assert.equal(assigned.fits(trip('2026-03-26T10:10:00Z', '2026-03-26T10:20:00Z')), true);
      assert.equal(assigned.fits(trip('2026-03-26T11:10:00Z', '2026-03-26T11:20:00Z')), false);
      // Canceled, it occupies nobody.
      await cancel(dealer, desk, moveId, 'canceled');
      assert.equal((await readCapacity(t.deps.database.db, day)).fits(trip('2026-03-26T11:10:00Z', '2026-03-26T11:20:00Z')), true);
    });
  });
}
