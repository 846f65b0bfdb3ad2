// `handoff lanes reroute [--rooftop ID]` on both engines: lanes booked with the offline estimate are
// re-estimated by the configured router (the OSRM stub), in batches; the bookings keep their
// ready-by while their documents show the lanes as they are now. Run in-process (runCli), as in
// cli.test.ts, against the test app's own database.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../src/cli.ts';
import { rerouteLanes } from '../../src/modules/lanes/lane-reroute.ts';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bookAs, dealer } from '../support/geo-booking.ts';
import { closedPortUrl, startOsrmStub } from '../support/geo-stubs.ts';
import { conciergeLoanerRequest, oneWayRequest } from '../support/requests.ts';

for (const engine of engines()) {
  describe(`handoff lanes reroute on ${engine}`, () => {
    let osrm: Awaited<ReturnType<typeof startOsrmStub>>;
    let t: TestApp;
    const reroute = (env: Record<string, string>, ...args: string[]) =>
      runCli(['lanes', 'reroute', ...args], { DATABASE_URL: t.scratch.url, ...env });
    const json = (r: { exitCode: number; stdout: string; stderr: string }) => {
      assert.equal(r.stderr, '');
      assert.equal(r.exitCode, 0);
      assert.match(r.stdout, /^\{.*\}\n$/);
      return JSON.parse(r.stdout);
    };
    const lane = async (token: string, uri: string) => (await t.request('GET', new URL(uri).pathname, { token })).json();

    before(async () => {
      osrm = await startOsrmStub();
      t = await startTestApp(engine);
    });
    after(async () => {
      await t.close();
      await osrm.close();
    });

    test('re-estimates every stored lane with the configured router; the bookings keep their ready-by', async () => {
      const a = await dealer(t);
      const b = await dealer(t);
      const swap = (await bookAs(t, a.token, '/v1/concierge-loaner-moves', conciergeLoanerRequest())).json();
      const oneWay = (await bookAs(t, b.token, '/v1/one-way-moves', oneWayRequest())).json();
      assert.equal(swap.ready_by_time_utc, '2026-03-25T13:37:00Z');
      assert.equal((await lane(a.token, swap.loaner_move.lane_uri)).estimator, 'straight-line');
      const lanes = await t.count('lanes');

      const out = json(await reroute({ ROUTER: 'osrm', ...osrm.env() }));
      assert.deepEqual(out, { router: 'osrm', lanes, rerouted: lanes, unchanged: 0, failed: 0, estimators: { osrm: lanes } });

      const rerouted = await lane(a.token, swap.loaner_move.lane_uri);
      assert.equal(rerouted.estimator, 'osrm');
      assert.ok(rerouted.duration_minutes > 0 && rerouted.duration_minutes !== swap.loaner_move.duration_minutes);
      const reread = (await t.request('GET', `/v1/moves/${swap.loaner_move.move_id}`, { token: a.token })).json();
      assert.equal(reread.ready_by_time_utc, swap.ready_by_time_utc, 'the booking keeps its ready-by');
      assert.equal(reread.loaner_move.duration_minutes, rerouted.duration_minutes, 'its document shows the lane as it is now');
      assert.equal((await lane(b.token, oneWay.move.lane_uri)).estimator, 'osrm');

      // Again: the same answers change nothing.
      assert.deepEqual(json(await reroute({ ROUTER: 'osrm', ...osrm.env() })), { router: 'osrm', lanes, rerouted: 0, unchanged: lanes, failed: 0, estimators: { osrm: lanes } });
    });

    test('--rooftop limits it to one rooftop; a router that does not answer keeps the lanes as they are', async () => {
      const d = await dealer(t);
      const body = (await bookAs(t, d.token, '/v1/one-way-moves', oneWayRequest())).json();
      const before = await lane(d.token, body.move.lane_uri);
      const down = json(await reroute({ ROUTER: 'osrm', OSRM_URL: await closedPortUrl() }, '--rooftop', String(d.rooftopId)));
      assert.deepEqual(down, { router: 'osrm', lanes: 1, rerouted: 0, unchanged: 0, failed: 1, estimators: { 'straight-line': 1 } });
      assert.deepEqual(await lane(d.token, body.move.lane_uri), before);

      const up = json(await reroute({ ROUTER: 'osrm', ...osrm.env() }, '--rooftop', String(d.rooftopId)));
      assert.deepEqual(up, { router: 'osrm', lanes: 1, rerouted: 1, unchanged: 0, failed: 0, estimators: { osrm: 1 } });
      // Back to the offline estimate, on purpose (ROUTER=straight-line answers for every lane).
      const offline = json(await reroute({}, '--rooftop', String(d.rooftopId)));
      assert.deepEqual(offline, { router: 'straight-line', lanes: 1, rerouted: 1, unchanged: 0, failed: 0, estimators: { 'straight-line': 1 } });
      assert.deepEqual(await lane(d.token, body.move.lane_uri), before);
    });

    test('pages through the lanes in batches', async () => {
      const lanes = await t.count('lanes');
      assert.ok(lanes >= 3);
      const seen: number[] = [];
      const router = { name: 'probe', route: async (a: { lat: number; lon: number }) => {
        seen.push((a as { id?: number }).id!);
        return { estimate: { distanceMiles: 1, durationMinutes: 1, estimator: 'probe' }, outcome: 'ok' as const, warnings: [] };
      } };
      const summary = await rerouteLanes(t.deps.database.db, router, { rooftopId: null, batchSize: 2 });
      assert.deepEqual([summary.lanes, summary.rerouted, summary.estimators], [lanes, lanes, { probe: lanes }]);
      assert.equal(seen.length, lanes, 'each lane asked once');
    });

    test('an unknown rooftop, a malformed one, or a router without its server: errors that change nothing', async () => {
      const unknown = await reroute({}, '--rooftop', '999999');
      assert.equal(unknown.exitCode, 1);
      assert.match(JSON.parse(unknown.stderr).error, /rooftop 999999 does not exist/);
      const malformed = await reroute({}, '--rooftop', 'abc');
      assert.equal(malformed.exitCode, 2);
      assert.match(malformed.stderr, /lanes reroute \[--rooftop ID\]/);
      const unconfigured = await reroute({ ROUTER: 'osrm' });
      assert.equal(unconfigured.exitCode, 1);
      assert.deepEqual(JSON.parse(unconfigured.stderr).problems.map((p: { field: string; message: string }) => [p.field, p.message]), [
        ['ROUTER', 'ROUTER=osrm needs OSRM_URL'],
      ]);
    });
  });
}
