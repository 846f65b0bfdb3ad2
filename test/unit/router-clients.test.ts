// The road routers (OSRM, Google Routes API, Valhalla) against loopback stubs that speak their
// protocols: the request each sends, the distance and duration it reads, each documented error
// answer, a slow answer past the timeout and a closed port.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ProviderError, type ProviderFailureKind } from '../../src/lib/provider-http.ts';
import { GoogleRoutesRouter } from '../../src/modules/lanes/routers/google-routes.ts';
import { OsrmRouter } from '../../src/modules/lanes/routers/osrm.ts';
import { ValhallaRouter } from '../../src/modules/lanes/routers/valhalla.ts';
import {
  closedPortUrl,
  CUSTOMER,
  type GeoStub,
  type GoogleStub,
  SERVICE_LOT,
  startGoogleStub,
  startOsrmStub,
  startValhallaStub,
} from '../support/geo-stubs.ts';

const SHORT_TIMEOUT_MS = 100;
/**
 * What every other call may take: a loopback answer comes in milliseconds, but a first request on a
 * busy machine (two test files at once, each with its own server) can take longer than the short one.
 */
const ANSWER_TIMEOUT_MS = 5000;
const lot = { lat: SERVICE_LOT.lat, lon: SERVICE_LOT.lon };
const customer = { lat: CUSTOMER.lat, lon: CUSTOMER.lon };

async function failsWith(promise: Promise<unknown>, kind: ProviderFailureKind): Promise<void> {
  await assert.rejects(promise, (err) => err instanceof ProviderError && err.kind === kind);
}

async function timesOut(stub: GeoStub<string>, call: () => Promise<unknown>): Promise<void> {
  stub.delay(1000);
  const started = performance.now();
  await failsWith(call(), 'timeout');
  assert.ok(performance.now() - started < 900, 'gave up at its timeout, not when the answer came');
}

describe('OSRM router', () => {
  let stub: Awaited<ReturnType<typeof startOsrmStub>>;
  let osrm: OsrmRouter;
  before(async () => {
    stub = await startOsrmStub();
    osrm = new OsrmRouter({ url: stub.url, timeoutMs: ANSWER_TIMEOUT_MS });
  });
  beforeEach(() => stub.reset());
  after(() => stub.close());

  test('the first route: meters to miles, seconds to minutes; coordinates sent lon,lat', async () => {
    assert.deepEqual(await osrm.estimate(lot, customer), { distanceMiles: 12.7, durationMinutes: 18.1, estimator: 'osrm' });
    const sent = stub.requests.at(-1)!;
    assert.equal(sent.path, `/route/v1/driving/${lot.lon},${lot.lat};${customer.lon},${customer.lat}`);
    assert.deepEqual(sent.query, { overview: 'false' });
  });

  test('NoRoute and NoSegment are no_route; a proxy 502 is an error', async () => {
    stub.behave('no_route');
    await failsWith(osrm.estimate(lot, customer), 'no_route');
    stub.behave('no_segment');
    await failsWith(osrm.estimate(lot, customer), 'no_route');
    stub.behave('http_502');
    await failsWith(osrm.estimate(lot, customer), 'error');
  });

  test('another code (InvalidUrl) is rejected', async () => {
    const wrongPath = new OsrmRouter({ url: stub.url, profile: 'no such/profile' });
    await failsWith(wrongPath.estimate(lot, customer), 'rejected');
  });

  test('a slow answer times out', () => timesOut(stub, () => new OsrmRouter({ url: stub.url, timeoutMs: SHORT_TIMEOUT_MS }).estimate(lot, customer)));

  test('a closed port is unreachable', async () => {
    await failsWith(new OsrmRouter({ url: await closedPortUrl(), timeoutMs: SHORT_TIMEOUT_MS }).estimate(lot, customer), 'unreachable');
  });
});

