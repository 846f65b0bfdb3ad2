// The typed commands of regions (spec §11.1): what the request reader makes of a body or of the
// CLI's flags and file (region-request.ts), and what the service writes.
import type { AreaGeometry } from './region-geometry.ts';

export interface NewRegionFields {
  rooftopId: number;
  name: string;
  /** IANA zone, canonical spelling; null: the rooftop's. */
  timezone: string | null;
  area: AreaGeometry;
}

/** PATCH: absent means unchanged; none can be cleared. */
export interface RegionChanges {
  name?: string;
  timezone?: string;
  area?: AreaGeometry;
}

export type { RooftopCheck } from '../../rooftops/rooftop-choice.ts';
