// What the dispatch board reads: the rooftops asked about (their zones), then every move of the
// scenarios whose ready-by falls in each rooftop's local day, with its scenario, lane time and
// driver, in one query: two queries per board, however many scenarios the day holds.
import type { Executor } from '../../db/executor.ts';

export interface BoardRooftop {
  id: number;
  name: string;
  timezone: string;
}

export async function findBoardRooftops(db: Executor, ids: number[]): Promise<BoardRooftop[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('rooftops').select(['id', 'name', 'timezone']).where('id', 'in', ids).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, timezone: r.timezone }));
}

/** Rooftops sharing a zone share their local day: one [from, until) per zone keeps the query short. */
export interface DayWindow {
  rooftopIds: number[];
  from: number;
  until: number;
}

export async function findBoardMoves(db: Executor, windows: DayWindow[]) {
  if (windows.length === 0) return [];
  const rows = await db
    .selectFrom('moves')
    .innerJoin('scenarios', 'scenarios.id', 'moves.scenario_id')
    .innerJoin('lanes', 'lanes.id', 'moves.lane_id')
    .leftJoin('drivers', 'drivers.id', 'moves.driver_id')
    .select([
      'moves.id',
      'moves.scenario_id',
      'moves.role',
      'moves.reference_id',
      'moves.status',
      'moves.cancel_status',
      'moves.driver_id',
      'moves.pickup_arrived',
      'moves.delivery_started',
      'moves.delivery_arrived',
      'lanes.duration_minutes',
      'scenarios.rooftop_id',
      'scenarios.kind',
      'scenarios.customer_action',
      'scenarios.customer_name',
      'scenarios.appointment_time',
      'scenarios.ready_by_time',
      'drivers.name as driver_name',
      'drivers.last_located_at',
      'drivers.active as driver_active',
    ])
    .where((eb) =>
      eb.or(
        windows.map((w) =>
          eb.and([eb('scenarios.rooftop_id', 'in', w.rooftopIds), eb('scenarios.ready_by_time', '>=', w.from), eb('scenarios.ready_by_time', '<', w.until)]),
        ),
      ),
    )
    .orderBy('scenarios.ready_by_time')
    .orderBy('moves.scenario_id')
    .orderBy('moves.cardinality')
    .execute();
  return rows.map(boardMove);
}

type Row = { [K in 'id' | 'scenario_id' | 'driver_id' | 'pickup_arrived' | 'delivery_started' | 'delivery_arrived' | 'duration_minutes' | 'rooftop_id' | 'appointment_time' | 'ready_by_time' | 'last_located_at' | 'driver_active']: number | null } & {
  [K in 'role' | 'kind']: string;
} & { [K in 'reference_id' | 'status' | 'cancel_status' | 'customer_action' | 'customer_name' | 'driver_name']: string | null };

const num = (v: number | null) => (v === null ? null : Number(v));

function boardMove(r: Row) {
  return {
    id: Number(r.id),
    scenarioId: Number(r.scenario_id),
    role: r.role,
    referenceId: r.reference_id,
    status: r.status,
    cancel_status: r.cancel_status,
    driverId: num(r.driver_id),
    pickup_arrived: num(r.pickup_arrived),
    delivery_started: num(r.delivery_started),
    delivery_arrived: num(r.delivery_arrived),
    laneMinutes: Number(r.duration_minutes),
    rooftopId: Number(r.rooftop_id),
    kind: r.kind,
    customerAction: r.customer_action,
    customerName: r.customer_name,
    appointment: num(r.appointment_time),
    readyBy: Number(r.ready_by_time),
    driverName: r.driver_name,
    driverLocatedAt: num(r.last_located_at),
    /** Stored as 0/1 on both engines; null without a driver. */
    driverActive: r.driver_active === null ? null : Number(r.driver_active) === 1,
  };
}

export type BoardMoveRow = ReturnType<typeof boardMove>;
