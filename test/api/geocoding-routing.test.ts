// Issue 12's acceptance, on both engines: with GEOCODER=google and ROUTER=osrm pointed at loopback
// stubs that speak their protocols, the reference booking gets the reference response's own
// coordinates and place ids and the stubbed drive behind its ready-by; every provider failure —
// an error answer, a slow answer, a stopped server — still books (ZIP centre / straight line, with
// a warning) and is counted in /metrics; no provider call holds a lock another booking waits on.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { floorToMinute, formatInstant } from '../../src/lib/instant.ts';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { closedPortUrl, CUSTOMER, type GoogleStub, SERVICE_LOT, startGoogleStub, startOsrmStub } from '../support/geo-stubs.ts';
import { assertReferenceShape } from '../support/shape.ts';
import { conciergeLoanerRequest, oneWayRequest, referenceResponse } from '../support/requests.ts';
import { atCentroid, atReferencePlace, bookAs, dealer, metric, PLACE_FIELDS, warningsAt } from '../support/geo-booking.ts';

const APPOINTMENT = Date.parse('2026-03-25T14:00:00Z');
/** The OSRM stub's reference drive: 1087.6 s is 18.1 minutes; the ready-by is floored to the minute. */
const OSRM_READY_BY = '2026-03-25T13:41:00Z';
const readyByFor = (minutes: number) => formatInstant(floorToMinute(APPOINTMENT - minutes * 60_000));

