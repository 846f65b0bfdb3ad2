// POST /v1/confirm-move-eligibility (spec §11.1): the question as read, and the answer — its one
// shape (ours: the documented answer is not known), built and described here only.
import Type, { type Static } from 'typebox';
import { Nullable } from '../../../lib/schema-types.ts';
import type { StandardAddress } from '../../locations/geocoder.ts';
import type { LatLon, ServiceArea } from './service-area.ts';

/** One end as sent: its coordinates, or an address to place. `path`: its request path. */
export type EligibilityEnd = { path: string; point: LatLon } | { path: string; address: StandardAddress; dedupeKey: string };

export interface EligibilityQuestion {
  rooftopId: number;
  pickup: EligibilityEnd;
  delivery: EligibilityEnd;
  /** As sent; null: asked of the router. */
  driveMiles: number | null;
}

const EndAnswer = Type.Object({
  eligible: Type.Boolean({ description: "Inside one of the rooftop's regions (without any: within the service radius of the rooftop)" }),
  region_id: Nullable(Type.Integer({ description: 'The region holding it (the lowest id when several do); null outside every region' })),
});

export const EligibilityAnswerSchema = Type.Object({
  eligible: Type.Boolean({ description: 'At least one end is inside the service area: a booking of this drive is not refused as outside_region' }),
  pickup_location: EndAnswer,
  delivery_location: EndAnswer,
  drive_miles: Type.Number({ description: 'As sent, or the road distance (the straight-line estimate when no router answers)' }),
  duration_minutes: Type.Number({ description: 'The drive time: the router\'s, or, for a drive_miles sent, estimated from it offline' }),
});

export type EligibilityAnswer = Static<typeof EligibilityAnswerSchema>;

export function eligibilityAnswer(area: ServiceArea, ends: { pickup: LatLon; delivery: LatLon }, drive: { miles: number; minutes: number }): EligibilityAnswer {
  const end = (p: LatLon) => ({ eligible: area.serves(p), region_id: area.regionOf(p) });
  const pickup = end(ends.pickup);
  const delivery = end(ends.delivery);
  return {
    eligible: pickup.eligible || delivery.eligible,
    pickup_location: pickup,
    delivery_location: delivery,
    drive_miles: drive.miles,
    duration_minutes: drive.minutes,
  };
}
