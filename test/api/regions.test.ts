// Service regions (spec §11.1): the ops desk and the CLI create, list, read and change a rooftop's
// regions; every location carries the region it lies in (re-placed when an area changes); bookings
// refuse a leg with both ends outside the regions; and bad areas are refused with every problem at
// its path, nothing written. A scoped ops client sees only its rooftops' regions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../src/cli.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { assertError } from '../support/lifecycle.ts';
import { oneWayRequest } from '../support/requests.ts';

type Doc = Record<string, any>;
type Ring = number[][];
const REGION_KEYS = ['id', 'name', 'timezone', 'area', 'rooftop', 'bbox', 'created_at', 'updated_at'];

const square = (w: number, s: number, e: number, n: number): Ring => [[w, s], [e, s], [e, n], [w, n], [w, s]];
/** Downtown and the West End (ZIPs 23219, 23220, 23230), not the service lot (23236). */
const CITY = square(-77.52, 37.52, -77.4, 37.62);
/** South of the river: the service lot (23236) and Chesterfield (23832). */
const SOUTH = square(-77.62, 37.37, -77.55, 37.5);
const polygon = (...rings: Ring[]) => ({ type: 'Polygon', coordinates: rings });
const swap = (ring: Ring): Ring => ring.map(([x, y]) => [y!, x!]);

const place = (address_one: string, zip: string) => ({ name: 'Somewhere', address_one, city: 'Richmond', state: 'VA', zip });
const PETERSBURG = { name: 'Petersburg', address_one: '1 N Sycamore St', city: 'Petersburg', state: 'VA', zip: '23805' };
const MIDLOTHIAN = { name: 'Midlothian', address_one: '1 Midlothian Tpke', city: 'Midlothian', state: 'VA', zip: '23112' };

