// Driver capacity (spec §11.2): whether a trip fits one driver's shift with everything already
// booked (and held) still placed.
//
// Our semantics:
// - Machines are drivers. A driver's free windows are their shifts overlapping the picture, minus
//   the busy spans of the scenarios assigned to them (a scenario whose moves are all canceled or
//   rescheduled occupies nobody). A window serves a trip when its shift's region is null (every
//   rooftop) or belongs to the trip's rooftop, and, for a manual vehicle, when its driver drives
//   manual. Inactive drivers have no windows.
// - Jobs are the unassigned scenarios (their busy span, rooftop, manual when any of their moves'
//   vehicles is) and the active holds (not used, not expired), unless ignoreHolds.
// - A trip fits when all jobs and the trip can be assigned to free windows, each wholly inside one
//   window, no two overlapping on one driver. That is NP-hard in general, so the answer is exact
//   within limits and "does not fit" beyond them (capacity-pool.ts's CapacityLimits): a search may
//   visit 500 nodes, and on a busy day (more than 40 pooled jobs linked to the trip by
//   overlapping) only the jobs within 90 minutes of the trip may move. Jobs the desk overbooked
//   (that cannot all be placed) are dropped latest-booked first as overflow, so they do not close
//   the whole day; they wait for a driver the desk adds.
// - What is read: the shifts overlapping the span, the jobs and assigned scenarios overlapping those
//   shifts (the span widened to the shifts' ends), and every shift overlapping that, so trips near
//   the span's edges compete with the work their shifts really hold. Work beyond is not read.
import type { Executor } from '../../../db/executor.ts';
import { CapacityModel, type ModelJob } from './capacity-model.ts';
import { findActiveHoldsOverlapping, findBookedOverlapping, findShiftsOverlapping } from './capacity.repository.ts';
import { freeWindows } from './free-windows.ts';
import { ModelCache } from './model-cache.ts';

/** A trip to place: the span it occupies its driver (occupancy.ts) and what its driver must be able to do. */
export interface Trip {
  rooftopId: number;
  /** Epoch ms, from occupiedSpan(). */
  from: number;
  until: number;
  /** A manual-transmission vehicle: only a driver with can_drive_manual. */
  manual: boolean;
}

export interface CapacityPicture {
  /**
   * Whether the trip fits wholly inside one driver's shift while every booked scenario (assigned
   * ones on their driver, unassigned ones anywhere they fit) and, unless ignoreHolds, every
   * active hold stays placed.
   */
  fits(trip: Trip, options?: { ignoreHolds?: boolean }): boolean;
}

export interface CapacityQuery {
  /** The span the trips asked about lie in (e.g. a whole local day): what bears on it is read once. */
  from: number;
  until: number;
  /** Holds with expires_at <= now are over. */
  now: number;
  /** Scenarios not to count (a reschedule asks as if its original were gone). */
  excludeScenarioIds?: number[];
  /** A hold not to count (the caller's own, being consumed). */
  excludeHoldId?: string;
}

/** Shifts are at most a day long (shift-rules.ts): any shift overlapping the span starts or ends within a day of it. */
const DAY_MS = 24 * 3_600_000;

/** Built models by their inputs: the same day asked again is answered from the model already built. */
const models = new ModelCache<CapacityModel>();

/** What bears on trips in the span: shifts, booked scenarios, active holds. */
export async function readCapacity(db: Executor, q: CapacityQuery): Promise<CapacityPicture> {
  const near = await findShiftsOverlapping(db, q.from - DAY_MS, q.until + DAY_MS);
  const onSpan = near.filter((s) => s.endsAt > q.from && s.startsAt < q.until);
  const from = Math.min(q.from, ...onSpan.map((s) => s.startsAt));
  const until = Math.max(q.until, ...onSpan.map((s) => s.endsAt));
  // The work read may also go into the other shifts it overlaps (an evening shift beside a night one).
  const shifts = near.filter((s) => s.endsAt > from && s.startsAt < until);
  const booked = await findBookedOverlapping(db, from, until, q.excludeScenarioIds ?? []);
  const holds = await findActiveHoldsOverlapping(db, from, until, q.now, q.excludeHoldId);

  const windows = freeWindows(
    shifts.map((s) => ({ driverId: s.driverId, start: s.startsAt, end: s.endsAt, rooftopId: s.rooftopId, manual: s.canDriveManual })),
    booked.flatMap((b) => (b.driverId === null ? [] : [{ driverId: b.driverId, start: b.busyFrom, end: b.busyUntil }])),
  );
  // Booking order: when the scenario was booked, or the hold taken; a scenario before a hold of the same instant.
  const jobs = [
    ...booked.filter((b) => b.driverId === null).map((b) => ({ ...b, at: b.createdAt, kind: 0, id: String(b.scenarioId).padStart(20, '0'), hold: false })),
    ...holds.map((h) => ({ ...h, at: h.createdAt, kind: 1, hold: true })),
  ].sort((a, b) => a.at - b.at || a.kind - b.kind || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const modelJobs = jobs.map((j, order): ModelJob => ({ start: j.busyFrom, end: j.busyUntil, rooftopId: j.rooftopId, manual: j.manual, order, hold: j.hold }));
  const model = models.get(windows, modelJobs, () => new CapacityModel(windows, modelJobs));

  return {
    fits: (trip, options = {}) =>
      model.fits({ start: trip.from, end: trip.until, rooftopId: trip.rooftopId, manual: trip.manual }, options.ignoreHolds ?? false),
  };
}
