// Reading a region's `area` (spec §11.1): a GeoJSON Polygon or MultiPolygon geometry, or a Feature
// or a FeatureCollection of exactly one such feature (its geometry is what is kept). Every problem
// is reported at its dotted path (`area.coordinates.0.3`), as everywhere in the API. The size is
// measured before anything walks the coordinates, and the self-intersection test (quadratic in a
// ring's positions) runs only on areas within the position limit.
import kinks from '@turf/kinks';
import { lineString, multiLineString } from '@turf/helpers';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { isPlainObject, type Problems } from '../../../lib/validation.ts';
import type { AreaGeometry, Position, Ring } from './region-geometry.ts';

export const AREA_LIMITS = {
  /** The area as JSON, in bytes (1 MiB). */
  bytes: 1_048_576,
  /** Positions over all rings: the self-intersection test takes ~0.5 s at 10,000. */
  positions: 10_000,
  /** Problems listed for one area; past it the last problem says how many more there were. */
  problems: 50,
} as const;

const WRAPPERS = ['Feature', 'FeatureCollection'] as const;
export const AREA_TYPES = ['Polygon', 'MultiPolygon', ...WRAPPERS] as const;
const quoted = AREA_TYPES.map((t) => `"${t}"`).join(', ');
const SHAPE = 'a GeoJSON Polygon or MultiPolygon geometry, or a Feature or FeatureCollection of exactly one';

/** Records a problem; returns undefined, so a reader can `return report(…)` as its failed result. */
type Report = (field: string, message: string, code?: 'field_invalid' | 'field_missing') => undefined;

/** The area's geometry, or undefined with its problems added to `problems`. */
export function readAreaGeometry(value: unknown, path: string, problems: Problems): AreaGeometry | undefined {
  let told = 0;
  let untold = 0;
  const report: Report = (field, message, code = 'field_invalid') => {
    if (told++ < AREA_LIMITS.problems) problems.add(code, field, message);
    else untold++;
    return undefined;
  };
  const geometry = readChecked(value, path, report);
  if (untold > 0) problems.add('field_invalid', path, `${path}: ${untold} more problems like the above are not listed`);
  return told === 0 ? geometry : undefined;
}

function readChecked(value: unknown, path: string, report: Report): AreaGeometry | undefined {
  if (!isPlainObject(value)) return report(path, `${path} must be ${SHAPE}`);
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch (e) {
    if (e instanceof RangeError) return report(path, `${path} is nested too deeply to be GeoJSON`);
    throw e;
  }
  const bytes = Buffer.byteLength(json);
  if (bytes > AREA_LIMITS.bytes) {
    return report(path, `${path} is ${bytes} bytes as JSON; at most ${AREA_LIMITS.bytes} (1 MiB): simplify it`);
  }
  const found = unwrap(value, path, report, true);
  if (!found) return undefined;
  const at = `${found.path}.coordinates`;
  const single = found.type === 'Polygon';
  const read = single ? readPolygon(found.coordinates, at, report) : readMultiPolygon(found.coordinates, at, report);
  if (!read) return undefined;
  const polygons = single ? [read as Ring[]] : (read as Ring[][]);
  const positions = polygons.reduce((n, rings) => n + rings.reduce((m, ring) => m + ring.length, 0), 0);
  if (positions > AREA_LIMITS.positions) {
    return report(at, `${at} has ${positions} positions; at most ${AREA_LIMITS.positions}: simplify the area`);
  }
  // Every polygon is checked, so each crossing is listed.
  const simple = polygons.map((rings, p) => checkCrossings(rings, single ? at : `${at}.${p}`, report));
  if (!simple.every(Boolean)) return undefined;
  return single ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
}

interface Unwrapped {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown;
  /** The path of the geometry object itself. */
  path: string;
}

/** The polygonal geometry inside a Feature or a one-feature FeatureCollection, or the geometry itself. */
function unwrap(value: Record<string, unknown>, path: string, report: Report, collectionAllowed: boolean): Unwrapped | undefined {
  const type = value.type;
  const typePath = `${path}.type`;
  if (type === undefined || type === null || type === '') return report(typePath, `${typePath} is required: one of ${quoted}`, 'field_missing');
  if (type === 'Polygon' || type === 'MultiPolygon') {
    if (value.coordinates === undefined || value.coordinates === null) return report(`${path}.coordinates`, `${path}.coordinates is required`, 'field_missing');
    return { type, coordinates: value.coordinates, path };
  }
  if (type === 'Feature') {
    const geometry = value.geometry;
    const at = `${path}.geometry`;
    if (geometry === undefined || geometry === null) return report(at, `${at} is required: the Feature's Polygon or MultiPolygon`, 'field_missing');
    if (!isPlainObject(geometry)) return report(at, `${at} must be a GeoJSON Polygon or MultiPolygon geometry`);
    if (geometry.type === 'Feature' || geometry.type === 'FeatureCollection') return report(`${at}.type`, `${at}.type must be "Polygon" or "MultiPolygon"`);
    return unwrap(geometry, at, report, false);
  }
  if (type === 'FeatureCollection' && collectionAllowed) {
    const features = value.features;
    const at = `${path}.features`;
    if (!Array.isArray(features)) return report(at, `${at} must be an array holding exactly one Feature`);
    if (features.length !== 1) {
      return report(at, `${at} must hold exactly one Feature; it holds ${features.length} (make one MultiPolygon of several areas, or one region each)`);
    }
    const feature = features[0];
    if (!isPlainObject(feature) || feature.type !== 'Feature') return report(`${at}.0`, `${at}.0 must be a GeoJSON Feature`);
    return unwrap(feature, `${at}.0`, report, false);
  }
  const shown = typeof type === 'string' ? `"${type.slice(0, 40)}"` : JSON.stringify(type)?.slice(0, 40);
  return report(typePath, `${typePath} is ${shown}: an area must be ${SHAPE} (${quoted})`);
}

