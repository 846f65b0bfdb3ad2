// Regions' geometry (spec §11.1): reading a GeoJSON area with every problem at its path, and
// placing points among a rooftop's regions (lowest id wins, holes excluded, radius without regions).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Problems } from '../../src/lib/validation.ts';
import { AREA_LIMITS, positionProblem, readAreaGeometry } from '../../src/modules/scheduling/regions/area-request.ts';
import { areaBbox, looksSwapped, type Ring, regionContaining, type RegionShape } from '../../src/modules/scheduling/regions/region-geometry.ts';
import { serviceArea } from '../../src/modules/scheduling/regions/service-area.ts';

type Json = Record<string, any>;

/** A closed square ring of corners [west, south] .. [east, north]. */
const square = (w: number, s: number, e: number, n: number): Ring => [[w, s], [e, s], [e, n], [w, n], [w, s]];
const RICHMOND = square(-77.7, 37.3, -77.3, 37.7);
const polygon = (...rings: Ring[]): Json => ({ type: 'Polygon', coordinates: rings });

function read(value: unknown) {
  const problems = new Problems();
  const geometry = readAreaGeometry(value, 'area', problems);
  return { geometry, problems: problems.list.map((p) => [p.code, p.field, p.message] as const) };
}
const fieldsOf = (value: unknown) => read(value).problems.map(([code, field]) => [code, field]);

