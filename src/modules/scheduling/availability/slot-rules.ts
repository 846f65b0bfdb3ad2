// Whether one slot can be offered (spec §11.3), as pure rules over what the request settled: the
// trip's shape and drives, the lot's calendar, now, and the capacity picture read once for the day.
// A slot is listed unavailable with the first reason that holds, in this order: outside_region,
// closed, lead_time, no_driver_capacity, held.
import { floorToMinute } from '../../../lib/instant.ts';
import { earliestAvailable, type ServiceLotCalendar } from '../business-hours.ts';
import type { CapacityPicture, Trip } from '../capacity/capacity.ts';
import { type OccupancyRules, type OccupiedSpan, occupiedSpan } from '../capacity/occupancy.ts';

export const UNAVAILABLE_REASONS = ['outside_region', 'closed', 'lead_time', 'no_driver_capacity', 'held'] as const;
export type UnavailableReason = (typeof UNAVAILABLE_REASONS)[number];

/** The trip every slot of a request books, but for its time. */
export interface TripShape {
  /** Each leg's drive, in driving order. */
  legMinutes: number[];
  /** ready_by = start − leg 0's drive. */
  minusDrive: boolean;
}

export interface SlotTrip {
  start: number;
  readyBy: number;
  span: OccupiedSpan;
}

/** The ready-by and occupied span of the trip at `start`, reckoned as the booking reckons them (booking-plan.ts). */
export function slotTrip(start: number, shape: TripShape, rules: OccupancyRules): SlotTrip {
  const readyBy = shape.minusDrive ? floorToMinute(start - shape.legMinutes[0]! * 60_000) : start;
  return { start, readyBy, span: occupiedSpan(readyBy, shape.legMinutes, rules) };
}

/** What the slot's time alone decides, before capacity is asked. */
export interface SlotFacts {
  /** Both ends outside the service area (or a leg longer than the longest drive). */
  outsideRegion: boolean;
  calendar: ServiceLotCalendar;
  /** now + the minimum notice: slots starting earlier are lead_time. */
  noticeUntil: number;
}

/**
 * outside_region, closed (the ready-by — when the vehicle leaves or the driver starts — falls
 * outside the lot's hours or on a holiday; the rest of the trip may run past closing, as a booking
 * may), lead_time; or null.
 */
export function fixedReason(trip: SlotTrip, facts: SlotFacts): UnavailableReason | null {
  if (facts.outsideRegion) return 'outside_region';
  if (earliestAvailable(trip.readyBy, facts.calendar).earliestMs !== trip.readyBy) return 'closed';
  if (trip.start < facts.noticeUntil) return 'lead_time';
  return null;
}

/** no_driver_capacity (no shift fits it even without holds), held (only holds keep it out), or null. */
export function capacityReason(picture: CapacityPicture, trip: Trip): UnavailableReason | null {
  if (!picture.fits(trip, { ignoreHolds: true })) return 'no_driver_capacity';
  if (!picture.fits(trip)) return 'held';
  return null;
}

/** The first reason the slot cannot be offered, or null when it can. */
export function slotReason(trip: SlotTrip, facts: SlotFacts, picture: CapacityPicture, ask: Omit<Trip, 'from' | 'until'>): UnavailableReason | null {
  return fixedReason(trip, facts) ?? capacityReason(picture, { ...ask, from: trip.span.from, until: trip.span.until });
}

/** Why a slot cannot be had, in words (a hold's slot_unavailable message). */
export const REASON_TEXT: Readonly<Record<UnavailableReason, string>> = {
  outside_region: 'both ends are outside the service area (or a leg is longer than the longest drive)',
  closed: 'the service lot is closed then (outside its hours or a holiday)',
  lead_time: 'it is sooner than the minimum notice',
  no_driver_capacity: "no driver's shift can fit the whole trip",
  held: 'another caller holds it',
};
