// Planning a booking: pure rules over what the request, the geocoder and the router gave. Whether
// the drive is inside the service area, when leg 0's vehicle must be ready, and when the service
// lot can actually have it ready. No I/O: the service gathers the inputs, persisting takes the plan.
import type { RooftopRow } from '../../../db/schema.ts';
import { ApiError } from '../../../lib/errors.ts';
import { floorToMinute, formatInstant } from '../../../lib/instant.ts';
import { Problems } from '../../../lib/validation.ts';
import type { RouteEstimate } from '../../lanes/route-estimator.ts';
import type { Geocode } from '../../locations/geocoder.ts';
import type { LocationDraft } from '../../locations/location-request.ts';
import { rooftopCalendar } from '../../rooftops/rooftop-calendar.ts';
import { earliestAvailable } from '../../scheduling/business-hours.ts';
import type { Warning } from '../vehicle-fields.ts';
import type { BookingCommand } from './booking-command.ts';
import { isPast } from './customer-request.ts';
import type { BookingDraft, LegPlan } from './move-type.ts';
import type { PlannedWorkflows } from '../../workflows/definitions/booking-workflows.ts';
import { type OccupancyRules, type OccupiedSpan, occupiedSpan } from '../../scheduling/capacity/occupancy.ts';
import type { ServiceArea } from '../../scheduling/regions/service-area.ts';

export interface RegionLimits {
  maxDriveMiles: number;
  serviceRadiusMiles: number;
  /** How long a scenario occupies its driver (spec §11.2). */
  occupancy: OccupancyRules;
}

/** A booking's legs with every place located (google_place_ids resolved to addresses). */
export type LocatedLeg = LegPlan<LocationDraft>;

/** Everything a booking writes, decided: persisting it is only writing it down. */
export interface PlannedBooking {
  command: BookingCommand;
  rooftop: RooftopRow;
  /** The legs, in driving order (index = cardinality), their places located. */
  legs: LocatedLeg[];
  /** Each distinct place of the booking, once, in order of appearance. */
  places: LocationDraft[];
  /** By place dedupe key. */
  geocodes: Map<string, Geocode>;
  /** By leg (index = cardinality). */
  estimates: RouteEstimate[];
  /** By leg: what geocoding and routing warn about, besides the move's own (VIN) warnings. */
  warnings: Warning[][];
  readyByMs: number;
  earliestMs: number;
  /** The time the scenario occupies its driver (spec §11.2). */
  busy: OccupiedSpan;
  /** Why the earliest time differs from the ready-by, when it does. */
  message: string | null;
  /** By leg: the workflow set and the two inspection slots. */
  workflows: PlannedWorkflows[];
  /** The rooftop's regions, or its service radius (spec §11.1): outside_region, and each new location's region_id. */
  serviceArea: ServiceArea;
  now: number;
}

export function distinctPlaces<L extends { dedupeKey: string }>(legs: LegPlan<L>[]): L[] {
  const byKey = new Map<string, L>();
  for (const leg of legs) {
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

/**
 * Two places of a leg that turned out to be one once located (a google_place_id and the same
 * address typed, or two ids of one place): address_invalid, as for two equal typed addresses.
 */
export function refuseSamePlaceLegs(legs: LocatedLeg[]): void {
  const problems = new Problems();
  const told = new Set<string>();
  for (const leg of legs) {
    // A swap's two legs are the same two places: one problem for them.
    if (leg.pickup.dedupeKey !== leg.delivery.dedupeKey || told.has(leg.pickup.dedupeKey)) continue;
    told.add(leg.pickup.dedupeKey);
    problems.add('address_invalid', leg.delivery.path, `${leg.delivery.path} must differ from ${leg.pickup.path}`);
  }
  problems.throwIfAny();
}

/**
 * When each leg's drive starts, for a traffic-aware router: from the offline estimate of each
 * leg's drive (the road one is what is being asked). Leg 0 leaves at the ready-by — or, when the
 * ready-by is the base minus the drive (the driver must arrive at an appointment), that long
 * before it; each later leg leaves when the one before arrives.
 */
export function legDepartures(readyBy: BookingDraft['readyBy'], offlineMinutes: number[]): number[] {
  const departures: number[] = [];
  let at = readyBy.minusDrive ? readyBy.baseMs - (offlineMinutes[0] ?? 0) * 60_000 : readyBy.baseMs;
  for (const minutes of offlineMinutes) {
    departures.push(Math.round(at));
    at += minutes * 60_000;
  }
  return departures;
}

/**
 * Each leg's share of the warnings: a place's on the first leg that goes there, a lane's on the
 * first leg that drives it — so the document, which lists every move's warnings, lists each once.
 */
export function legWarnings(legs: LocatedLeg[], byPlace: Map<string, Warning[]>, byLeg: Warning[][]): Warning[][] {
  const told = new Set<string>();
  return legs.map((leg, i) => {
    const warnings: Warning[] = [];
    for (const place of [leg.pickup, leg.delivery]) {
      if (told.has(place.dedupeKey)) continue;
      told.add(place.dedupeKey);
      warnings.push(...(byPlace.get(place.dedupeKey) ?? []));
    }
    return [...warnings, ...(byLeg[i] ?? [])];
  });
}

export function planBooking(
  input: Omit<PlannedBooking, 'readyByMs' | 'earliestMs' | 'message' | 'busy'>,
  limits: RegionLimits,
): PlannedBooking {
  const { draft } = input.command;
  refuseOutsideRegion(input, limits);
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
  const busy = occupiedSpan(readyByMs, input.estimates.map((e) => e.durationMinutes), limits.occupancy);
  return { ...input, readyByMs, earliestMs, message, busy };
}

/**
 * A leg longer than the longest drive, or with both ends outside the rooftop's service area (its
 * regions; without any, its service radius), is outside_region.
 */
function refuseOutsideRegion(
  input: { legs: LocatedLeg[]; estimates: RouteEstimate[]; geocodes: Map<string, Geocode>; serviceArea: ServiceArea },
  { maxDriveMiles, serviceRadiusMiles }: RegionLimits,
): void {
  const problems = new Problems();
  input.legs.forEach((leg, i) => {
    const miles = input.estimates[i]!.distanceMiles;
    if (miles > maxDriveMiles) {
      problems.add('outside_region', leg.move.path, `${leg.move.path} is a ${miles}-mile drive; the longest drive we take is ${maxDriveMiles} miles`);
      return;
    }
    const outside = (p: LocationDraft) => !input.serviceArea.serves(input.geocodes.get(p.dedupeKey)!);
    if (outside(leg.pickup) && outside(leg.delivery)) {
      const area = `the rooftop's service regions (or, for a rooftop without regions, more than ${serviceRadiusMiles} miles from it)`;
      problems.add('outside_region', leg.move.path, `${leg.move.path}: both ends are outside ${area}`);
    }
  });
  problems.throwIfAny();
}