for (const engine of engines()) {
  describe(`GEOCODER=google and ROUTER=osrm on ${engine}`, () => {
    let google: GoogleStub;
    let osrm: Awaited<ReturnType<typeof startOsrmStub>>;
    let t: TestApp;
    const book = (token: string, body = conciergeLoanerRequest(), path = '/v1/concierge-loaner-moves') => bookAs(t, token, path, body);

    before(async () => {
      [google, osrm] = await Promise.all([startGoogleStub(), startOsrmStub()]);
      t = await startTestApp(engine, {
        GEOCODER: 'google',
        ROUTER: 'osrm',
        ...google.env(),
        ...osrm.env(),
        GEOCODER_TIMEOUT_MS: '2000',
        ROUTER_TIMEOUT_MS: '2000',
      });
    });
    after(async () => {
      await t.close();
      // The last test stops them: closing again is not an error here.
      await Promise.all([google.close(), osrm.close()].map((closing) => closing.catch(() => {})));
    });

    test('the reference booking: the reference coordinates and place ids, rooftop precision, the OSRM drive behind the ready-by', async () => {
      const d = await dealer(t);
      const res = await book(d.token);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      const ref = referenceResponse();
      assertReferenceShape(body, ref);
      for (const role of ['loaner_move', 'customer_move'] as const) atReferencePlace(body[role].pickup_location, ref[role].pickup_location);
      assert.equal(body.ready_by_time_utc, OSRM_READY_BY);
      assert.equal(body.loaner_move.duration_minutes, 18.1);
      assert.equal(body.loaner_move.distance_miles, 12.7);
      assert.deepEqual(body.warnings, []);
      const lane = (await t.request('GET', new URL(body.loaner_move.lane_uri).pathname, { token: d.token })).json();
      assert.equal(lane.estimator, 'osrm');

      const asked = google.requests.filter((r) => r.path === '/maps/api/geocode/json').map((r) => r.query.address);
      assert.ok(asked.includes('11161 Research Plaza Way, Richmond, VA 23236'), asked.join(' | '));
      assert.ok(asked.includes('210 S Mulberry St, Richmond, VA 23220'));
      assert.equal(osrm.requests.at(-1)!.path, `/route/v1/driving/${SERVICE_LOT.lon},${SERVICE_LOT.lat};${CUSTOMER.lon},${CUSTOMER.lat}`);
    });

    test('a place is geocoded once and a lane routed once: booking them again asks neither provider', async () => {
      const d = await dealer(t);
      const first = (await book(d.token)).json();
      const asked = { google: google.requests.length, osrm: osrm.requests.length };
      const again = (await book(d.token)).json();
      assert.deepEqual({ google: google.requests.length, osrm: osrm.requests.length }, asked);
      assert.equal(again.loaner_move.pickup_location.location_id, first.loaner_move.pickup_location.location_id);
      assert.equal(again.loaner_move.lane_uri, first.loaner_move.lane_uri);
      assert.equal(again.ready_by_time_utc, OSRM_READY_BY);
    });

    test("an address Google does not find, in a ZIP that exists, books at the ZIP's centre with a warning", async () => {
      const d = await dealer(t);
      const res = await book(d.token, oneWayRequest(), '/v1/one-way-moves');
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      atReferencePlace(body.move.pickup_location, referenceResponse().loaner_move.pickup_location);
      atCentroid(body.move.delivery_location);
      assert.deepEqual(body.warnings, [
        {
          field: 'move.delivery_location',
          message: "google could not find 5000 W Broad St, Richmond, VA 23230; it was placed at its ZIP code's center",
        },
      ]);
    });

    test("each of Google's error answers, and a slow one, puts both places at their ZIP's centre with a warning, counted", async () => {
      const cases: [Parameters<GoogleStub['behave']>[0] | 'slow', RegExp, string][] = [
        ['zero_results', /^google could not find .*; it was placed at its ZIP code's center$/, 'not_found'],
        ['over_query_limit', /\(google\) was unavailable \(it is over its request quota\)/, 'quota'],
        ['request_denied', /\(google\) was unavailable \(it refused our credentials\)/, 'denied'],
        ['unknown_error', /\(google\) was unavailable \(it answered with an error\)/, 'error'],
        ['http_500', /\(google\) was unavailable \(it answered with an error\)/, 'error'],
        ['mismatch', /^google placed .* \d+ miles from its ZIP code, too far to trust/, 'mismatch'],
        ['slow', /\(google\) was unavailable \(it did not answer within 2000 ms\)/, 'timeout'],
      ];
      for (const [behaviour, message, outcome] of cases) {
        const before = await metric(t, 'handoff_geocoder_requests_total', { provider: 'google', outcome });
        if (behaviour === 'slow') google.delay(3000);
        else google.behave(behaviour);
        try {
          const res = await book((await dealer(t)).token);
          assert.equal(res.statusCode, 200, `${behaviour}: ${res.body}`);
          const body = res.json();
          for (const role of ['loaner_move', 'customer_move'] as const) atCentroid(body[role].pickup_location);
          const warnings = warningsAt(body, PLACE_FIELDS);
          assert.equal(warnings.length, 2, behaviour);
          for (const w of warnings) assert.match(w, message, behaviour);
          assert.equal(body.loaner_move.duration_minutes > 0, true);
          assert.equal(await metric(t, 'handoff_geocoder_requests_total', { provider: 'google', outcome }), before + 2, behaviour);
        } finally {
          google.reset();
        }
      }
    });

    test('a place left at its ZIP centre while Google failed is placed anew by the next booking; the first keeps its ready-by', async () => {
      const d = await dealer(t);
      google.behave('over_query_limit');
      const first = (await book(d.token)).json();
      google.reset();
      atCentroid(first.customer_move.pickup_location);
      const second = (await book(d.token)).json();
      const ref = referenceResponse();
      atReferencePlace(second.customer_move.pickup_location, ref.customer_move.pickup_location);
      assert.equal(second.customer_move.pickup_location.location_id, first.customer_move.pickup_location.location_id);
      assert.equal(second.loaner_move.lane_uri, first.loaner_move.lane_uri, 'the same lane, routed again between the new points');
      assert.equal(second.loaner_move.duration_minutes, 18.1);
      assert.equal(second.ready_by_time_utc, OSRM_READY_BY);

      const reread = (await t.request('GET', `/v1/moves/${first.loaner_move.move_id}`, { token: d.token })).json();
      assert.equal(reread.ready_by_time_utc, first.ready_by_time_utc, 'a booking made keeps its ready-by');
      atReferencePlace(reread.customer_move.pickup_location, ref.customer_move.pickup_location);
      assert.equal(reread.loaner_move.duration_minutes, 18.1, 'and shows its lane as it is now');
    });

    test("each of OSRM's error answers, and a slow one, gives the straight-line estimate with a warning; a later booking routes the lane", async () => {
      const offline = await t.deps.router.offline(SERVICE_LOT, CUSTOMER);
      const cases: [Parameters<(typeof osrm)['behave']>[0] | 'slow', RegExp, string][] = [
        ['no_route', /\(it found no road route\)/, 'no_route'],
        ['no_segment', /\(it found no road route\)/, 'no_route'],
        ['http_502', /\(it answered with an error\)/, 'error'],
        ['slow', /\(it did not answer within 2000 ms\)/, 'timeout'],
      ];
      for (const [behaviour, reason, outcome] of cases) {
        const before = await metric(t, 'handoff_router_requests_total', { provider: 'osrm', outcome });
        if (behaviour === 'slow') osrm.delay(3000);
        else osrm.behave(behaviour);
        const d = await dealer(t);
        let body: any;
        try {
          body = (await book(d.token)).json();
        } finally {
          osrm.reset();
        }
        assert.equal(body.loaner_move.duration_minutes, offline.durationMinutes, behaviour);
        assert.equal(body.ready_by_time_utc, readyByFor(offline.durationMinutes));
        const lane = (await t.request('GET', new URL(body.loaner_move.lane_uri).pathname, { token: d.token })).json();
        assert.equal(lane.estimator, 'straight-line');
        const warnings = warningsAt(body, ['loaner_move.duration_minutes']);
        assert.equal(warnings.length, 1, JSON.stringify(body.warnings));
        assert.match(warnings[0]!, /^road routing \(osrm\) was unavailable/);
        assert.match(warnings[0]!, reason);
        assert.equal(await metric(t, 'handoff_router_requests_total', { provider: 'osrm', outcome }), before + 1, behaviour);
        if (behaviour === 'no_route') {
          const later = (await book(d.token)).json();
          assert.equal(later.loaner_move.lane_uri, body.loaner_move.lane_uri);
          assert.equal(later.loaner_move.duration_minutes, 18.1, 'a straight-line lane is routed again once OSRM answers');
          assert.equal(later.ready_by_time_utc, OSRM_READY_BY);
        }
      }
    });

    test('a slow geocoder holds no lock: a booking started meanwhile finishes well before it', async () => {
      google.delay(1500, (r) => String(r.query.address ?? '').includes('Mulberry'));
      try {
        await slowProviderHoldsNoLock(t, await dealer(t));
      } finally {
        google.reset();
      }
    });

    test('a slow router holds no lock: a booking started meanwhile finishes well before it', async () => {
      osrm.delay(1500, (r) => r.path.includes(String(CUSTOMER.lon)));
      try {
        await slowProviderHoldsNoLock(t, await dealer(t));
      } finally {
        osrm.reset();
      }
    });

    test('OSRM stopped: the reference places, the straight-line estimate, a warning, counted', async () => {
      const down = await startTestApp(engine, { GEOCODER: 'google', ROUTER: 'osrm', ...google.env(), OSRM_URL: await closedPortUrl() });
      try {
        const body = (await bookAs(down, down.token, '/v1/concierge-loaner-moves', conciergeLoanerRequest())).json();
        const ref = referenceResponse();
        for (const role of ['loaner_move', 'customer_move'] as const) atReferencePlace(body[role].pickup_location, ref[role].pickup_location);
        const offline = await down.deps.router.offline(SERVICE_LOT, CUSTOMER);
        assert.equal(body.ready_by_time_utc, readyByFor(offline.durationMinutes));
        assert.deepEqual(body.warnings, [
          {
            field: 'loaner_move.duration_minutes',
            message: 'road routing (osrm) was unavailable (it could not be reached); the drive time is a straight-line estimate',
          },
        ]);
        assert.equal(await metric(down, 'handoff_router_requests_total', { provider: 'osrm', outcome: 'unreachable' }), 1);
        assert.equal(await metric(down, 'handoff_geocoder_requests_total', { provider: 'google', outcome: 'ok' }), 2);
      } finally {
        await down.close();
      }
    });

    test('Google stopped, then OSRM too: still 200, at the ZIP centres, then on the straight line as offline, each with warnings', async () => {
      await google.close();
      const d = await dealer(t);
      const before = await metric(t, 'handoff_geocoder_requests_total', { provider: 'google', outcome: 'unreachable' });
      const body = (await book(d.token)).json();
      for (const role of ['loaner_move', 'customer_move'] as const) atCentroid(body[role].pickup_location);
      const warnings = warningsAt(body, PLACE_FIELDS);
      assert.equal(warnings.length, 2);
      for (const w of warnings) assert.match(w, /^street-level geocoding \(google\) was unavailable \(it could not be reached\); .* was placed at its ZIP code's center$/);
      assert.equal(body.loaner_move.duration_minutes > 0, true, 'OSRM routed between the centres');
      assert.equal(await metric(t, 'handoff_geocoder_requests_total', { provider: 'google', outcome: 'unreachable' }), before + 2);

      await osrm.close();
      const both = (await book((await dealer(t)).token)).json();
      for (const role of ['loaner_move', 'customer_move'] as const) atCentroid(both[role].pickup_location);
      assert.equal(both.ready_by_time_utc, '2026-03-25T13:37:00Z', "the offline default's reference ready-by");
      assert.deepEqual(
        both.warnings.map((w: { field: string }) => w.field),
        ['loaner_move.pickup_location', 'customer_move.pickup_location', 'loaner_move.duration_minutes'],
      );
      assert.ok(await metric(t, 'handoff_router_requests_total', { provider: 'osrm', outcome: 'unreachable' }) >= 1);
    });
  });
}

/**
 * Books the reference (its customer's address or lane delayed 1.5 s by the stub) and, 100 ms later,
 * a one-way move elsewhere: the second must not wait for the first. Were the provider called inside
 * the booking's transaction, the second would queue behind it (on SQLite every writer does).
 */
async function slowProviderHoldsNoLock(t: TestApp, d: { token: string }): Promise<void> {
  const started = performance.now();
  const timed = async (promise: Promise<{ statusCode: number; body: string }>) => {
    const res = await promise;
    assert.equal(res.statusCode, 200, res.body);
    return performance.now() - started;
  };
  const slow = timed(bookAs(t, d.token, '/v1/concierge-loaner-moves', conciergeLoanerRequest()));
  await sleep(100);
  const fastDone = await timed(bookAs(t, d.token, '/v1/one-way-moves', oneWayRequest()));
  const slowDone = await slow;
  assert.ok(slowDone >= 1500, `the slow booking took ${slowDone.toFixed(0)} ms`);
  assert.ok(fastDone < 1000, `the other booking finished at ${fastDone.toFixed(0)} ms`);
  assert.ok(fastDone < slowDone - 500, `${fastDone.toFixed(0)} ms, well before ${slowDone.toFixed(0)} ms`);
}
