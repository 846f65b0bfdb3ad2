// Driver capacity (spec §11.2): whether a trip fits one driver's shift with everything already
// booked (and held) still placed. INTERFACE FIXED; implementation pending (shifts/capacity work).
import type { Executor } from '../../../db/executor.ts';

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

/** What bears on trips in the span: shifts, booked scenarios, active holds. */
export async function readCapacity(_db: Executor, _q: CapacityQuery): Promise<CapacityPicture> {
  throw new Error('readCapacity: not implemented yet');
}
