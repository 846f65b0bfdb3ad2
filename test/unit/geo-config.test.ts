// GEOCODER / ROUTER and their settings (issue 12): the offline defaults, what each provider needs,
// and the problems a half-configured provider is — listed with the others, never echoing the key.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { configProblems } from '../support/config-problems.ts';

const problemsOf = configProblems;

describe('geocoding and routing configuration', () => {
  test('defaults: the offline ZIP centroid and straight-line estimate, 3 s timeouts, the public Google and Census URLs', () => {
    const c = loadConfig({});
    assert.deepEqual(c.geocoder, {
      kind: 'zip',
      timeoutMs: 3000,
      googleApiKey: undefined,
      googleUrl: 'https://maps.googleapis.com',
      censusUrl: 'https://geocoding.geo.census.gov',
      censusBenchmark: 'Public_AR_Current',
      nominatimUrl: undefined,
      nominatimUserAgent: undefined,
    });
    assert.deepEqual(c.router, {
      kind: 'straight-line',
      timeoutMs: 3000,
      osrmUrl: undefined,
      osrmProfile: 'driving',
      googleApiKey: undefined,
      googleRoutesUrl: 'https://routes.googleapis.com',
      valhallaUrl: undefined,
    });
  });

  test('each provider with what it needs', () => {
    const c = loadConfig({
      GEOCODER: 'google',
      GOOGLE_MAPS_API_KEY: 'k-123',
      GOOGLE_MAPS_API_URL: 'http://127.0.0.1:9/',
      GEOCODER_TIMEOUT_MS: '500',
      ROUTER: 'osrm',
      OSRM_URL: 'http://osrm.internal:5000',
      OSRM_PROFILE: 'car',
      ROUTER_TIMEOUT_MS: '750',
    });
    assert.equal(c.geocoder.kind, 'google');
    assert.equal(c.geocoder.googleApiKey, 'k-123');
    assert.equal(c.geocoder.googleUrl, 'http://127.0.0.1:9', 'no trailing slash');
    assert.equal(c.geocoder.timeoutMs, 500);
    assert.deepEqual([c.router.kind, c.router.osrmUrl, c.router.osrmProfile, c.router.timeoutMs], ['osrm', 'http://osrm.internal:5000', 'car', 750]);
    assert.equal(c.router.googleApiKey, 'k-123', 'one key for both Google APIs');
    assert.equal(loadConfig({ GEOCODER: 'census' }).geocoder.kind, 'census', 'the Census geocoder needs no key');
    assert.equal(loadConfig({ GEOCODER: 'nominatim', NOMINATIM_URL: 'http://n:8080' }).geocoder.nominatimUrl, 'http://n:8080');
    assert.equal(loadConfig({ ROUTER: 'valhalla', VALHALLA_URL: 'http://v:8002' }).router.valhallaUrl, 'http://v:8002');
    assert.equal(loadConfig({ ROUTER: 'google', GOOGLE_MAPS_API_KEY: 'k' }).router.kind, 'google');
  });

  test('a provider chosen without its key or server is a start-up problem, listed with the others', () => {
    assert.deepEqual(
      problemsOf({ GEOCODER: 'google', ROUTER: 'osrm', PORT: 'x' }).map((p) => p.split(' ')[0]),
      ['PORT', 'GEOCODER=google', 'ROUTER=osrm'],
    );
    assert.deepEqual(problemsOf({ GEOCODER: 'nominatim', ROUTER: 'valhalla' }), [
      'GEOCODER=nominatim needs NOMINATIM_URL (your own Nominatim server)',
      'ROUTER=valhalla needs VALHALLA_URL',
    ]);
    assert.deepEqual(problemsOf({ ROUTER: 'google' }), ['ROUTER=google needs GOOGLE_MAPS_API_KEY']);
  });

  test('refuses unknown kinds, bad URLs, timeouts and profiles', () => {
    const problems = problemsOf({
      GEOCODER: 'bing',
      ROUTER: 'teleport',
      GEOCODER_TIMEOUT_MS: '0',
      ROUTER_TIMEOUT_MS: 'soon',
      OSRM_URL: 'osrm:5000',
      NOMINATIM_URL: 'ftp://n',
      GOOGLE_ROUTES_API_URL: 'nope',
      OSRM_PROFILE: '../admin',
    });
    assert.deepEqual(problems.map((p) => p.split(' ')[0]).sort(), [
      'GEOCODER',
      'GEOCODER_TIMEOUT_MS',
      'GOOGLE_ROUTES_API_URL',
      'NOMINATIM_URL',
      'OSRM_PROFILE',
      'OSRM_URL',
      'ROUTER',
      'ROUTER_TIMEOUT_MS',
    ]);
  });

  test('the Google key never appears in a problem', () => {
    const key = 'AIzaSy-very-secret-key';
    const problems = problemsOf({ GEOCODER: 'nominatim', GOOGLE_MAPS_API_KEY: key, GOOGLE_MAPS_API_URL: "not a url", ROUTER: "google" });
    assert.equal(problems.length, 2);
    for (const p of problems) assert.ok(!p.includes('very-secret'), p);
  });
});
