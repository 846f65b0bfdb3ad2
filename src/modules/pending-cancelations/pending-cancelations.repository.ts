// What the ops desk's pending-cancelations list reads: every move whose cancelation awaits a
// decision, with its scenario and rooftop, in one query; the oldest request first.
import type { Executor } from '../../db/executor.ts';

export interface PendingMoveRow {
  id: number;
  scenarioId: number;
  cardinality: number;
  role: string;
  referenceId: string | null;
  status: string | null;
  pickupStarted: number | null;
  pickupSuccessful: number | null;
  requestedAt: number;
  rooftopId: number;
  rooftopName: string;
  kind: string;
  customerName: string | null;
}

/**
 * The pending moves of the `scenarioLimit` scenarios asked about longest ago, among `rooftopIds`
 * (a pair's legs are pending together, so each scenario comes whole).
 */
export async function findPendingMoves(db: Executor, rooftopIds: number[], scenarioLimit: number): Promise<PendingMoveRow[]> {
  if (rooftopIds.length === 0) return [];
  const scenarios = await db
    .selectFrom('moves')
    .select('scenario_id')
    .where('cancel_status', '=', 'pending')
    .where('rooftop_id', 'in', rooftopIds)
    .groupBy('scenario_id')
    .orderBy((eb) => eb.fn.min('cancel_requested_at'))
    .orderBy('scenario_id')
    .limit(scenarioLimit)
    .execute();
  if (scenarios.length === 0) return [];
  const rows = await db
    .selectFrom('moves')
    .innerJoin('scenarios', 'scenarios.id', 'moves.scenario_id')
    .innerJoin('rooftops', 'rooftops.id', 'scenarios.rooftop_id')
    .select([
      'moves.id',
      'moves.scenario_id',
      'moves.cardinality',
      'moves.role',
      'moves.reference_id',
      'moves.status',
      'moves.pickup_started',
      'moves.pickup_successful',
      'moves.cancel_requested_at',
      'scenarios.rooftop_id',
      'rooftops.name as rooftop_name',
      'scenarios.kind',
      'scenarios.customer_name',
    ])
    .where('moves.scenario_id', 'in', scenarios.map((s) => Number(s.scenario_id)))
    .where('moves.cancel_status', '=', 'pending')
    .orderBy('moves.cancel_requested_at')
    .orderBy('moves.scenario_id')
    .orderBy('moves.cardinality')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    scenarioId: Number(r.scenario_id),
    cardinality: Number(r.cardinality),
    role: r.role,
    referenceId: r.reference_id,
    status: r.status,
    pickupStarted: r.pickup_started === null ? null : Number(r.pickup_started),
    pickupSuccessful: r.pickup_successful === null ? null : Number(r.pickup_successful),
    requestedAt: Number(r.cancel_requested_at),
    rooftopId: Number(r.rooftop_id),
    rooftopName: r.rooftop_name,
    kind: r.kind,
    customerName: r.customer_name,
  }));
}
