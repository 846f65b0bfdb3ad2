// Where a point is among a rooftop's regions: pure geometry over validated areas (area-request.ts).
// The containment test is @turf/boolean-point-in-polygon (holes and MultiPolygons included; a
// point on the boundary is inside); each region's bounding box rules most points out first.
// Areas are taken on the plain [longitude, latitude] plane: no region crosses the antimeridian.
import turfBbox from '@turf/bbox';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { greatCircleMiles, type LatLon } from '../../lanes/route-estimator.ts';

/** [longitude, latitude], as GeoJSON orders them. */
export type Position = [number, number];
/** A closed linear ring: its last position repeats its first. */
export type Ring = Position[];
export type AreaGeometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

/** [west, south, east, north]: GeoJSON's bbox order. */
export type Bbox = [number, number, number, number];

/** A region as the containment test needs it. */
export interface RegionShape {
  id: number;
  bbox: Bbox;
  geometry: AreaGeometry;
}

export function areaBbox(geometry: AreaGeometry): Bbox {
  return turfBbox(geometry) as Bbox;
}

export function insideBbox(b: Bbox, p: LatLon): boolean {
  return p.lon >= b[0] && p.lon <= b[2] && p.lat >= b[1] && p.lat <= b[3];
}

export function containsPoint(region: RegionShape, p: LatLon): boolean {
  return insideBbox(region.bbox, p) && booleanPointInPolygon([p.lon, p.lat], region.geometry);
}

/** The region holding the point, the lowest id when several do; null outside every one. */
export function regionContaining(regions: readonly RegionShape[], p: LatLon): number | null {
  let found: number | null = null;
  for (const region of regions) {
    if ((found === null || region.id < found) && containsPoint(region, p)) found = region.id;
  }
  return found;
}

/** Miles from `p` to the nearest point of the box (0 inside it). */
export function milesToBbox(b: Bbox, p: LatLon): number {
  const nearest = { lat: Math.min(Math.max(p.lat, b[1]), b[3]), lon: Math.min(Math.max(p.lon, b[0]), b[2]) };
  return greatCircleMiles(p, nearest);
}

/**
 * An area drawn with [lat, lon] positions is still valid GeoJSON wherever both numbers are within
 * ±90 (the eastern US: [37.5, -77.4] reads as a point off Antarctica). It shows in where it lies:
 * beyond `miles` of the rooftop as sent, within them with each position's two numbers swapped.
 */
export function looksSwapped(b: Bbox, rooftop: LatLon, miles: number): boolean {
  if (milesToBbox(b, rooftop) <= miles) return false;
  const swapped: Bbox = [b[1], b[0], b[3], b[2]];
  return swapped[1] >= -90 && swapped[3] <= 90 && milesToBbox(swapped, rooftop) <= miles;
}
