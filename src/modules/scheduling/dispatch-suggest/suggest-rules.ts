// Dispatch suggestions (spec §11.2) as a pure rule: which drivers can take a trip, and in which order.
//
// Ours: a driver is excluded, with the first reason that applies, when they are inactive, cannot
// drive the trip's manual transmission, have no shift that holds the trip's whole busy span and
// serves its rooftop (not_on_shift), or are assigned another trip overlapping it (busy, naming that
// trip's first move). The others are ranked by great-circle miles from where they will be to the
// first pickup: the delivery of their previous trip on that shift; else where they last reported
// being, when they reported it during that shift; else the shift's start, the rooftop's service lot
// (drivers start from the lot, spec §5.1). Ties go to the lower driver id.
import { greatCircleMiles, type LatLon } from '../../lanes/route-estimator.ts';
import type { ExcludedReason, PositionSource, SuggestAnswer } from './suggest-document.ts';

export interface SuggestTrip {
  moveId: number;
  rooftopId: number;
  from: number;
  until: number;
  manual: boolean;
  firstPickup: LatLon;
  serviceLot: LatLon;
}

export interface DriverFacts {
  id: number;
  name: string;
  active: boolean;
  canDriveManual: boolean;
  /** Where the driver last reported being, and when; null when it is not theirs to show. */
  lastPosition: (LatLon & { at: number }) | null;
  /** Shifts holding the trip's whole span; `rooftopId` null: every rooftop. */
  shifts: { startsAt: number; endsAt: number; rooftopId: number | null }[];
  /** Their other assigned, unfinished trips. `lastDelivery`: where its last leg ends (null: not to be shown). */
  trips: { firstMoveId: number; from: number; until: number; lastDelivery: LatLon | null }[];
}

const round1 = (miles: number) => Math.round(miles * 10) / 10;

export function rankDrivers(trip: SuggestTrip, drivers: readonly DriverFacts[]): Omit<SuggestAnswer, 'move_id'> {
  const ranked: { driver: DriverFacts; miles: number; source: PositionSource }[] = [];
  const excluded: SuggestAnswer['excluded'] = [];
  for (const driver of drivers) {
    const why = exclusion(trip, driver);
    if (why) {
      excluded.push({ driver_id: driver.id, name: driver.name, reason: why.reason, message: why.message, move_id: why.moveId ?? null });
      continue;
    }
    const { position, source } = startingPoint(trip, driver);
    ranked.push({ driver, miles: round1(greatCircleMiles(position, trip.firstPickup)), source });
  }
  ranked.sort((a, b) => a.miles - b.miles || a.driver.id - b.driver.id);
  return {
    suggestions: ranked.map((r, i) => ({ driver_id: r.driver.id, name: r.driver.name, rank: i + 1, distance_miles: r.miles, position_source: r.source })),
    excluded,
  };
}

/** The first reason the driver cannot take the trip; null when they can. */
function exclusion(trip: SuggestTrip, d: DriverFacts): { reason: ExcludedReason; message: string; moveId?: number } | null {
  if (!d.active) return { reason: 'inactive', message: 'the driver is not active' };
  if (trip.manual && !d.canDriveManual) return { reason: 'cannot_drive_manual', message: 'the trip has a manual vehicle and the driver does not drive manual' };
  if (!shiftOf(trip, d)) {
    return { reason: 'not_on_shift', message: "none of the driver's shifts holds the whole trip for this rooftop" };
  }
  const clash = d.trips.find((t) => t.from < trip.until && trip.from < t.until);
  if (clash) return { reason: 'busy', message: `the driver is on move ${clash.firstMoveId} then`, moveId: clash.firstMoveId };
  return null;
}

function shiftOf(trip: SuggestTrip, d: DriverFacts): DriverFacts['shifts'][number] | undefined {
  return d.shifts.find((s) => s.startsAt <= trip.from && s.endsAt >= trip.until && (s.rooftopId === null || s.rooftopId === trip.rooftopId));
}

function startingPoint(trip: SuggestTrip, d: DriverFacts): { position: LatLon; source: PositionSource } {
  const shift = shiftOf(trip, d)!;
  const previous = d.trips
    .filter((t) => t.until <= trip.from && t.from >= shift.startsAt && t.lastDelivery !== null)
    .sort((a, b) => b.until - a.until)[0];
  if (previous) return { position: previous.lastDelivery!, source: 'previous_trip' };
  if (d.lastPosition && d.lastPosition.at >= shift.startsAt) return { position: d.lastPosition, source: 'last_location' };
  return { position: trip.serviceLot, source: 'service_lot' };
}