describe('Google Routes API router', () => {
  let stub: GoogleStub;
  let google: GoogleRoutesRouter;
  const now = Date.UTC(2022, 2, 25, 12, 0);
  before(async () => {
    stub = await startGoogleStub();
    google = new GoogleRoutesRouter({ apiKey: stub.apiKey, url: stub.url, timeoutMs: ANSWER_TIMEOUT_MS, now: () => now });
  });
  beforeEach(() => stub.reset());
  after(() => stub.close());

  test('computeRoutes: key and field mask in headers, a traffic-aware DRIVE request', async () => {
    assert.deepEqual(await google.estimate(lot, customer), { distanceMiles: 12.8, durationMinutes: 19, estimator: 'google' });
    const sent = stub.requests.at(-1)!;
    assert.equal(sent.method, 'POST');
    assert.equal(sent.path, '/directions/v2:computeRoutes');
    assert.equal(sent.headers['x-goog-api-key'], stub.apiKey);
    assert.equal(sent.headers['x-goog-fieldmask'], 'routes.duration,routes.distanceMeters');
    assert.deepEqual(sent.body, {
      origin: { location: { latLng: { latitude: lot.lat, longitude: lot.lon } } },
      destination: { location: { latLng: { latitude: customer.lat, longitude: customer.lon } } },
      travelMode: 'DRIVE',
      routingPreference: 'TRAFFIC_AWARE',
    });
  });

  test('a future departure is sent as RFC 3339; a past one is left out (Google refuses it)', async () => {
    const realNow = Date.now();
    const live = new GoogleRoutesRouter({ apiKey: stub.apiKey, url: stub.url });
    const departAt = realNow + 3 * 3600_000;
    await live.estimate(lot, customer, { departAt });
    assert.equal((stub.requests.at(-1)!.body as { departureTime?: string }).departureTime, new Date(departAt).toISOString());
    await live.estimate(lot, customer, { departAt: realNow - 3600_000 });
    assert.equal((stub.requests.at(-1)!.body as { departureTime?: string }).departureTime, undefined);
  });

  test('{} is no_route; 403, 429, 400 and 500 are denied, quota, rejected and error', async () => {
    for (const [behaviour, kind] of [
      ['no_route', 'no_route'],
      ['request_denied', 'denied'],
      ['over_query_limit', 'quota'],
      ['invalid_request', 'rejected'],
      ['http_500', 'error'],
    ] as const) {
      stub.behaveRoutes(behaviour);
      await failsWith(google.estimate(lot, customer), kind);
    }
  });

  test('a wrong key is PERMISSION_DENIED', async () => {
    await failsWith(new GoogleRoutesRouter({ apiKey: 'wrong', url: stub.url }).estimate(lot, customer), 'denied');
    assert.equal(stub.requests.at(-1)!.headers['x-goog-api-key'], 'wrong');
  });

  test('a slow answer times out', () => timesOut(stub, () => new GoogleRoutesRouter({ apiKey: stub.apiKey, url: stub.url, timeoutMs: SHORT_TIMEOUT_MS, now: () => now }).estimate(lot, customer)));

  test('a closed port is unreachable', async () => {
    const closed = new GoogleRoutesRouter({ apiKey: 'k', url: await closedPortUrl(), timeoutMs: SHORT_TIMEOUT_MS });
    await failsWith(closed.estimate(lot, customer), 'unreachable');
  });
});

describe('Valhalla router', () => {
  let stub: Awaited<ReturnType<typeof startValhallaStub>>;
  let valhalla: ValhallaRouter;
  before(async () => {
    stub = await startValhallaStub();
    valhalla = new ValhallaRouter({ url: stub.url, timeoutMs: ANSWER_TIMEOUT_MS });
  });
  beforeEach(() => stub.reset());
  after(() => stub.close());

  test('trip.summary: length already in miles, time in seconds', async () => {
    assert.deepEqual(await valhalla.estimate(lot, customer), { distanceMiles: 12.7, durationMinutes: 19.4, estimator: 'valhalla' });
    const sent = stub.requests.at(-1)!;
    assert.equal(sent.method, 'POST');
    assert.equal(sent.path, '/route');
    assert.deepEqual(sent.body, {
      locations: [lot, customer],
      costing: 'auto',
      units: 'miles',
      directions_type: 'none',
    });
  });

  test('442 (no path) and 171 (no road near) are no_route; a 500 is an error', async () => {
    stub.behave('no_route');
    await failsWith(valhalla.estimate(lot, customer), 'no_route');
    stub.behave('no_edges');
    await failsWith(valhalla.estimate(lot, customer), 'no_route');
    stub.behave('http_500');
    await failsWith(valhalla.estimate(lot, customer), 'error');
  });

  test('a slow answer times out', () => timesOut(stub, () => new ValhallaRouter({ url: stub.url, timeoutMs: SHORT_TIMEOUT_MS }).estimate(lot, customer)));

  test('a closed port is unreachable', async () => {
    await failsWith(new ValhallaRouter({ url: await closedPortUrl(), timeoutMs: SHORT_TIMEOUT_MS }).estimate(lot, customer), 'unreachable');
  });
});