describe('readAreaGeometry', () => {
  test('a Polygon and a MultiPolygon are taken as they are (altitudes dropped)', () => {
    assert.deepEqual(read(polygon(RICHMOND)), { geometry: { type: 'Polygon', coordinates: [RICHMOND] }, problems: [] });
    const withAltitude = RICHMOND.map(([x, y]) => [x, y, 12]);
    assert.deepEqual(read(polygon(withAltitude as Ring)).geometry, { type: 'Polygon', coordinates: [RICHMOND] });
    const multi = { type: 'MultiPolygon', coordinates: [[RICHMOND], [square(-76.5, 36.8, -76.2, 37.0)]] };
    assert.deepEqual(read(multi), { geometry: multi, problems: [] });
  });

  test('a Feature or a FeatureCollection of one gives its geometry; other members are dropped', () => {
    const feature = { type: 'Feature', properties: { name: 'x' }, geometry: { ...polygon(RICHMOND), bbox: [1, 2, 3, 4] } };
    assert.deepEqual(read(feature).geometry, { type: 'Polygon', coordinates: [RICHMOND] });
    assert.deepEqual(read({ type: 'FeatureCollection', features: [feature] }).geometry, { type: 'Polygon', coordinates: [RICHMOND] });
    assert.deepEqual(fieldsOf({ type: 'FeatureCollection', features: [feature, feature] }), [['field_invalid', 'area.features']]);
    assert.deepEqual(fieldsOf({ type: 'FeatureCollection', features: [polygon(RICHMOND)] }), [['field_invalid', 'area.features.0']]);
    assert.deepEqual(fieldsOf({ type: 'Feature', geometry: null }), [['field_missing', 'area.geometry']]);
    assert.deepEqual(fieldsOf({ type: 'Feature', geometry: { type: 'Point', coordinates: [-77.4, 37.5] } }), [['field_invalid', 'area.geometry.type']]);
  });

  test('not a polygonal object: the type is named', () => {
    assert.deepEqual(fieldsOf('a polygon'), [['field_invalid', 'area']]);
    assert.deepEqual(fieldsOf([RICHMOND]), [['field_invalid', 'area']]);
    assert.deepEqual(fieldsOf({ coordinates: [RICHMOND] }), [['field_missing', 'area.type']]);
    const point = read({ type: 'Point', coordinates: [-77.4, 37.5] });
    assert.deepEqual(point.problems.map(([c, f]) => [c, f]), [['field_invalid', 'area.type']]);
    assert.match(point.problems[0]![2], /"Point".*Polygon or MultiPolygon/);
    assert.deepEqual(fieldsOf({ type: 'LineString', coordinates: RICHMOND }), [['field_invalid', 'area.type']]);
    assert.deepEqual(fieldsOf({ type: 'Polygon' }), [['field_missing', 'area.coordinates']]);
    assert.deepEqual(fieldsOf({ type: 'Polygon', coordinates: [] }), [['field_invalid', 'area.coordinates']]);
    assert.deepEqual(fieldsOf({ type: 'MultiPolygon', coordinates: [RICHMOND] }), [
      ['field_invalid', 'area.coordinates.0.0'],
      ['field_invalid', 'area.coordinates.0.1'],
      ['field_invalid', 'area.coordinates.0.2'],
      ['field_invalid', 'area.coordinates.0.3'],
      ['field_invalid', 'area.coordinates.0.4'],
    ]);
  });

  test('rings: closed, at least 4 positions, [lon, lat] numbers — each ring reported at its path', () => {
    const unclosed = RICHMOND.slice(0, 4).concat([[-77.6, 37.3]]);
    const r = read(polygon(unclosed, [[1, 2], [3, 4], [1, 2]]));
    assert.deepEqual(r.problems.map(([c, f]) => [c, f]), [['field_invalid', 'area.coordinates.0'], ['field_invalid', 'area.coordinates.1']]);
    assert.match(r.problems[0]![2], /not closed/);
    assert.match(r.problems[1]![2], /has 3 positions; a ring needs at least 4/);
    const strings = read(polygon(RICHMOND.map(([x, y], i) => (i === 2 ? [String(x), String(y)] : [x, y])) as Ring));
    assert.deepEqual(strings.problems.map(([c, f]) => [c, f]), [['field_invalid', 'area.coordinates.0.2']]);
  });

  test('a latitude out of range that fits as a longitude: "looks like [lat, lon]"', () => {
    const lalo = square(-122.5, 37.6, -122.3, 37.8).map(([x, y]) => [y, x]) as Ring;
    const r = read(polygon(lalo));
    assert.deepEqual(r.problems.map(([c, f]) => [c, f]), [['field_invalid', 'area.coordinates.0.0']]);
    assert.match(r.problems[0]![2], /latitude -122\.5 is outside -90\.\.90: this looks like \[lat, lon\].*\(and 4 more positions of this ring\)/);
    assert.equal(positionProblem([200, 95]), 'latitude 95 is outside -90..90');
    assert.equal(positionProblem([-181, 10]), 'longitude -181 is outside -180..180');
    assert.equal(positionProblem([1, 2, 3, 4]), 'a position must be [longitude, latitude] (numbers; an altitude may follow)');
    assert.equal(positionProblem([1, Number.NaN]), 'a position must be [longitude, latitude] (numbers; an altitude may follow)');
  });

  test('a ring crossing itself is refused where it crosses', () => {
    const bowtie: Ring = [[-77.6, 37.4], [-77.4, 37.6], [-77.4, 37.4], [-77.6, 37.6], [-77.6, 37.4]];
    const r = read({ type: 'MultiPolygon', coordinates: [[RICHMOND], [bowtie]] });
    assert.deepEqual(r.problems.map(([c, f]) => [c, f]), [['field_invalid', 'area.coordinates.1.0']]);
    assert.match(r.problems[0]![2], /crosses itself at \[-77\.5, 37\.5\]/);
  });

  test('holes: inside the outer ring is fine; crossing it or outside it is refused', () => {
    const hole = square(-77.5, 37.45, -77.45, 37.5);
    assert.deepEqual(read(polygon(RICHMOND, hole)).problems, []);
    assert.deepEqual(fieldsOf(polygon(RICHMOND, square(-77.35, 37.5, -77.2, 37.55))), [['field_invalid', 'area.coordinates.1']]);
    assert.deepEqual(fieldsOf(polygon(RICHMOND, hole, square(-76, 37, -75.9, 37.1))), [['field_invalid', 'area.coordinates.2']]);
  });

  test('size, positions and nesting limits, measured before the coordinates are walked', () => {
    const ring: number[][] = [];
    const n = AREA_LIMITS.positions;
    for (let i = 0; i < n; i++) ring.push([-77.5 + 0.2 * Math.cos((2 * Math.PI * i) / n), 37.5 + 0.2 * Math.sin((2 * Math.PI * i) / n)]);
    ring.push(ring[0]!);
    const many = read(polygon(ring as Ring));
    assert.deepEqual(many.problems.map(([c, f]) => [c, f]), [['field_invalid', 'area.coordinates']]);
    assert.match(many.problems[0]![2], /has 10001 positions; at most 10000/);

    const padded = { ...polygon(RICHMOND), properties: { note: 'x'.repeat(AREA_LIMITS.bytes) } };
    const big = read(padded);
    assert.deepEqual(big.problems.map(([c, f]) => [c, f]), [['field_invalid', 'area']]);
    assert.match(big.problems[0]![2], /bytes as JSON; at most 1048576/);

    let deep: unknown = [0];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const nested = read({ type: 'Polygon', coordinates: deep });
    assert.equal(nested.problems.length, 1);
    assert.equal(nested.problems[0]![1], 'area');
  });

  test('at most AREA_LIMITS.problems are listed, then how many more', () => {
    const rings = Array.from({ length: AREA_LIMITS.problems + 5 }, () => [[0, 0], [1, 1], [0, 0]] as Ring);
    const r = read(polygon(...rings));
    assert.equal(r.problems.length, AREA_LIMITS.problems + 1);
    assert.match(r.problems.at(-1)![2], /^area: 5 more problems/);
  });
});

