// POST /v1/confirm-move-eligibility (spec §11.1): each end by coordinates or by address (geocoded
// like a booking's), set against the rooftop's regions — or its service radius without any — and
// the drive measured; a drive over the longest is outside_region; bad input is refused with the §4
// code at its path; nothing is ever written.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bandedMinutes } from '../../src/modules/lanes/route-estimator.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { assertError } from '../support/lifecycle.ts';

type Doc = Record<string, any>;
const ANSWER_KEYS = ['eligible', 'pickup_location', 'delivery_location', 'drive_miles', 'duration_minutes'];

const LOT = { latitude: 37.4782, longitude: -77.5854 };
const MULBERRY = { name: 'Customer', address_one: '210 S Mulberry St', city: 'Richmond', state: 'VA', zip: '23220' };
const PETERSBURG = { latitude: 37.1819, longitude: -77.3854 };
const FREDERICKSBURG = { latitude: 38.2995, longitude: -77.4772 };
const square = (w: number, s: number, e: number, n: number) => [[w, s], [e, s], [e, n], [w, n], [w, s]];

for (const engine of engines()) {
  describe(`POST /v1/confirm-move-eligibility on ${engine}`, () => {
    let t: TestApp;
    let zoned: { rooftop: number; token: string; region: number };
    let admin: string;
    before(async () => {
      t = await startTestApp(engine);
      const rooftop = await t.addRooftop({ name: 'Zoned Motors' });
      const desk = (await t.addClient('ops', 'all')).token;
      const res = await t.request('POST', '/v1/ops/regions', {
        token: desk,
        body: { rooftop, name: 'South', area: { type: 'Polygon', coordinates: [square(-77.7, 37.35, -77.5, 37.5)] } },
      });
      assert.equal(res.statusCode, 201, res.body);
      zoned = { rooftop, token: (await t.addClient('dealer', [rooftop])).token, region: res.json().id };
      admin = (await t.addClient('dealer_admin', [t.rooftopId, rooftop])).token;
    });
    after(() => t.close());

    const ask = (body: Doc, token = t.token, headers: Record<string, string> = {}) =>
      t.request('POST', '/v1/confirm-move-eligibility', { token, body, headers });
    const answer = async (body: Doc, token = t.token) => {
      const res = await ask(body, token);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(Object.keys(res.json()), ANSWER_KEYS);
      return res.json() as Doc;
    };
    const written = async () => [await t.count('locations'), await t.count('lanes'), await t.count('moves')];

    test('without regions: the service radius; the drive from the router', async () => {
      const before = await written();
      const got = await answer({ pickup_location: LOT, delivery_location: PETERSBURG });
      const drive = await t.deps.router.estimate({ lat: LOT.latitude, lon: LOT.longitude }, { lat: PETERSBURG.latitude, lon: PETERSBURG.longitude });
      assert.deepEqual(got, {
        eligible: true,
        pickup_location: { eligible: true, region_id: null },
        delivery_location: { eligible: true, region_id: null },
        drive_miles: drive.distanceMiles,
        duration_minutes: drive.durationMinutes,
      });
      const addressed = await answer({ pickup_location: { ...MULBERRY, zip: 23220 }, delivery_location: { full_address: '5000 W Broad St, Richmond, VA 23230, USA' } });
      assert.equal(addressed.eligible, true);
      assert.ok(addressed.drive_miles > 0 && addressed.duration_minutes > 0);
      assert.deepEqual(await written(), before, 'nothing is stored, not even the addresses asked about');
    });

    test('with regions: each end in or out, eligible when one is in; drive_miles as sent', async () => {
      const inside = { latitude: 37.42, longitude: -77.6 };
      const one = await answer({ pickup_location: inside, delivery_location: FREDERICKSBURG, drive_miles: 60 }, zoned.token);
      assert.deepEqual(one, {
        eligible: true,
        pickup_location: { eligible: true, region_id: zoned.region },
        delivery_location: { eligible: false, region_id: null },
        drive_miles: 60,
        duration_minutes: Math.round(bandedMinutes(60, t.deps.config.routing.speedBands) * 10) / 10,
      });
      const none = await answer({ pickup_location: PETERSBURG, delivery_location: MULBERRY, rooftop: zoned.rooftop }, admin);
      assert.equal(none.eligible, false, 'within the radius, but outside the regions');
      assert.deepEqual([none.pickup_location, none.delivery_location], [{ eligible: false, region_id: null }, { eligible: false, region_id: null }]);
      assertError(await ask({ pickup_location: LOT, delivery_location: PETERSBURG }, admin), 400, 'field_missing', [['field_missing', 'rooftop']]);
    });

    test('a drive longer than the longest: outside_region', async () => {
      const max = t.deps.config.routing.maxDriveMiles;
      assertError(await ask({ pickup_location: LOT, delivery_location: PETERSBURG, drive_miles: max + 1 }), 400, 'outside_region', [['outside_region', 'drive_miles']]);
      assert.equal((await ask({ pickup_location: LOT, delivery_location: PETERSBURG, drive_miles: max })).statusCode, 200);
      const losAngeles = { latitude: 34.05, longitude: -118.24 };
      assertError(await ask({ pickup_location: LOT, delivery_location: losAngeles }), 400, 'outside_region');
    });

    test('bad input: the right code at each path, every problem listed', async () => {
      const before = await written();
      assertError(await ask({ pickup_location: { latitude: 91, longitude: -77.5 }, delivery_location: { latitude: 0, longitude: 0 }, drive_miles: -1 }), 400, 'field_invalid', [
        ['field_invalid', 'pickup_location.latitude'],
        ['field_invalid', 'delivery_location.latitude'],
        ['field_invalid', 'drive_miles'],
      ]);
      assertError(await ask({ pickup_location: { latitude: '37.5', longitude: -181 }, delivery_location: { longitude: -77.4 }, drive_miles: '12' }), 400, 'field_invalid', [
        ['field_invalid', 'pickup_location.latitude'],
        ['field_invalid', 'pickup_location.longitude'],
        ['field_missing', 'delivery_location.latitude'],
        ['field_invalid', 'drive_miles'],
      ]);
      assertError(await ask({ pickup_location: { ...MULBERRY, zip: '00000' }, delivery_location: { ...MULBERRY, state: 'NC' } }), 400, 'address_invalid', [
        ['address_invalid', 'pickup_location.zip'],
        ['address_invalid', 'delivery_location.zip'],
      ]);
      const unreadable = await ask({ pickup_location: { full_address: 'somewhere near the river' }, delivery_location: { name: 'Nowhere' } });
      assertError(unreadable, 400, 'address_invalid', [
        ['address_invalid', 'pickup_location.full_address'],
        ['field_missing', 'delivery_location.latitude'],
      ]);
      assert.match(unreadable.json().errors[0].message, /no ZIP code/);
      assertError(await ask({ pickup_location: { address_one: '1 Main St' }, delivery_location: 'Richmond' }), 400, 'field_missing', [
        ['field_missing', 'pickup_location.city'],
        ['field_missing', 'pickup_location.state'],
        ['field_missing', 'pickup_location.zip'],
        ['field_invalid', 'delivery_location'],
      ]);
      assertError(await ask({}), 400, 'field_missing', [['field_missing', 'pickup_location'], ['field_missing', 'delivery_location']]);
      assertError(await ask({ pickup_location: LOT, delivery_location: PETERSBURG }, (await t.addClient('ops', [t.rooftopId])).token), 403, 'missing_scope');
      assert.deepEqual(await written(), before);
    });

    test('an Idempotency-Key is honoured like on any POST', async () => {
      const body = { pickup_location: LOT, delivery_location: PETERSBURG };
      const first = await ask(body, t.token, { 'idempotency-key': 'eligibility-1' });
      const again = await ask(body, t.token, { 'idempotency-key': 'eligibility-1' });
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.body, first.body);
    });
  });
}
