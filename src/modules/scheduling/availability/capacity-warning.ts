// A booking's word on capacity (spec §11.3): a booking is never refused for want of a driver — the
// dealer's customer is already promised — but when no driver's shift can fit the whole trip its
// response says so, on leg 0's time field, so the dispatch desk knows to add a driver. Read before
// the booking's transaction (nothing slow inside it): two bookings racing for the last capacity
// may both miss the warning, which is the price of not serializing every booking.
import type { Executor } from '../../../db/executor.ts';
import { readCapacity } from '../capacity/capacity.ts';
import type { OccupiedSpan } from '../capacity/occupancy.ts';
import { shiftsRecorded } from './availability.repository.ts';

export interface CapacityQuestion {
  rooftopId: number;
  busy: OccupiedSpan;
  /** Any of the trip's vehicles has a manual transmission. */
  manual: boolean;
  now: number;
  /** The hold the booking consumes: its own time is not another caller's. */
  excludeHoldId?: string;
  /** Scenarios counted as gone (a reschedule's original). */
  excludeScenarioIds?: number[];
  /** The request's time field (appointment_time_utc or ready_by_time_utc). */
  field: string;
}

/** The warning, or null when the trip fits (or the install records no shifts at all, as before scheduling). */
export async function capacityWarning(db: Executor, q: CapacityQuestion): Promise<{ field: string; message: string } | null> {
  if (!(await shiftsRecorded(db))) return null;
  const picture = await readCapacity(db, { from: q.busy.from, until: q.busy.until, now: q.now, excludeHoldId: q.excludeHoldId, excludeScenarioIds: q.excludeScenarioIds });
  const trip = { rooftopId: q.rooftopId, from: q.busy.from, until: q.busy.until, manual: q.manual };
  if (picture.fits(trip)) return null;
  const why = picture.fits(trip, { ignoreHolds: true })
    ? "no driver's shift can fit the whole trip without the time other callers hold"
    : "no driver's shift can fit the whole trip";
  return { field: q.field, message: `${why}: it is booked all the same, and the dispatch desk must add a driver` };
}