describe('placing points among regions', () => {
  const shape = (id: number, ...rings: Ring[]): RegionShape => {
    const geometry = { type: 'Polygon' as const, coordinates: rings };
    return { id, geometry, bbox: areaBbox(geometry) };
  };
  const west = shape(7, square(-77.7, 37.3, -77.4, 37.7));
  const overlapping = shape(3, square(-77.5, 37.3, -77.2, 37.7), square(-77.45, 37.45, -77.42, 37.5));

  test('the region holding the point, the lowest id when several do; holes are outside', () => {
    assert.equal(regionContaining([west, overlapping], { lat: 37.5, lon: -77.6 }), 7);
    assert.equal(regionContaining([west, overlapping], { lat: 37.6, lon: -77.45 }), 3, 'in both: the lowest id');
    assert.equal(regionContaining([west, overlapping], { lat: 37.47, lon: -77.43 }), 7, "in region 3's hole, still in 7");
    assert.equal(regionContaining([overlapping], { lat: 37.47, lon: -77.43 }), null);
    assert.equal(regionContaining([west, overlapping], { lat: 38.5, lon: -77.5 }), null);
    assert.equal(regionContaining([west], { lat: 37.3, lon: -77.5 }), 7, 'the boundary is inside');
  });

  test('serviceArea: regions when there are any, else the radius around the rooftop', () => {
    const rooftop = { lat: 37.4782, lon: -77.5854 };
    const radius = serviceArea([], rooftop, 50);
    assert.equal(radius.serves({ lat: 37.54, lon: -77.44 }), true);
    assert.equal(radius.serves({ lat: 38.9, lon: -77.03 }), false, 'Washington DC is ~100 miles away');
    assert.equal(radius.regionOf({ lat: 37.54, lon: -77.44 }), null);
    const regions = serviceArea([overlapping, west], rooftop, 50);
    assert.equal(regions.serves({ lat: 37.5, lon: -77.25 }), true);
    assert.equal(regions.regionOf({ lat: 37.5, lon: -77.25 }), 3);
    assert.equal(regions.serves({ lat: 37.8, lon: -77.5 }), false, 'within the radius, but outside every region');
  });

  test('looksSwapped: far as sent, near with each position swapped', () => {
    const rooftop = { lat: 37.4782, lon: -77.5854 };
    const asLatLon = areaBbox({ type: 'Polygon', coordinates: [RICHMOND.map(([x, y]) => [y, x]) as Ring] });
    assert.equal(looksSwapped(asLatLon, rooftop, 250), true);
    assert.equal(looksSwapped(areaBbox({ type: 'Polygon', coordinates: [RICHMOND] }), rooftop, 250), false);
    assert.equal(looksSwapped([10, 10, 11, 11], rooftop, 250), false, 'far either way: not a swap');
  });
});