function readMultiPolygon(value: unknown, path: string, report: Report): Ring[][] | undefined {
  if (!Array.isArray(value) || value.length === 0) return report(path, `${path} must be a non-empty array of polygons (each an array of rings)`);
  const polygons = value.map((polygon, p) => readPolygon(polygon, `${path}.${p}`, report));
  return polygons.every((p) => p !== undefined) ? (polygons as Ring[][]) : undefined;
}

function readPolygon(value: unknown, path: string, report: Report): Ring[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    return report(path, `${path} must be a non-empty array of linear rings (the outer ring, then any holes), each an array of [longitude, latitude] positions`);
  }
  const rings = value.map((ring, i) => readRing(ring, `${path}.${i}`, report));
  return rings.every((r) => r !== undefined) ? (rings as Ring[]) : undefined;
}

/** A closed ring of at least 4 valid positions (altitudes dropped). Crossings are checked later. */
function readRing(value: unknown, path: string, report: Report): Ring | undefined {
  if (!Array.isArray(value)) return report(path, `${path} must be an array of [longitude, latitude] positions`);
  if (value.length < 4) {
    return report(path, `${path} has ${value.length} positions; a ring needs at least 4 (three corners and the first again to close it)`);
  }
  const bad = value.map((p, j) => [j, positionProblem(p)] as const).filter(([, problem]) => problem !== null);
  if (bad.length) {
    const [j, problem] = bad[0]!;
    const more = bad.length > 1 ? ` (and ${bad.length - 1} more positions of this ring)` : '';
    return report(`${path}.${j}`, `${path}.${j}: ${problem}${more}`);
  }
  const ring = (value as number[][]).map((p) => [p[0]!, p[1]!] as Position);
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return report(path, `${path} is not closed: its last position ${show(last)} must repeat its first ${show(first)}`);
  }
  return ring;
}

/** What is wrong with one position, or null. */
export function positionProblem(p: unknown): string | null {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return 'a position must be [longitude, latitude] (numbers; an altitude may follow)';
  }
  const [lon, lat] = p as number[];
  if (lat! < -90 || lat! > 90) {
    const swapped = Math.abs(lon!) <= 90 && Math.abs(lat!) <= 180;
    return `latitude ${lat} is outside -90..90${swapped ? ': this looks like [lat, lon]; GeoJSON positions are [longitude, latitude]' : ''}`;
  }
  if (lon! < -180 || lon! > 180) return `longitude ${lon} is outside -180..180`;
  return null;
}

/** Self-intersecting rings, and holes that cross or lie outside their outer ring; false when any. */
function checkCrossings(rings: Ring[], path: string, report: Report): boolean {
  let ok = true;
  rings.forEach((ring, i) => {
    const kink = kinks(lineString(ring)).features[0];
    if (!kink) return;
    ok = false;
    report(`${path}.${i}`, `${path}.${i} crosses itself at ${show(kink.geometry.coordinates as Position)}: a ring must be a simple closed line`);
  });
  if (!ok) return false;
  const outer = rings[0]!;
  const shell = { type: 'Polygon' as const, coordinates: [outer] };
  rings.slice(1).forEach((hole, h) => {
    const at = `${path}.${h + 1}`;
    const crossing = kinks(multiLineString([outer, hole])).features[0];
    if (crossing) {
      ok = false;
      return report(at, `${at} is a hole that meets the outer ring (${path}.0) at ${show(crossing.geometry.coordinates as Position)}: a hole must lie inside it`);
    }
    if (!booleanPointInPolygon(hole[0]!, shell)) {
      ok = false;
      report(at, `${at} is a hole outside the outer ring (${path}.0): a hole must lie inside it`);
    }
  });
  return ok;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;
const show = (p: Position) => `[${round(p[0])}, ${round(p[1])}]`;
