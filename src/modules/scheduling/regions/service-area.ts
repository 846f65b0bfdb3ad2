// A rooftop's service area (spec §11.1): its regions, or — without any — a circle of the service
// radius around the rooftop, so an install without regions behaves as before.
// INTERFACE FIXED; implementation pending (regions work).
import type { Executor } from '../../../db/executor.ts';
import type { RooftopRow } from '../../../db/schema.ts';

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
export async function loadServiceArea(_db: Executor, _rooftop: RooftopRow, _serviceRadiusMiles: number): Promise<ServiceArea> {
  throw new Error('loadServiceArea: not implemented yet');
}