for (const engine of engines()) {
  describe(`service regions on ${engine}`, () => {
    let t: TestApp;
    let desk: string;
    let scoped: string;
    let other: number;
    let otherRegion: number;
    let workDir: string;
    before(async () => {
      t = await startTestApp(engine);
      desk = (await t.addClient('ops', 'all')).token;
      scoped = (await t.addClient('ops', [t.rooftopId])).token;
      other = await t.addRooftop({ name: 'Elsewhere Motors', timezone: 'America/Chicago' });
      workDir = mkdtempSync(join(tmpdir(), 'handoff-regions-'));
      const res = await t.request('POST', '/v1/ops/regions', { token: desk, body: { rooftop: other, name: 'Theirs', area: polygon(CITY) } });
      assert.equal(res.statusCode, 201, res.body);
      otherRegion = res.json().id;
    });
    after(async () => {
      rmSync(workDir, { recursive: true, force: true });
      await t.close();
    });

    const regionCount = async () => Number((await t.deps.database.db.selectFrom('regions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const create = async (body: Doc, token = desk) => {
      const res = await t.request('POST', '/v1/ops/regions', { token, body });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as Doc;
    };
    const book = (pickup: Doc, delivery: Doc) => {
      const body = oneWayRequest();
      Object.assign(body.move, { pickup_location: pickup, delivery_location: delivery });
      return t.request('POST', '/v1/one-way-moves', { body });
    };
    const locations = async (query = '') => {
      const res = await t.request('GET', `/v1/locations${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().locations as Doc[];
    };
    const regionByZip = async () => Object.fromEntries((await locations()).map((l) => [l.zip, l.region_id]));

    test('without regions the service radius stands in; a region then places the locations already stored', async () => {
      const far = await book(PETERSBURG, MIDLOTHIAN);
      assert.equal(far.statusCode, 200, `both within ${150} miles of the rooftop: ${far.body}`);
      assert.ok((await locations()).every((l) => l.region_id === null && Object.keys(l).at(-1) === 'region_id'));

      const region = await create({ rooftop: t.rooftopId, name: ' City ', area: polygon(CITY), ignored: true });
      assert.deepEqual(Object.keys(region), REGION_KEYS);
      assert.equal(region.name, 'City');
      assert.equal(region.timezone, 'America/New_York', "the rooftop's time zone by default");
      assert.deepEqual(region.area, polygon(CITY));
      assert.deepEqual(region.bbox, [-77.52, 37.52, -77.4, 37.62]);
      assert.equal(region.rooftop, t.rooftopId);

      const booked = await book(place('11161 Research Plaza Way', '23236'), place('210 S Mulberry St', '23220'));
      assert.equal(booked.statusCode, 200, booked.body);
      assert.deepEqual(Object.keys(booked.json().move.pickup_location).includes('region_id'), false, 'move documents keep the reference keys');
      const zips = await regionByZip();
      assert.deepEqual([zips['23805'], zips['23112'], zips['23236'], zips['23220']], [null, null, null, region.id]);

      // Today's rule, generalized: both ends outside the rooftop's regions, though within its radius.
      assertError(await book(PETERSBURG, MIDLOTHIAN), 400, 'outside_region', [['outside_region', 'move']]);

      const inRegion = await locations(`?region_id=${region.id}`);
      assert.deepEqual(inRegion.map((l) => l.zip), ['23220']);
      const id = inRegion[0]!.location_id;
      assert.equal((await t.request('GET', `/v1/locations/${id}`)).json().region_id, region.id);
      assert.deepEqual(await locations(`?region_id=${otherRegion}`), [], "another rooftop's region: an empty list");
      assertError(await t.request('GET', '/v1/locations?region_id=0'), 400, 'field_invalid', [['field_invalid', 'region_id']]);
    });

    test('a second region: the lowest id holds what both do; an area changed re-places the locations', async () => {
      const city = (await locations(`?region_id=${(await regions(t.rooftopId))[0]!.id}`))[0]!;
      const south = await create({ rooftop: t.rooftopId, name: 'South', timezone: 'us/eastern', area: polygon(SOUTH, square(-77.6, 37.38, -77.58, 37.4)) });
      assert.equal(south.timezone, 'America/New_York', 'the canonical spelling');
      let zips = await regionByZip();
      assert.equal(zips['23236'], south.id, 'the service lot is in the south region');
      assert.equal(zips['23220'], city.region_id);

      // The city region grows over the south one: the lot is in both, the lower id holds it.
      const grown = await t.request('PATCH', `/v1/ops/regions/${city.region_id}`, { token: desk, body: { area: polygon(square(-77.7, 37.3, -77.3, 37.7)) } });
      assert.equal(grown.statusCode, 200, grown.body);
      zips = await regionByZip();
      assert.equal(zips['23236'], city.region_id);
      assert.equal(zips['23112'], city.region_id, 'Midlothian is inside the grown city region');

      const renamed = await t.request('PATCH', `/v1/ops/regions/${south.id}`, { token: scoped, body: { name: 'South side', timezone: 'America/Chicago' } });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.deepEqual([renamed.json().name, renamed.json().timezone], ['South side', 'America/Chicago']);
      assert.deepEqual(renamed.json().area, south.area, 'unchanged');
      assertError(await t.request('PATCH', `/v1/ops/regions/${south.id}`, { token: desk, body: {} }), 400, 'field_missing');

      const shrunk = await t.request('PATCH', `/v1/ops/regions/${city.region_id}`, { token: desk, body: { area: polygon(CITY) } });
      assert.equal(shrunk.statusCode, 200, shrunk.body);
      zips = await regionByZip();
      assert.deepEqual([zips['23236'], zips['23112'], zips['23220']], [south.id, null, city.region_id]);
    });

    const regions = async (rooftop: number, token = desk) => {
      const res = await t.request('GET', `/v1/ops/regions?rooftop=${rooftop}`, { token });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().regions as Doc[];
    };

    test('a Feature or a FeatureCollection of one is stored as its geometry', async () => {
      const rooftop = await t.addRooftop({ name: 'Feature Motors' });
      const feature = { type: 'Feature', properties: { fill: '#f00' }, geometry: { type: 'MultiPolygon', coordinates: [[CITY], [SOUTH]] } };
      const a = await create({ rooftop, name: 'A', area: feature });
      const b = await create({ rooftop, name: 'B', area: { type: 'FeatureCollection', features: [feature] } });
      assert.deepEqual(a.area, feature.geometry);
      assert.deepEqual(b.area, feature.geometry);
      assert.deepEqual((await regions(rooftop)).map((r) => r.id), [a.id, b.id]);
    });

    test('scope: a scoped ops client sees and changes only its rooftops\' regions; dealers none', async () => {
      const mine = await regions(t.rooftopId, scoped);
      assert.ok(mine.length >= 2 && mine.every((r) => r.rooftop === t.rooftopId));
      const all = (await t.request('GET', '/v1/ops/regions', { token: scoped })).json().regions as Doc[];
      assert.deepEqual(all.map((r) => r.id), mine.map((r) => r.id));
      assert.ok((await t.request('GET', '/v1/ops/regions', { token: desk })).json().regions.some((r: Doc) => r.id === otherRegion));

      assertError(await t.request('GET', `/v1/ops/regions/${otherRegion}`, { token: scoped }), 404, 'not_found');
      assertError(await t.request('PATCH', `/v1/ops/regions/${otherRegion}`, { token: scoped, body: { name: 'Mine now' } }), 404, 'not_found');
      assertError(await t.request('GET', '/v1/ops/regions/abc', { token: desk }), 404, 'not_found');
      assertError(await t.request('GET', `/v1/ops/regions?rooftop=${other}`, { token: scoped }), 400, 'field_invalid', [['field_invalid', 'rooftop']]);
      const before = await regionCount();
      assertError(await t.request('POST', '/v1/ops/regions', { token: scoped, body: { rooftop: other, name: 'X', area: polygon(CITY) } }), 400, 'field_invalid', [
        ['field_invalid', 'rooftop'],
      ]);
      assertError(await t.request('POST', '/v1/ops/regions', { body: { rooftop: t.rooftopId, name: 'X', area: polygon(CITY) } }), 403, 'missing_scope');
      assert.equal(await regionCount(), before);
      assert.equal((await t.request('GET', `/v1/ops/regions/${otherRegion}`, { token: desk })).json().name, 'Theirs');
    });

    test('bad regions: the right code at each path, every problem listed, nothing written', async () => {
      const before = { regions: await regionCount(), zips: await regionByZip() };
      const post = (body: Doc) => t.request('POST', '/v1/ops/regions', { token: desk, body });
      const ok = { rooftop: t.rooftopId, name: 'Bad', area: polygon(CITY) };
      const bowtie = [[-77.6, 37.4], [-77.4, 37.6], [-77.4, 37.4], [-77.6, 37.6], [-77.6, 37.4]];

      assertError(await post({ ...ok, area: polygon(bowtie) }), 400, 'field_invalid', [['field_invalid', 'area.coordinates.0']]);
      assertError(await post({ ...ok, area: polygon(CITY.slice(0, 4).concat([[-77.5, 37.52]])) }), 400, 'field_invalid', [['field_invalid', 'area.coordinates.0']]);
      const westCoast = await post({ ...ok, area: polygon(swap(square(-122.5, 37.6, -122.3, 37.8))) });
      assertError(westCoast, 400, 'field_invalid', [['field_invalid', 'area.coordinates.0.0']]);
      assert.match(westCoast.json().message, /looks like \[lat, lon\]/);
      const eastCoast = await post({ ...ok, area: polygon(swap(CITY)) });
      assertError(eastCoast, 400, 'field_invalid', [['field_invalid', 'area']]);
      assert.match(eastCoast.json().message, /looks like \[lat, lon\]/);
      assertError(await post({ ...ok, area: { type: 'Point', coordinates: [-77.4, 37.5] } }), 400, 'field_invalid', [['field_invalid', 'area.type']]);
      const huge = await post({ ...ok, area: { type: 'Feature', properties: { note: 'x'.repeat(1_100_000) }, geometry: polygon(CITY) } });
      assertError(huge, 400, 'field_invalid', [['field_invalid', 'area']]);
      assert.match(huge.json().message, /bytes as JSON; at most 1048576/);
      assertError(await post({ ...ok, area: { type: 'Polygon', coordinates: [[['-77.5', '37.5'], [1, 2], [3, 4], [1, 2]]] } }), 400, 'field_invalid', [
        ['field_invalid', 'area.coordinates.0.0'],
      ]);
      assertError(await post({ rooftop: 999_999, name: '', timezone: 'Mars/Olympus', area: 'somewhere' }), 400, 'field_invalid', [
        ['field_invalid', 'rooftop'],
        ['field_missing', 'name'],
        ['field_invalid', 'timezone'],
        ['field_invalid', 'area'],
      ]);
      assertError(await post({ rooftop: t.rooftopId, name: 'No area' }), 400, 'field_missing', [['field_missing', 'area']]);
      const city = (await regions(t.rooftopId))[0]!;
      assertError(await t.request('PATCH', `/v1/ops/regions/${city.id}`, { token: desk, body: { timezone: 'Nowhere', area: polygon(bowtie) } }), 400, 'field_invalid', [
        ['field_invalid', 'timezone'],
        ['field_invalid', 'area.coordinates.0'],
      ]);
      assertError(await t.request('PATCH', `/v1/ops/regions/${city.id}`, { token: desk, body: { name: null } }), 400, 'field_missing', [['field_missing', 'name']]);

      assert.equal(await regionCount(), before.regions);
      assert.deepEqual(await regionByZip(), before.zips);
      assert.deepEqual((await t.request('GET', `/v1/ops/regions/${city.id}`, { token: desk })).json(), city, 'unchanged');
    });

    test('the CLI adds and lists regions through the same reader and service', async () => {
      const cli = (...argv: string[]) => runCli(argv, { DATABASE_URL: t.scratch.url });
      const rooftop = await t.addRooftop({ name: 'CLI Motors' });
      const file = join(workDir, 'city.geojson');
      writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: polygon(CITY) }] }, null, 2));
      const added = await cli('region', 'add', '--name', 'City', '--geojson', file, '--rooftop', String(rooftop), '--timezone', 'US/Eastern');
      assert.equal(added.exitCode, 0, added.stderr);
      const region = JSON.parse(added.stdout);
      assert.deepEqual(Object.keys(region), REGION_KEYS);
      assert.deepEqual([region.rooftop, region.timezone, region.area], [rooftop, 'America/New_York', polygon(CITY)]);

      const listed = await cli('region', 'list', '--rooftop', String(rooftop));
      assert.equal(listed.exitCode, 0, listed.stderr);
      assert.deepEqual(JSON.parse(listed.stdout).regions.map((r: Doc) => r.id), [region.id]);

      // A problem reads as it does from the API.
      writeFileSync(file, JSON.stringify(polygon(CITY.slice(0, 4).concat([[-77.5, 37.52]]))));
      const bad = await cli('region', 'add', '--name', 'City', '--geojson', file, '--rooftop', String(rooftop));
      assert.equal(bad.exitCode, 1);
      const api = await t.request('POST', '/v1/ops/regions', { token: desk, body: { rooftop, name: 'City', area: JSON.parse(JSON.stringify(polygon(CITY.slice(0, 4).concat([[-77.5, 37.52]])))) } });
      assert.deepEqual(JSON.parse(bad.stderr).problems, api.json().errors);
      const missing = await cli('region', 'add', '--name', 'City', '--geojson', join(workDir, 'nope.json'), '--rooftop', String(rooftop));
      assert.deepEqual(JSON.parse(missing.stderr).problems.map((p: Doc) => p.field), ['geojson']);
      assert.equal((await cli('region', 'add', '--name', 'City', '--rooftop', String(rooftop))).exitCode, 2, 'usage: --geojson is needed');
      assert.deepEqual((await regions(rooftop)).map((r) => r.id), [region.id]);
    });
  });
}
