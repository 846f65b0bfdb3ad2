// The fallback policies around the providers: a failing, slow or absent geocoder puts the address
// at its ZIP's centroid with a warning; so does a positive "not found" and a result more than 30
// miles from the ZIP; a failing router gives the straight-line estimate, named as such. Every
// outcome is counted per provider.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import pino from 'pino';
import type { OutcomeCounter, ProviderOutcome } from '../../src/lib/provider-http.ts';
import { createRouter } from '../../src/modules/lanes/routers/index.ts';
import { type LatLon, StraightLineEstimator } from '../../src/modules/lanes/route-estimator.ts';
import type { Geocoder } from '../../src/modules/locations/geocoder.ts';
import { createGeocoder, FallbackGeocoder } from '../../src/modules/locations/geocoders/index.ts';
import { GoogleGeocoder } from '../../src/modules/locations/geocoders/google.ts';
import { zipDirectory } from '../../src/modules/locations/zip-directory.ts';
import {
  closedPortUrl,
  CUSTOMER,
  type GoogleStub,
  SERVICE_LOT,
  standardAddress,
  startCensusStub,
  startGoogleStub,
  startOsrmStub,
} from '../support/geo-stubs.ts';

class RecordingCounter implements OutcomeCounter {
  readonly counts = new Map<string, number>();
  inc(provider: string, outcome: ProviderOutcome): void {
    const key = `${provider}/${outcome}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  get(provider: string, outcome: ProviderOutcome): number {
    return this.counts.get(`${provider}/${outcome}`) ?? 0;
  }
}

const zips = zipDirectory();
const logger = pino({ level: 'silent' });
const straightLine = new StraightLineEstimator({
  circuity: 1.3,
  speedBands: [
    { uptoMiles: 3, mph: 20 },
    { uptoMiles: 15, mph: 35 },
    { uptoMiles: Infinity, mph: 60 },
  ],
});

describe('geocoding fallback', () => {
  let stub: GoogleStub;
  let counter: RecordingCounter;
  let geocoder: FallbackGeocoder;
  const centroid = zips.lookup(SERVICE_LOT.zip)!;

  before(async () => {
    stub = await startGoogleStub();
  });
  beforeEach(() => {
    stub.reset();
    counter = new RecordingCounter();
    geocoder = google(5000);
  });
  // 5 s for every call (a first request on a busy machine can be slow); 100 ms where the timeout is the point.
  const google = (timeoutMs: number) =>
    createGeocoder({ kind: 'google', googleApiKey: stub.apiKey, googleUrl: stub.url, timeoutMs }, { zips, counter, logger });
  after(() => stub.close());

  const atCentroid = (r: Awaited<ReturnType<FallbackGeocoder['resolve']>>) => {
    assert.ok(r);
    assert.deepEqual(r.geocode, {
      lat: centroid.lat,
      lon: centroid.lon,
      timezone: centroid.timezone,
      precision: 'zip',
      google_place_id: null,
      full_address: null,
    });
    assert.equal(r.source, 'zip-centroid');
    assert.equal(r.warnings.length, 1);
    return r.warnings[0]!;
  };

  test("the provider's answer, with its ZIP's time zone and no warning", async () => {
    const r = await geocoder.resolve(standardAddress(SERVICE_LOT));
    assert.equal(r?.geocode.lat, SERVICE_LOT.lat);
    assert.equal(r?.geocode.google_place_id, SERVICE_LOT.google_place_id);
    assert.equal(r?.geocode.precision, 'rooftop');
    assert.equal(r?.geocode.timezone, 'America/New_York');
    assert.deepEqual(r?.warnings, []);
    assert.equal(r?.source, 'google');
    assert.equal(counter.get('google', 'ok'), 1);
    // The port's own method gives the same place.
    assert.equal((await geocoder.geocode(standardAddress(CUSTOMER)))?.google_place_id, CUSTOMER.google_place_id);
  });

  test('a result more than 30 miles from the ZIP is refused as a mismatch', async () => {
    stub.behave('mismatch');
    const warning = atCentroid(await geocoder.resolve(standardAddress(SERVICE_LOT)));
    assert.match(warning, /^google placed 11161 Research Plaza Way, Richmond, VA 23236 \d+ miles from its ZIP code/);
    assert.equal(counter.get('google', 'mismatch'), 1);
    assert.equal(counter.get('google', 'ok'), 0);
  });

  test('a positive "not found" in a ZIP that exists books at the centroid, with a warning', async () => {
    stub.behave('zero_results');
    const warning = atCentroid(await geocoder.resolve(standardAddress(SERVICE_LOT)));
    assert.equal(warning, "google could not find 11161 Research Plaza Way, Richmond, VA 23236; it was placed at its ZIP code's center");
    assert.equal(counter.get('google', 'not_found'), 1);
  });

  test('each failure falls back to the centroid and is counted as itself', async () => {
    for (const [behaviour, outcome] of [
      ['over_query_limit', 'quota'],
      ['request_denied', 'denied'],
      ['unknown_error', 'error'],
    ] as const) {
      stub.behave(behaviour);
      const warning = atCentroid(await geocoder.resolve(standardAddress(SERVICE_LOT)));
      assert.match(warning, /^street-level geocoding \(google\) was unavailable/);
      assert.equal(counter.get('google', outcome), 1, outcome);
    }
  });

  test('a slow provider: the centroid after the timeout', async () => {
    stub.delay(1000);
    const warning = atCentroid(await google(100).resolve(standardAddress(SERVICE_LOT)));
    assert.equal(
      warning,
      "street-level geocoding (google) was unavailable (it did not answer within 100 ms); 11161 Research Plaza Way, Richmond, VA 23236 was placed at its ZIP code's center",
    );
    assert.equal(counter.get('google', 'timeout'), 1);
  });

  test('a provider that is down: the centroid', async () => {
    const down = createGeocoder({ kind: 'google', googleApiKey: 'k', googleUrl: await closedPortUrl() }, { zips, counter });
    atCentroid(await down.resolve(standardAddress(SERVICE_LOT)));
    assert.equal(counter.get('google', 'unreachable'), 1);
  });

  test('a provider that throws something unexpected still never loses the booking', async () => {
    const broken: Geocoder = { name: 'broken', geocode: async () => Promise.reject(new TypeError('boom')) };
    const r = await new FallbackGeocoder({ provider: broken, zips, counter }).resolve(standardAddress(SERVICE_LOT));
    atCentroid(r);
    assert.equal(counter.get('broken', 'error'), 1);
  });

  test('an unknown ZIP is no location at all, and the provider is not asked', async () => {
    const before = stub.requests.length;
    assert.equal(await geocoder.resolve({ ...standardAddress(SERVICE_LOT), zip: '00000' }), null);
    assert.equal(stub.requests.length, before);
    assert.equal(counter.counts.size, 0);
  });

  test('a google_place_id: found, unknown, or not resolvable now', async () => {
    const found = await geocoder.resolvePlaceId(CUSTOMER.google_place_id);
    assert.equal(found.kind, 'found');
    if (found.kind === 'found') {
      assert.deepEqual(found.address, standardAddress(CUSTOMER));
      assert.equal(found.geocode.lat, CUSTOMER.lat);
      assert.equal(found.geocode.timezone, 'America/New_York');
    }
    assert.equal((await geocoder.resolvePlaceId('ChIJAAAAAAAAAAAAAAAAAAAAAAA')).kind, 'invalid');
    assert.equal(counter.get('google', 'invalid_place_id'), 1);
    stub.behave('over_query_limit');
    assert.equal((await geocoder.resolvePlaceId(CUSTOMER.google_place_id)).kind, 'unavailable');
    assert.equal(counter.get('google', 'quota'), 1);
  });

  test('without a Google key, a place id cannot be resolved; with one, it can whatever GEOCODER is', async () => {
    const census = await startCensusStub();
    try {
      const keyless = createGeocoder({ kind: 'census', censusUrl: census.url }, { zips });
      assert.equal((await keyless.resolvePlaceId(CUSTOMER.google_place_id)).kind, 'unavailable');
      const keyed = createGeocoder({ kind: 'census', censusUrl: census.url, googleApiKey: stub.apiKey, googleUrl: stub.url }, { zips, counter });
      assert.equal((await keyed.resolvePlaceId(CUSTOMER.google_place_id)).kind, 'found');
      const r = await keyed.resolve(standardAddress(CUSTOMER));
      assert.equal(r?.source, 'census');
      assert.equal(r?.geocode.precision, 'street');
      assert.equal(counter.get('census', 'ok'), 1);
    } finally {
      await census.close();
    }
  });

  test('GEOCODER=zip is the offline centroid, without warnings', async () => {
    const offline = createGeocoder({ kind: 'zip' }, { zips, counter });
    const r = await offline.resolve(standardAddress(SERVICE_LOT));
    assert.equal(r?.geocode.lat, centroid.lat);
    assert.deepEqual(r?.warnings, []);
  });

  test('a provider kind without its settings fails at start-up', () => {
    assert.throws(() => createGeocoder({ kind: 'google' }, { zips }), /GOOGLE_MAPS_API_KEY/);
    assert.throws(() => createGeocoder({ kind: 'nominatim' }, { zips }), /NOMINATIM_URL/);
    assert.ok(new GoogleGeocoder({ apiKey: 'k' }));
  });
});

describe('routing fallback', () => {
  let stub: Awaited<ReturnType<typeof startOsrmStub>>;
  let counter: RecordingCounter;
  const lot: LatLon = { lat: SERVICE_LOT.lat, lon: SERVICE_LOT.lon };
  const customer: LatLon = { lat: CUSTOMER.lat, lon: CUSTOMER.lon };

  before(async () => {
    stub = await startOsrmStub();
  });
  beforeEach(() => {
    stub.reset();
    counter = new RecordingCounter();
  });
  after(() => stub.close());

  // 5 s for every call (a first request on a busy machine can be slow); 100 ms where the timeout is the point.
  const osrm = (timeoutMs = 5000) => createRouter({ kind: 'osrm', osrmUrl: stub.url, timeoutMs }, { fallback: straightLine, counter, logger });

  test("the router's answer names it, without a warning", async () => {
    const r = await osrm().route(lot, customer);
    assert.equal(r.estimate.estimator, 'osrm');
    assert.equal(r.estimate.durationMinutes, 18.1);
    assert.deepEqual(r.warnings, []);
    assert.equal(counter.get('osrm', 'ok'), 1);
    assert.equal((await osrm().estimate(lot, customer)).estimator, 'osrm');
  });

  test('no route, a slow answer, a server down: the straight-line estimate, with a warning', async () => {
    const expected = await straightLine.estimate(lot, customer);
    stub.behave('no_route');
    const noRoute = await osrm().route(lot, customer);
    assert.deepEqual(noRoute.estimate, expected);
    assert.equal(noRoute.estimate.estimator, 'straight-line');
    assert.equal(noRoute.warnings[0], 'road routing (osrm) was unavailable (it found no road route); the drive time is a straight-line estimate');
    assert.equal(counter.get('osrm', 'no_route'), 1);

    stub.behave('ok');
    stub.delay(1000);
    assert.equal((await osrm(100).route(lot, customer)).estimate.estimator, 'straight-line');
    assert.equal(counter.get('osrm', 'timeout'), 1);

    const down = createRouter({ kind: 'osrm', osrmUrl: await closedPortUrl() }, { fallback: straightLine, counter });
    const r = await down.route(lot, customer);
    assert.deepEqual(r.estimate, expected);
    assert.match(r.warnings[0]!, /could not be reached/);
    assert.equal(counter.get('osrm', 'unreachable'), 1);
  });

  test('ROUTER=straight-line calls nothing and counts nothing', async () => {
    const offline = createRouter({ kind: 'straight-line' }, { fallback: straightLine, counter });
    const r = await offline.route(lot, customer);
    assert.equal(r.estimate.estimator, 'straight-line');
    assert.deepEqual(r.warnings, []);
    assert.equal(counter.counts.size, 0);
  });

  test('the departure time reaches a traffic-aware router through the fallback', async () => {
    const google = await startGoogleStub();
    try {
      const router = createRouter(
        { kind: 'google', googleApiKey: google.apiKey, googleRoutesUrl: google.url },
        { fallback: straightLine, counter },
      );
      const departAt = Date.now() + 2 * 3600_000;
      const r = await router.route(lot, customer, { departAt });
      assert.equal(r.estimate.estimator, 'google');
      assert.equal((google.requests.at(-1)!.body as { departureTime?: string }).departureTime, new Date(departAt).toISOString());
      google.behaveRoutes('over_query_limit');
      assert.equal((await router.route(lot, customer, { departAt })).estimate.estimator, 'straight-line');
      assert.equal(counter.get('google', 'quota'), 1);
    } finally {
      await google.close();
    }
  });

  test('a router kind without its URL fails at start-up', () => {
    assert.throws(() => createRouter({ kind: 'osrm' }, { fallback: straightLine }), /OSRM_URL/);
    assert.throws(() => createRouter({ kind: 'valhalla' }, { fallback: straightLine }), /VALHALLA_URL/);
    assert.throws(() => createRouter({ kind: 'google' }, { fallback: straightLine }), /GOOGLE_MAPS_API_KEY/);
  });
});
