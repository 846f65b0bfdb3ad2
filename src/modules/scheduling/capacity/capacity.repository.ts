// What a capacity picture reads: active drivers' shifts (with the rooftop their region serves), the
// booked scenarios and the active holds whose busy time overlaps a span. Indexes: driver_shifts_ends
// (ends_at, starts_at), scenarios_busy (busy_until, busy_from), availability_holds_busy.
import type { Executor } from '../../../db/executor.ts';

/** A move canceled this way no longer occupies its driver ('partial': canceled after setting out). */
const FREED = ['canceled', 'partial', 'rescheduled'];

export interface ShiftRead {
  driverId: number;
  startsAt: number;
  endsAt: number;
  /** Null: every rooftop. */
  rooftopId: number | null;
  canDriveManual: boolean;
}

/** Shifts of active drivers overlapping [from, until). */
export async function findShiftsOverlapping(db: Executor, from: number, until: number): Promise<ShiftRead[]> {
  const rows = await db
    .selectFrom('driver_shifts')
    .innerJoin('drivers', 'drivers.id', 'driver_shifts.driver_id')
    .leftJoin('regions', 'regions.id', 'driver_shifts.region_id')
    .select(['driver_shifts.driver_id', 'driver_shifts.starts_at', 'driver_shifts.ends_at', 'driver_shifts.region_id', 'regions.rooftop_id', 'drivers.can_drive_manual'])
    .where('driver_shifts.ends_at', '>', from)
    .where('driver_shifts.starts_at', '<', until)
    .where('drivers.active', '=', 1)
    .execute();
  return servingShifts(rows).map((r) => ({ ...shiftRead(r), canDriveManual: Number(r.can_drive_manual) === 1 }));
}

type ShiftRow = { driver_id: number; starts_at: number; ends_at: number; region_id: number | null; rooftop_id: number | null };

/** The shifts that serve someone: every rooftop (no region), or their region's (a region gone serves nobody). */
export const servingShifts = <R extends ShiftRow>(rows: R[]): R[] => rows.filter((r) => r.region_id === null || r.rooftop_id !== null);

/** A shift row read: its driver, its span and the rooftop it serves (null: every rooftop). */
export function shiftRead(r: ShiftRow): Omit<ShiftRead, 'canDriveManual'> {
  return {
    driverId: Number(r.driver_id),
    startsAt: Number(r.starts_at),
    endsAt: Number(r.ends_at),
    rooftopId: r.region_id === null ? null : Number(r.rooftop_id),
  };
}

export interface BookedRead {
  scenarioId: number;
  rooftopId: number;
  busyFrom: number;
  busyUntil: number;
  createdAt: number;
  /** The driver of its moves; null while unassigned. */
  driverId: number | null;
  /** Any of its moves has a manual vehicle. */
  manual: boolean;
}

/**
 * Scenarios whose busy time overlaps [from, until), except those whose moves are all canceled
 * (or rescheduled), and except `exclude`. A scenario's driver is its moves' (dispatch gives every
 * move of a scenario to one driver).
 */
export async function findBookedOverlapping(db: Executor, from: number, until: number, exclude: readonly number[]): Promise<BookedRead[]> {
  let query = db
    .selectFrom('scenarios')
    .innerJoin('moves', 'moves.scenario_id', 'scenarios.id')
    .select([
      'scenarios.id',
      'scenarios.rooftop_id',
      'scenarios.busy_from',
      'scenarios.busy_until',
      'scenarios.created_at',
      'moves.driver_id',
      'moves.vehicle_manual',
      'moves.cancel_status',
    ])
    .where('scenarios.busy_until', '>', from)
    .where('scenarios.busy_from', '<', until);
  if (exclude.length) query = query.where('scenarios.id', 'not in', [...exclude]);
  const rows = await query.orderBy('scenarios.id').orderBy('moves.cardinality').execute();

  const byScenario = new Map<number, BookedRead>();
  for (const r of rows) {
    if (r.cancel_status !== null && FREED.includes(r.cancel_status)) continue;
    const id = Number(r.id);
    const booked = byScenario.get(id) ?? {
      scenarioId: id,
      rooftopId: Number(r.rooftop_id),
      busyFrom: Number(r.busy_from),
      busyUntil: Number(r.busy_until),
      createdAt: Number(r.created_at),
      driverId: null,
      manual: false,
    };
    booked.driverId ??= r.driver_id === null ? null : Number(r.driver_id);
    booked.manual ||= Number(r.vehicle_manual) === 1;
    byScenario.set(id, booked);
  }
  return [...byScenario.values()];
}

export interface HoldRead {
  id: string;
  rooftopId: number;
  busyFrom: number;
  busyUntil: number;
  createdAt: number;
  manual: boolean;
}

/** Holds not yet used nor expired at `now` whose busy time overlaps [from, until), except `exclude`. */
export async function findActiveHoldsOverlapping(db: Executor, from: number, until: number, now: number, exclude?: string): Promise<HoldRead[]> {
  let query = db
    .selectFrom('availability_holds')
    .select(['id', 'rooftop_id', 'busy_from', 'busy_until', 'created_at', 'manual'])
    .where('busy_until', '>', from)
    .where('busy_from', '<', until)
    .where('consumed_by', 'is', null)
    .where('expires_at', '>', now);
  if (exclude !== undefined) query = query.where('id', '!=', exclude);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    rooftopId: Number(r.rooftop_id),
    busyFrom: Number(r.busy_from),
    busyUntil: Number(r.busy_until),
    createdAt: Number(r.created_at),
    manual: Number(r.manual) === 1,
  }));
}
