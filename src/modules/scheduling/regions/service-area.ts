// A rooftop's service area (spec §11.1): its regions, or — without any — a circle of the service
// radius around the rooftop, so an install without regions behaves as before. The interface is fixed
// (bookings, availability and holds code against it).
//
// Parsed regions are kept per database and rooftop: an area can be a megabyte of JSON and every
// booking asks. A region written in this process forgets its rooftop's entry at once
// (forgetServiceArea); another process's write is seen within CACHE_MS. Inside a transaction the
// regions are always read afresh, so a writer sees its own change.
import type { Executor } from '../../../db/executor.ts';
import type { RooftopRow } from '../../../db/schema.ts';
import { greatCircleMiles } from '../../lanes/route-estimator.ts';
import { type AreaGeometry, type Bbox, regionContaining, type RegionShape } from './region-geometry.ts';
import { findRegionAreas, type RegionAreaRow } from './regions.repository.ts';

export interface LatLon {
  lat: number;
  lon: number;
}

export interface ServiceArea {
  /** The rooftop's region holding the point; null outside every region (or when the rooftop has none). */
  regionOf(point: LatLon): number | null;
  /** Inside one of the rooftop's regions, or within the service radius when it has no region. */
  serves(point: LatLon): boolean;
}

/** The rooftop's service area as stored now. */
export async function loadServiceArea(db: Executor, rooftop: RooftopRow, serviceRadiusMiles: number): Promise<ServiceArea> {
  return serviceArea(await regionShapes(db, rooftop.id), rooftop, serviceRadiusMiles);
}

/** The service area of these regions (in id order), or of the radius around `center` when there are none. */
export function serviceArea(regions: readonly RegionShape[], center: LatLon, serviceRadiusMiles: number): ServiceArea {
  if (regions.length === 0) {
    return { regionOf: () => null, serves: (p) => greatCircleMiles(center, p) <= serviceRadiusMiles };
  }
  return { regionOf: (p) => regionContaining(regions, p), serves: (p) => regionContaining(regions, p) !== null };
}

/** A stored region as the containment test takes it (its area was validated when written). */
export function regionShape(row: RegionAreaRow): RegionShape {
  const bbox: Bbox = [row.min_lon, row.min_lat, row.max_lon, row.max_lat];
  return { id: row.id, bbox, geometry: JSON.parse(row.area) as AreaGeometry };
}

/** How long another process's region change may go unseen here. */
const CACHE_MS = 30_000;

interface Entry {
  shapes: RegionShape[];
  until: number;
}

interface DatabaseCache {
  entries: Map<number, Entry>;
  /** Bumped by forgetServiceArea: a read that began before it does not store what it read. */
  generations: Map<number, number>;
}

// Keyed by the database object: tests run several databases in one process, all with a rooftop 1.
const caches = new WeakMap<Executor, DatabaseCache>();

function cacheOf(db: Executor): DatabaseCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { entries: new Map(), generations: new Map() }));
  return cache;
}

async function regionShapes(db: Executor, rooftopId: number): Promise<RegionShape[]> {
  if (db.isTransaction) return (await findRegionAreas(db, rooftopId)).map(regionShape);
  const cache = cacheOf(db);
  // Freshness is a matter of the process's real time, not of the (injectable) business clock.
  const now = Date.now();
  const hit = cache.entries.get(rooftopId);
  if (hit && hit.until > now) return hit.shapes;
  const generation = cache.generations.get(rooftopId) ?? 0;
  const shapes = (await findRegionAreas(db, rooftopId)).map(regionShape);
  if ((cache.generations.get(rooftopId) ?? 0) === generation) cache.entries.set(rooftopId, { shapes, until: now + CACHE_MS });
  return shapes;
}

/** A region of the rooftop was created or changed (and committed): the next read is fresh. */
export function forgetServiceArea(db: Executor, rooftopId: number): void {
  const cache = cacheOf(db);
  cache.entries.delete(rooftopId);
  cache.generations.set(rooftopId, (cache.generations.get(rooftopId) ?? 0) + 1);
}
