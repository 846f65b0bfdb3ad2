// Drivers' shifts (spec §11.2): POST/GET/DELETE /v1/ops/drivers/:id/shifts and `handoff shift add`
// — one shift or a weekly pattern laid out in local time (DST-safe), all or nothing, every bad input
// refused at its field with nothing written, and who may do what.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../src/cli.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { addCaller, addDriver, assertError, type Caller, type Doc } from '../support/lifecycle.ts';

const SHIFT_KEYS = ['id', 'driver_id', 'region_id', 'starts_at', 'ends_at'];

for (const engine of engines()) {
  describe(`drivers' shifts on ${engine}`, () => {
    let t: TestApp;
    let desk: Caller;
    let scoped: Caller;
    let driverId: number;
    let otherDriverId: number;
    let region: number;
    let otherRegion: number;

    before(async () => {
      t = await startTestApp(engine);
      desk = await addCaller(t, 'ops', 'all');
      scoped = await addCaller(t, 'ops', [t.rooftopId]);
      driverId = (await addDriver(t, desk, { name: 'Sam Shift' })).driverId;
      otherDriverId = (await addDriver(t, desk, { name: 'Other Driver' })).driverId;
      const otherRooftop = await t.addRooftop({ name: 'Elsewhere Motors', timezone: 'America/Chicago' });
      region = await addRegion(t.rooftopId, 'America/New_York');
      otherRegion = await addRegion(otherRooftop, 'America/Chicago');
    });
    after(() => t.close());

    async function addRegion(rooftopId: number, timezone: string): Promise<number> {
      const area = { type: 'Polygon', coordinates: [[[-78, 37], [-77, 37], [-77, 38], [-78, 38], [-78, 37]]] };
      const row = await t.deps.database.db
        .insertInto('regions')
        .values({ rooftop_id: rooftopId, name: `Region of ${rooftopId}`, timezone, area: JSON.stringify(area), min_lat: 37, min_lon: -78, max_lat: 38, max_lon: -77, created_at: 0, updated_at: 0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    }

    const shiftsUrl = (id: number | string = driverId) => `/v1/ops/drivers/${id}/shifts`;
    const post = (body: Doc, id: number | string = driverId, caller = desk) => caller.request('POST', shiftsUrl(id), body);
    const list = async (query: string, caller = desk, id = driverId): Promise<Doc[]> => {
      const res = await caller.request('GET', `${shiftsUrl(id)}?${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().shifts;
    };
    const shiftCount = async () => Number((await t.deps.database.db.selectFrom('driver_shifts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const spans = (shifts: Doc[]) => shifts.map((s) => [s.starts_at, s.ends_at]);

    test('one shift: added, answered as a list, listed by GET', async () => {
      const res = await post({ starts_at: '2026-04-01T08:00:00-04:00', ends_at: '2026-04-01 21:00:00', unknown: 'ignored' });
      assert.equal(res.statusCode, 201, res.body);
      const [shift] = res.json().shifts;
      assert.deepEqual(Object.keys(shift), SHIFT_KEYS);
      assert.deepEqual({ ...shift, id: 0 }, { id: 0, driver_id: driverId, region_id: null, starts_at: '2026-04-01T12:00:00Z', ends_at: '2026-04-01T21:00:00Z' });
      assert.deepEqual(await list('from=2026-04-01T00:00:00Z&to=2026-04-02T00:00:00Z'), [shift]);
      assert.deepEqual(await list('from=2026-04-01T21:00:00Z'), [], 'a shift ending at from is over');
    });

    test('a weekly pattern across the March 2026 DST change keeps 08:00 local on both sides', async () => {
      const res = await post({ region_id: region, pattern: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '17:00', from: '2026-03-05', to: '2026-03-10' } });
      assert.equal(res.statusCode, 201, res.body);
      const shifts = res.json().shifts as Doc[];
      assert.ok(shifts.every((s) => s.region_id === region && s.driver_id === driverId));
      assert.deepEqual(spans(shifts), [
        ['2026-03-05T13:00:00Z', '2026-03-05T22:00:00Z'], // Thu, EST
        ['2026-03-06T13:00:00Z', '2026-03-06T22:00:00Z'], // Fri, EST
        ['2026-03-09T12:00:00Z', '2026-03-09T21:00:00Z'], // Mon, EDT
        ['2026-03-10T12:00:00Z', '2026-03-10T21:00:00Z'], // Tue, EDT
      ]);
      assert.deepEqual(await list('from=2026-03-01T00:00:00Z&to=2026-03-11T00:00:00Z'), shifts);
    });

    test("a pattern with no region is laid out in the timezone sent (required then); overnight ends the next day", async () => {
      assertError(await post({ pattern: { days: ['sat'], start: '22:00', end: '06:00', from: '2026-05-02', to: '2026-05-02' } }, otherDriverId), 400, 'field_missing', [['field_missing', 'timezone']]);
      const res = await post({ timezone: 'America/Chicago', pattern: { days: ['sat'], start: '22:00', end: '06:00', from: '2026-05-02', to: '2026-05-09' } }, otherDriverId);
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(spans(res.json().shifts), [
        ['2026-05-03T03:00:00Z', '2026-05-03T11:00:00Z'], // Sat 22:00 CDT → Sun 06:00
        ['2026-05-10T03:00:00Z', '2026-05-10T11:00:00Z'],
      ]);
    });

    test('bad single shifts: every problem at its field, nothing written', async () => {
      const before = await shiftCount();
      const cases: [Doc, [string, string][]][] = [
        [{ starts_at: '2026-06-01T10:00:00Z', ends_at: '2026-06-01T10:00:00Z' }, [['field_invalid', 'ends_at']]],
        [{ starts_at: '2026-06-01T10:00:00Z', ends_at: '2026-06-01T09:00:00Z' }, [['field_invalid', 'ends_at']]],
        [{ starts_at: '2026-06-01T10:00:00Z', ends_at: '2026-06-02T10:00:01Z' }, [['field_invalid', 'ends_at']]],
        [{ starts_at: 'tomorrow', ends_at: '2026-02-30T10:00:00Z' }, [['field_invalid', 'starts_at'], ['field_invalid', 'ends_at']]],
        [{ starts_at: '2026-06-01T10:00:00' }, [['field_invalid', 'starts_at'], ['field_missing', 'ends_at']]],
        [{ starts_at: '2026-06-01T10:00:00Z', ends_at: '2026-06-01T12:00:00Z', region_id: 999_999 }, [['field_invalid', 'region_id']]],
        [{ starts_at: '2026-06-01T10:00:00Z', ends_at: '2026-06-01T12:00:00Z', region_id: 'north' }, [['field_invalid', 'region_id']]],
        [{}, [['field_missing', 'starts_at'], ['field_missing', 'ends_at']]],
        // Overlaps the shift of 2026-04-01 12:00–21:00Z (added above).
        [{ starts_at: '2026-04-01T20:00:00Z', ends_at: '2026-04-01T23:00:00Z' }, [['field_invalid', 'starts_at']]],
      ];
      for (const [body, problems] of cases) assertError(await post(body), 400, problems[0]![0], problems);
      assert.equal(await shiftCount(), before);
      // Touching is not overlapping.
      assert.equal((await post({ starts_at: '2026-04-01T21:00:00Z', ends_at: '2026-04-01T23:00:00Z' })).statusCode, 201);
    });

    test('bad patterns: every problem at its field; a pattern is all or nothing', async () => {
      const before = await shiftCount();
      const pattern = (p: Doc = {}) => ({ days: ['mon'], start: '08:00', end: '17:00', from: '2026-06-01', to: '2026-06-30', ...p });
      const cases: [Doc, [string, string][]][] = [
        [{ region_id: region, pattern: pattern({ days: ['mon', 'funday'], start: '25:00', end: '8am' }) }, [['field_invalid', 'pattern.days.1'], ['field_invalid', 'pattern.start'], ['field_invalid', 'pattern.end']]],
        [{ region_id: region, pattern: pattern({ days: [], from: '2026-02-30', to: 'June' }) }, [['field_missing', 'pattern.days'], ['field_invalid', 'pattern.from'], ['field_invalid', 'pattern.to']]],
        [{ region_id: region, pattern: pattern({ to: '2026-05-31' }) }, [['field_invalid', 'pattern.to']]],
        [{ region_id: region, pattern: pattern({ to: '2027-06-02' }) }, [['field_invalid', 'pattern.to']]],
        [{ region_id: region, pattern: pattern({ end: '08:00' }) }, [['field_invalid', 'pattern.end']]],
        [{ region_id: region, pattern: pattern({ days: ['sun'], from: '2026-06-01', to: '2026-06-06' }) }, [['field_invalid', 'pattern.days']]],
        [{ region_id: region, timezone: 'America/Denver', pattern: pattern() }, [['field_invalid', 'timezone']]],
        [{ timezone: 'Mars/Olympus', pattern: pattern() }, [['field_invalid', 'timezone']]],
        [{ region_id: region, pattern: pattern(), starts_at: '2026-06-01T10:00:00Z' }, [['field_invalid', 'pattern']]],
        [{ region_id: region, pattern: 'weekdays' }, [['field_invalid', 'pattern']]],
      ];
      for (const [body, problems] of cases) assertError(await post(body), 400, problems[0]![0], problems);
      assert.equal(await shiftCount(), before);

      // One day of a month-long pattern overlaps an existing shift: none of the month is added.
      assert.equal((await post({ starts_at: '2026-06-15T15:00:00Z', ends_at: '2026-06-15T16:00:00Z' })).statusCode, 201);
      const overlapping = await post({ region_id: region, pattern: pattern() });
      assertError(overlapping, 400, 'field_invalid', [['field_invalid', 'pattern']]);
      assert.match(overlapping.json().message, /2026-06-15/);
      assert.equal(await shiftCount(), before + 1);
    });

    test('an unknown driver is 404; a region of a rooftop out of scope is like a missing one', async () => {
      assertError(await post({ starts_at: '2026-06-01T10:00:00Z', ends_at: '2026-06-01T12:00:00Z' }, 999_999), 404, 'not_found');
      assertError(await post({}, 'abc'), 404, 'not_found');
      assertError(await desk.request('GET', shiftsUrl(999_999)), 404, 'not_found');
      // The desk sees every rooftop's regions: the other rooftop's region is taken, in its own zone.
      const res = await post({ region_id: otherRegion, pattern: { days: ['wed'], start: '08:00', end: '12:00', from: '2026-07-01', to: '2026-07-01' } });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(spans(res.json().shifts), [['2026-07-01T13:00:00Z', '2026-07-01T17:00:00Z']]);
    });

    test('only the all-rooftops desk adds and deletes; a scoped ops client lists only what is for its rooftops', async () => {
      const body = { starts_at: '2026-08-01T10:00:00Z', ends_at: '2026-08-01T12:00:00Z' };
      assertError(await post(body, driverId, scoped), 403, 'missing_scope');
      assertError(await t.request('POST', shiftsUrl(), { body }), 403, 'missing_scope');
      const all = await list('from=2026-03-01T00:00:00Z&to=2026-09-01T00:00:00Z');
      const seen = await list('from=2026-03-01T00:00:00Z&to=2026-09-01T00:00:00Z', scoped);
      assert.ok(all.some((s) => s.region_id === otherRegion));
      assert.deepEqual(seen, all.filter((s) => s.region_id !== otherRegion));
      assertError(await scoped.request('DELETE', `${shiftsUrl()}/${all[0]!.id}`), 403, 'missing_scope');
    });

    test('GET: from defaults to now, to to a month later; a bad range is refused', async () => {
      assert.deepEqual(await list(''), await list('from=2026-03-18T12:00:00Z&to=2026-04-18T12:00:00Z'));
      assertError(await desk.request('GET', `${shiftsUrl()}?from=2026-04-02T00:00:00Z&to=2026-04-01T00:00:00Z`), 400, 'field_invalid', [['field_invalid', 'to']]);
      assertError(await desk.request('GET', `${shiftsUrl()}?from=2026-01-01T00:00:00Z&to=2027-06-01T00:00:00Z`), 400, 'field_invalid', [['field_invalid', 'to']]);
      assertError(await desk.request('GET', `${shiftsUrl()}?from=yesterday`), 400, 'field_invalid', [['field_invalid', 'from']]);
    });

    test('DELETE: 204, then gone; another driver\'s shift or a second delete is 404', async () => {
      const [shift] = (await post({ starts_at: '2026-09-01T10:00:00Z', ends_at: '2026-09-01T12:00:00Z' })).json().shifts;
      assertError(await desk.request('DELETE', `${shiftsUrl(otherDriverId)}/${shift.id}`), 404, 'not_found');
      const res = await desk.request('DELETE', `${shiftsUrl()}/${shift.id}`);
      assert.equal(res.statusCode, 204, res.body);
      assert.equal(res.body, '');
      assert.deepEqual(await list('from=2026-09-01T00:00:00Z&to=2026-09-02T00:00:00Z'), []);
      assertError(await desk.request('DELETE', `${shiftsUrl()}/${shift.id}`), 404, 'not_found');
      assertError(await desk.request('DELETE', `${shiftsUrl()}/x`), 404, 'not_found');
    });

    test('handoff shift add: one shift or a pattern, through the same rules', async () => {
      const cli = (...argv: string[]) => runCli(['shift', 'add', ...argv], { DATABASE_URL: t.scratch.url });
      const one = await cli('--driver', String(otherDriverId), '--starts-at', '2026-10-01T08:00:00Z', '--ends-at', '2026-10-01T16:00:00Z', '--region', String(region));
      assert.equal(one.exitCode, 0, one.stderr);
      assert.deepEqual(spans(JSON.parse(one.stdout).shifts), [['2026-10-01T08:00:00Z', '2026-10-01T16:00:00Z']]);
      const weekly = await cli('--driver', String(otherDriverId), '--days', 'mon,tue', '--start', '08:00', '--end', '17:00', '--from', '2026-10-05', '--to', '2026-10-06', '--timezone', 'America/New_York');
      assert.equal(weekly.exitCode, 0, weekly.stderr);
      assert.deepEqual(spans(JSON.parse(weekly.stdout).shifts), [
        ['2026-10-05T12:00:00Z', '2026-10-05T21:00:00Z'],
        ['2026-10-06T12:00:00Z', '2026-10-06T21:00:00Z'],
      ]);
      const overlap = await cli('--driver', String(otherDriverId), '--starts-at', '2026-10-01T15:00:00Z', '--ends-at', '2026-10-01T18:00:00Z');
      assert.equal(overlap.exitCode, 1);
      assert.equal(JSON.parse(overlap.stderr).problems[0].field, 'starts_at');
      assert.equal((await cli('--starts-at', '2026-10-01T15:00:00Z')).exitCode, 2, 'no --driver: usage');
      const missing = await cli('--driver', '999999', '--starts-at', '2026-10-01T15:00:00Z', '--ends-at', '2026-10-01T18:00:00Z');
      assert.equal(missing.exitCode, 1);
      assert.match(JSON.parse(missing.stderr).error, /driver not found/);
    });
  });
}
