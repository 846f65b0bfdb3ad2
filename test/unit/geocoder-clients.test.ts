// The street-level geocoders (Google, US Census, Nominatim) against loopback stubs that speak their
// protocols: what each sends, what it makes of each answer — a match, a positive "not found",
// each documented error — and how it fails when the provider is slow or not there at all.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ProviderError, type ProviderFailureKind } from '../../src/lib/provider-http.ts';
import { CensusGeocoder } from '../../src/modules/locations/geocoders/census.ts';
import { GoogleGeocoder } from '../../src/modules/locations/geocoders/google.ts';
import { NominatimGeocoder } from '../../src/modules/locations/geocoders/nominatim.ts';
import {
  CENSUS_OFFSET,
  closedPortUrl,
  CUSTOMER,
  SERVICE_LOT,
  standardAddress,
  startCensusStub,
  startGoogleStub,
  startNominatimStub,
  type GeoStub,
  type GoogleStub,
} from '../support/geo-stubs.ts';

const SHORT_TIMEOUT_MS = 100;
/**
 * What every other call may take: a loopback answer comes in milliseconds, but a first request on a
 * busy machine (two test files at once, each with its own server) can take longer than the short one.
 */
const ANSWER_TIMEOUT_MS = 5000;

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ProviderError, `expected a ProviderError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

async function failsWith(promise: Promise<unknown>, kind: ProviderFailureKind): Promise<void> {
  assert.equal((await failure(promise)).kind, kind);
}

/** A timeout: the stub answers a second late, the client gives up after 100 ms. */
async function timesOut(stub: GeoStub<string>, call: () => Promise<unknown>): Promise<void> {
  stub.delay(1000);
  const started = performance.now();
  const err = await failure(call());
  assert.equal(err.kind, 'timeout');
  assert.match(err.message, /100 ms/);
  assert.ok(performance.now() - started < 900, 'gave up at its timeout, not when the answer came');
}

describe('Google geocoder', () => {
  let stub: GoogleStub;
  let google: GoogleGeocoder;
  before(async () => {
    stub = await startGoogleStub();
    google = new GoogleGeocoder({ apiKey: stub.apiKey, url: stub.url, timeoutMs: ANSWER_TIMEOUT_MS });
  });
  beforeEach(() => stub.reset());
  after(() => stub.close());

  test('the reference addresses come back with the reference coordinates, place ids and addresses', async () => {
    for (const place of [SERVICE_LOT, CUSTOMER]) {
      const g = await google.geocode(standardAddress(place));
      assert.deepEqual(g, {
        lat: place.lat,
        lon: place.lon,
        timezone: null,
        precision: 'rooftop',
        google_place_id: place.google_place_id,
        full_address: place.full_address,
      });
    }
    const sent = stub.requests.at(-1)!;
    assert.equal(sent.path, '/maps/api/geocode/json');
    assert.equal(sent.query.key, stub.apiKey);
    assert.equal(sent.query.address, '210 S Mulberry St, Richmond, VA 23220');
    assert.equal(sent.query.components, 'country:US');
  });

  test('precision follows location_type', async () => {
    for (const [type, precision] of [
      ['RANGE_INTERPOLATED', 'street'],
      ['GEOMETRIC_CENTER', 'zip'],
      ['APPROXIMATE', 'zip'],
      ['ROOFTOP', 'rooftop'],
    ] as const) {
      stub.locationTypes.set(CUSTOMER.google_place_id, type);
      assert.equal((await google.geocode(standardAddress(CUSTOMER)))?.precision, precision, type);
    }
  });

  test('ZERO_RESULTS, and an address it does not know, are a positive "not found"', async () => {
    assert.equal(await google.geocode({ ...standardAddress(CUSTOMER), address_one: '9 Nowhere Ln' }), null);
    stub.behave('zero_results');
    assert.equal(await google.geocode(standardAddress(SERVICE_LOT)), null);
  });

  test('each error status is a failure of its kind, never "not found"', async () => {
    for (const [behaviour, kind] of [
      ['over_query_limit', 'quota'],
      ['request_denied', 'denied'],
      ['invalid_request', 'rejected'],
      ['unknown_error', 'error'],
      ['http_500', 'error'],
    ] as const) {
      stub.behave(behaviour);
      await failsWith(google.geocode(standardAddress(SERVICE_LOT)), kind);
    }
  });

  test('a wrong key is REQUEST_DENIED, and the error says nothing of the key', async () => {
    const wrong = new GoogleGeocoder({ apiKey: 'not-the-key', url: stub.url });
    const err = await failure(wrong.geocode(standardAddress(SERVICE_LOT)));
    assert.equal(err.kind, 'denied');
    assert.doesNotMatch(err.message, /not-the-key/);
    assert.equal(stub.requests.at(-1)!.query.key, 'not-the-key');
  });

  test('not even a misconfigured URL puts the key in an error message', async () => {
    const err = await failure(new GoogleGeocoder({ apiKey: 'SECRET-KEY', url: 'not a url' }).geocode(standardAddress(SERVICE_LOT)));
    assert.doesNotMatch(err.message, /SECRET-KEY/);
  });

  test('a google_place_id resolves to its address parts and coordinates', async () => {
    const found = await google.geocodePlaceId(SERVICE_LOT.google_place_id);
    assert.deepEqual(found?.address, standardAddress(SERVICE_LOT));
    assert.equal(found?.geocode.lat, SERVICE_LOT.lat);
    assert.equal(found?.geocode.google_place_id, SERVICE_LOT.google_place_id);
    assert.equal(stub.requests.at(-1)!.query.place_id, SERVICE_LOT.google_place_id);
    assert.equal((await google.geocodePlaceId(CUSTOMER.google_place_id))?.address.address_one, '210 S Mulberry St');
  });

  test('a place id Google does not know (NOT_FOUND, INVALID_REQUEST) is null; a failure still throws', async () => {
    assert.equal(await google.geocodePlaceId('ChIJAAAAAAAAAAAAAAAAAAAAAAA'), null);
    assert.equal(await google.geocodePlaceId('not a place id'), null);
    stub.behave('over_query_limit');
    await failsWith(google.geocodePlaceId(SERVICE_LOT.google_place_id), 'quota');
  });

  test('a slow answer times out', () => timesOut(stub, () => new GoogleGeocoder({ apiKey: stub.apiKey, url: stub.url, timeoutMs: SHORT_TIMEOUT_MS }).geocode(standardAddress(SERVICE_LOT))));

  test('a closed port is unreachable', async () => {
    const closed = new GoogleGeocoder({ apiKey: 'k', url: await closedPortUrl(), timeoutMs: SHORT_TIMEOUT_MS });
    await failsWith(closed.geocode(standardAddress(SERVICE_LOT)), 'unreachable');
  });
});

describe('US Census geocoder', () => {
  let stub: Awaited<ReturnType<typeof startCensusStub>>;
  let census: CensusGeocoder;
  before(async () => {
    stub = await startCensusStub();
    census = new CensusGeocoder({ url: stub.url, timeoutMs: ANSWER_TIMEOUT_MS });
  });
  beforeEach(() => stub.reset());
  after(() => stub.close());

  test('a structured address finds its interpolated point, at street precision', async () => {
    const g = await census.geocode(standardAddress(SERVICE_LOT));
    assert.deepEqual(g, {
      lat: SERVICE_LOT.lat + CENSUS_OFFSET.lat,
      lon: SERVICE_LOT.lon + CENSUS_OFFSET.lon,
      timezone: null,
      precision: 'street',
      google_place_id: null,
      full_address: null,
    });
    const sent = stub.requests.at(-1)!;
    assert.equal(sent.path, '/geocoder/locations/address');
    assert.deepEqual(sent.query, {
      street: '11161 Research Plaza Way',
      city: 'Richmond',
      state: 'VA',
      zip: '23236',
      benchmark: 'Public_AR_Current',
      format: 'json',
    });
  });

  test('no addressMatches is "not found"', async () => {
    stub.behave('no_match');
    assert.equal(await census.geocode(standardAddress(CUSTOMER)), null);
  });

  test('a 400 is rejected, a 500 (an HTML page) an error', async () => {
    stub.behave('bad_request');
    await failsWith(census.geocode(standardAddress(CUSTOMER)), 'rejected');
    stub.behave('http_500');
    await failsWith(census.geocode(standardAddress(CUSTOMER)), 'error');
  });

  test('a slow answer times out', () => timesOut(stub, () => new CensusGeocoder({ url: stub.url, timeoutMs: SHORT_TIMEOUT_MS }).geocode(standardAddress(CUSTOMER))));

  test('a closed port is unreachable', async () => {
    const closed = new CensusGeocoder({ url: await closedPortUrl(), timeoutMs: SHORT_TIMEOUT_MS });
    await failsWith(closed.geocode(standardAddress(CUSTOMER)), 'unreachable');
  });
});

describe('Nominatim geocoder', () => {
  let stub: Awaited<ReturnType<typeof startNominatimStub>>;
  let nominatim: NominatimGeocoder;
  before(async () => {
    stub = await startNominatimStub();
    nominatim = new NominatimGeocoder({ url: `${stub.url}/`, userAgent: 'Handoff-test/1.0', timeoutMs: ANSWER_TIMEOUT_MS });
  });
  beforeEach(() => stub.reset());
  after(() => stub.close());

  test('a structured US search finds the house; its string coordinates become numbers', async () => {
    const g = await nominatim.geocode(standardAddress(CUSTOMER));
    assert.equal(g?.precision, 'rooftop');
    assert.ok(Math.abs(g!.lat - CUSTOMER.lat) < 0.0001 && Math.abs(g!.lon - CUSTOMER.lon) < 0.0001);
    const sent = stub.requests.at(-1)!;
    assert.equal(sent.path, '/search');
    assert.deepEqual(sent.query, {
      street: '210 S Mulberry St',
      city: 'Richmond',
      state: 'VA',
      postalcode: '23220',
      countrycodes: 'us',
      format: 'jsonv2',
      limit: '1',
    });
    assert.equal(sent.headers['user-agent'], 'Handoff-test/1.0');
  });

  test('place_rank and addresstype give the precision: a road is street, a postcode is zip', async () => {
    stub.behave('street_only');
    assert.equal((await nominatim.geocode(standardAddress(CUSTOMER)))?.precision, 'street');
    stub.behave('postcode_only');
    assert.equal((await nominatim.geocode(standardAddress(CUSTOMER)))?.precision, 'zip');
  });

  test('an empty list is "not found"; a 400 is rejected, a 500 an error', async () => {
    stub.behave('not_found');
    assert.equal(await nominatim.geocode(standardAddress(CUSTOMER)), null);
    stub.behave('bad_request');
    await failsWith(nominatim.geocode(standardAddress(CUSTOMER)), 'rejected');
    stub.behave('http_500');
    await failsWith(nominatim.geocode(standardAddress(CUSTOMER)), 'error');
  });

  test('a default User-Agent is sent when none is configured', async () => {
    await new NominatimGeocoder({ url: stub.url }).geocode(standardAddress(CUSTOMER));
    assert.match(String(stub.requests.at(-1)!.headers['user-agent']), /^Handoff\//);
  });

  test('a slow answer times out', () => timesOut(stub, () => new NominatimGeocoder({ url: `${stub.url}/`, userAgent: 'Handoff-test/1.0', timeoutMs: SHORT_TIMEOUT_MS }).geocode(standardAddress(CUSTOMER))));

  test('a closed port is unreachable', async () => {
    const closed = new NominatimGeocoder({ url: await closedPortUrl(), timeoutMs: SHORT_TIMEOUT_MS });
    await failsWith(closed.geocode(standardAddress(CUSTOMER)), 'unreachable');
  });
});
