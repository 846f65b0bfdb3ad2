// The other providers through a real booking, on both engines — the US Census geocoder with
// Valhalla, a self-hosted Nominatim with Google's traffic-aware Routes API — and locations sent as
// a google_place_id (spec §5): found, unknown, with no Google key configured, with Google down.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { floorToMinute, formatInstant } from '../../src/lib/instant.ts';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  CENSUS_OFFSET,
  CUSTOMER,
  type GoogleStub,
  SERVICE_LOT,
  startCensusStub,
  startGoogleStub,
  startNominatimStub,
  startValhallaStub,
} from '../support/geo-stubs.ts';
import { atCentroid, atReferencePlace, bookAs, dealer, warningsAt } from '../support/geo-booking.ts';
import { conciergeLoanerRequest, oneWayRequest, referenceResponse } from '../support/requests.ts';

const PATH = '/v1/concierge-loaner-moves';
const byPlaceId = (name: string, id: string) => ({ name, google_place_id: id });

for (const engine of engines()) {
  describe(`GEOCODER=census and ROUTER=valhalla on ${engine} (no Google key)`, () => {
    let census: Awaited<ReturnType<typeof startCensusStub>>;
    let valhalla: Awaited<ReturnType<typeof startValhallaStub>>;
    let t: TestApp;
    before(async () => {
      [census, valhalla] = await Promise.all([startCensusStub(), startValhallaStub()]);
      t = await startTestApp(engine, { GEOCODER: 'census', ROUTER: 'valhalla', ...census.env(), ...valhalla.env() });
    });
    after(async () => {
      await t.close();
      await Promise.all([census.close(), valhalla.close()]);
    });

    test('street precision from the address ranges, no place ids, the Valhalla drive behind the ready-by', async () => {
      const res = await bookAs(t, (await dealer(t)).token, PATH, conciergeLoanerRequest());
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      const ref = referenceResponse();
      for (const role of ['loaner_move', 'customer_move'] as const) {
        const loc = body[role].pickup_location;
        const want = ref[role].pickup_location;
        assert.deepEqual([loc.lat, loc.lon], [want.lat + CENSUS_OFFSET.lat, want.lon + CENSUS_OFFSET.lon]);
        assert.deepEqual([loc.geocode_precision, loc.google_place_id, loc.full_address], ['street', null, want.full_address]);
      }
      assert.equal(body.loaner_move.duration_minutes, 19.4, '1163.9 s');
      assert.equal(body.ready_by_time_utc, '2026-03-25T13:40:00Z');
      assert.deepEqual(body.warnings, []);
    });

    test('no match in the Census data and no Valhalla path: the ZIP centre and the straight line, with warnings', async () => {
      census.behave('no_match');
      valhalla.behave('no_route');
      try {
        const body = (await bookAs(t, (await dealer(t)).token, PATH, conciergeLoanerRequest())).json();
        atCentroid(body.customer_move.pickup_location);
        assert.match(warningsAt(body, ['customer_move.pickup_location'])[0]!, /^census could not find 210 S Mulberry St/);
        assert.match(warningsAt(body, ['loaner_move.duration_minutes'])[0]!, /\(valhalla\) was unavailable \(it found no road route\)/);
        assert.equal(body.ready_by_time_utc, '2026-03-25T13:37:00Z', 'the offline estimate between the centres');
      } finally {
        census.reset();
        valhalla.reset();
      }
    });

    test('a google_place_id is refused clearly where no Google key is configured', async () => {
      const body = conciergeLoanerRequest();
      body.customer_move.pickup_location = byPlaceId('Harry Stevens', CUSTOMER.google_place_id);
      const res = await bookAs(t, t.token, PATH, body);
      assert.equal(res.statusCode, 400, res.body);
      const problems = res.json().errors;
      assert.deepEqual(problems.map((p: { code: string; field: string }) => [p.code, p.field]), [
        ['field_invalid', 'customer_move.pickup_location.google_place_id'],
      ]);
      assert.match(problems[0].message, /this deployment does not look up Google place ids: send address_one, city, state and zip instead/);
    });
  });

  describe(`GEOCODER=nominatim and ROUTER=google on ${engine}`, () => {
    let nominatim: Awaited<ReturnType<typeof startNominatimStub>>;
    let google: GoogleStub;
    let t: TestApp;
    before(async () => {
      [nominatim, google] = await Promise.all([startNominatimStub(), startGoogleStub()]);
      t = await startTestApp(engine, { GEOCODER: 'nominatim', ROUTER: 'google', ...nominatim.env(), ...google.env() });
      // Google routes for traffic at a departure in its own future: book relative to the real now.
      t.clock.set(Date.now());
    });
    after(async () => {
      await t.close();
      await Promise.all([nominatim.close(), google.close()]);
    });

    test("house precision from OSM, Google's traffic-aware drive asked for the booking's departure", async () => {
      const appointment = floorToMinute(Date.now() + 2 * 86_400_000);
      const request = { ...conciergeLoanerRequest(), appointment_time_utc: formatInstant(appointment) };
      const res = await bookAs(t, (await dealer(t)).token, PATH, request);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      const lot = body.loaner_move.pickup_location;
      const home = body.customer_move.pickup_location;
      assert.deepEqual([lot.geocode_precision, lot.google_place_id], ['rooftop', null]);
      assert.ok(Math.abs(lot.lat - SERVICE_LOT.lat) < 0.001 && Math.abs(home.lon - CUSTOMER.lon) < 0.001);
      assert.equal(body.loaner_move.duration_minutes, 19, '1140 s');
      assert.equal(body.ready_by_time_utc, formatInstant(appointment - 19 * 60_000));

      // Leg 0 leaves a drive before the appointment, reckoned offline (the road drive is what is asked).
      const offline = await t.deps.router.offline(lot, home);
      const asked = google.requests.filter((r) => r.path === '/directions/v2:computeRoutes');
      assert.equal(asked.length, 1, 'one lane, routed once for both legs');
      assert.equal((asked[0]!.body as { departureTime?: string }).departureTime, new Date(Math.round(appointment - offline.durationMinutes * 60_000)).toISOString());
      assert.equal(asked[0]!.headers['x-goog-api-key'], google.apiKey);
    });

    test('a street-level answer is street precision', async () => {
      nominatim.behave('street_only');
      try {
        const body = (await bookAs(t, (await dealer(t)).token, '/v1/one-way-moves', { ...oneWayRequest(), ready_by_time_utc: formatInstant(Date.now() + 86_400_000) })).json();
        assert.equal(body.move.pickup_location.geocode_precision, 'street');
      } finally {
        nominatim.reset();
      }
    });
  });

  describe(`locations sent as a google_place_id on ${engine}`, () => {
    let google: GoogleStub;
    let t: TestApp;
    before(async () => {
      google = await startGoogleStub();
      t = await startTestApp(engine, { GEOCODER: 'google', ...google.env(), GEOCODER_TIMEOUT_MS: '500' });
    });
    after(async () => {
      await t.close();
      await google.close();
    });

    test("a known place id books at Google's place, with Google's address, and is the same location as the address typed", async () => {
      const d = await dealer(t);
      const typed = (await bookAs(t, d.token, PATH, conciergeLoanerRequest())).json();
      const body = conciergeLoanerRequest();
      body.customer_move.pickup_location = byPlaceId('Harry Stevens', CUSTOMER.google_place_id);
      const res = await bookAs(t, d.token, PATH, body);
      assert.equal(res.statusCode, 200, res.body);
      const loc = res.json().customer_move.pickup_location;
      atReferencePlace(loc, referenceResponse().customer_move.pickup_location);
      assert.deepEqual([loc.address_one, loc.city, loc.state, loc.zip, loc.address_two], ['210 S Mulberry St', 'Richmond', 'VA', '23220', null]);
      assert.equal(loc.location_id, typed.customer_move.pickup_location.location_id);
      assert.deepEqual(res.json().warnings, []);
    });

    test('an id Google does not know is google_place_id_invalid, listed with the other problems', async () => {
      const body = conciergeLoanerRequest();
      body.loaner_move.pickup_location = byPlaceId('Lot', 'ChIJ' + 'x'.repeat(30));
      body.customer_move.pickup_location = byPlaceId('Harry Stevens', 'not-a-place');
      const res = await bookAs(t, t.token, PATH, body);
      assert.equal(res.statusCode, 400, res.body);
      const json = res.json();
      assert.equal(json.code, 'google_place_id_invalid');
      assert.match(json.doc_url, /#google_place_id_invalid$/);
      assert.deepEqual(json.errors.map((p: { code: string; field: string }) => [p.code, p.field]), [
        ['google_place_id_invalid', 'loaner_move.pickup_location.google_place_id'],
        ['google_place_id_invalid', 'customer_move.pickup_location.google_place_id'],
      ]);
      const docs = await t.request('GET', '/docs/errors', { token: null });
      assert.ok(docs.body.includes('id="google_place_id_invalid"'));
    });

    test('the same place twice, once by id and once typed, is address_invalid', async () => {
      const body = conciergeLoanerRequest();
      body.customer_move.pickup_location = byPlaceId('Lot again', SERVICE_LOT.google_place_id);
      const res = await bookAs(t, t.token, PATH, body);
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(res.json().errors.map((p: { code: string }) => p.code), ['address_invalid']);
    });

    test('Google down: an id alone cannot be placed (address_invalid); an id sent with its address books from the address', async () => {
      google.behave('unknown_error');
      try {
        const alone = conciergeLoanerRequest();
        alone.customer_move.pickup_location = byPlaceId('Harry Stevens', CUSTOMER.google_place_id);
        const refused = await bookAs(t, t.token, PATH, alone);
        assert.equal(refused.statusCode, 400, refused.body);
        assert.deepEqual(refused.json().errors.map((p: { code: string; field: string }) => [p.code, p.field]), [
          ['address_invalid', 'customer_move.pickup_location.google_place_id'],
        ]);
        assert.match(refused.json().message, /could not be looked up now .*send the address instead/);

        const withParts = conciergeLoanerRequest();
        withParts.customer_move.pickup_location.google_place_id = CUSTOMER.google_place_id;
        const res = await bookAs(t, (await dealer(t)).token, PATH, withParts);
        assert.equal(res.statusCode, 200, res.body);
        atCentroid(res.json().customer_move.pickup_location);
        assert.deepEqual(res.json().warnings.map((w: { field: string }) => w.field), [
          'loaner_move.pickup_location',
          'customer_move.pickup_location.google_place_id',
          'customer_move.pickup_location',
        ]);
      } finally {
        google.reset();
      }
    });
  });
}
