// The SQL the condition reports need beyond the scenario loaders: which scenario each move of a
// vehicle's history belongs to (the reports are rendered from the loaded scenarios).
import type { Executor } from '../../../db/executor.ts';

/** Move id → its scenario id. */
export async function findScenarioIdsOfMoves(db: Executor, moveIds: number[]): Promise<Map<number, number>> {
  if (!moveIds.length) return new Map();
  const rows = await db.selectFrom('moves').select(['id', 'scenario_id']).where('id', 'in', moveIds).execute();
  return new Map(rows.map((r) => [r.id, r.scenario_id]));
}
