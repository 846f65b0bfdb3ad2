// Planning a booking: pure rules over what the request, the geocoder and the router gave. Whether
// the drive is inside the service area, when leg 0's vehicle must be ready, and when the service
// lot can actually have it ready. No I/O: the service gathers the inputs, persisting takes the plan.
import type { RooftopRow } from '../../../db/schema.ts';
import { ApiError } from '../../../lib/errors.ts';
import { floorToMinute, formatInstant } from '../../../lib/instant.ts';
import { Problems } from '../../../lib/validation.ts';
import { greatCircleMiles, type RouteEstimate } from '../../lanes/route-estimator.ts';
import type { Geocode } from '../../locations/geocoder.ts';
import type { LocationDraft } from '../../locations/location-request.ts';
import { rooftopCalendar } from '../../rooftops/rooftop-calendar.ts';
import { earliestAvailable } from '../../scheduling/business-hours.ts';
import type { BookingCommand } from './booking-command.ts';
import { isPast } from './customer-request.ts';
import type { BookingDraft } from './move-type.ts';

export interface RegionLimits {
  maxDriveMiles: number;
  serviceRadiusMiles: number;
}

/** Everything a booking writes, decided: persisting it is only writing it down. */
export interface PlannedBooking {
  command: BookingCommand;
  rooftop: RooftopRow;
  /** Each distinct place of the booking, once, in order of appearance. */
  places: LocationDraft[];
  /** By place dedupe key. */
  geocodes: Map<string, Geocode>;
  /** By leg (index = cardinality). */
  estimates: RouteEstimate[];
  readyByMs: number;
  earliestMs: number;
  /** Why the earliest time differs from the ready-by, when it does. */
  message: string | null;
  now: number;
}

export function distinctPlaces(draft: BookingDraft): LocationDraft[] {
  const byKey = new Map<string, LocationDraft>();
  for (const leg of draft.legs) {
    for (const place of [leg.pickup, leg.delivery]) if (!byKey.has(place.dedupeKey)) byKey.set(place.dedupeKey, place);
  }
  return [...byKey.values()];
}

/** The places that could not be located, as address_invalid problems (thrown when there are any). */
export function refuseUnlocated(places: LocationDraft[], geocodes: Map<string, Geocode>): void {
  const problems = new Problems();
  for (const place of places) {
    if (!geocodes.has(place.dedupeKey)) problems.add('address_invalid', place.path, `${place.path} could not be located`);
  }
  problems.throwIfAny();
}

export function planBooking(
  input: Omit<PlannedBooking, 'readyByMs' | 'earliestMs' | 'message'>,
  limits: RegionLimits,
): PlannedBooking {
  const { draft } = input.command;
  refuseOutsideRegion(draft, input, limits);
  const readyByMs = draft.readyBy.minusDrive
    ? floorToMinute(draft.readyBy.baseMs - input.estimates[0]!.durationMinutes * 60_000)
    : draft.readyBy.baseMs;
  if (isPast(readyByMs, input.now)) {
    throw ApiError.fromProblems([
      {
        code: 'field_invalid',
        field: draft.readyBy.field,
        message: `${draft.readyBy.field} leaves no time to drive there: the vehicle would have to be ready by ${formatInstant(readyByMs)}, which is in the past`,
      },
    ]);
  }
  const { earliestMs, message } = earliestAvailable(readyByMs, rooftopCalendar(input.rooftop));
  return { ...input, readyByMs, earliestMs, message };
}

/** A leg longer than the longest drive, or with both ends beyond the service radius, is outside_region. */
function refuseOutsideRegion(
  draft: BookingDraft,
  input: { estimates: RouteEstimate[]; geocodes: Map<string, Geocode>; rooftop: RooftopRow },
  { maxDriveMiles, serviceRadiusMiles }: RegionLimits,
): void {
  const problems = new Problems();
  draft.legs.forEach((leg, i) => {
    const miles = input.estimates[i]!.distanceMiles;
    if (miles > maxDriveMiles) {
      problems.add('outside_region', leg.move.path, `${leg.move.path} is a ${miles}-mile drive; the longest drive we take is ${maxDriveMiles} miles`);
      return;
    }
    const far = (p: LocationDraft) => greatCircleMiles(input.rooftop, input.geocodes.get(p.dedupeKey)!) > serviceRadiusMiles;
    if (far(leg.pickup) && far(leg.delivery)) {
      problems.add('outside_region', leg.move.path, `${leg.move.path}: both ends are more than ${serviceRadiusMiles} miles from the rooftop`);
    }
  });
  problems.throwIfAny();
}
