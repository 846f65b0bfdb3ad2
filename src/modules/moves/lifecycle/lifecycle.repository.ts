import type { Executor } from '../../../db/executor.ts';
import { activeMoveCondition } from '../moves.repository.ts';
import type { MoveState, Step } from './state-machine.ts';

export interface StepInput {
  step: Step;
  lat: number;
  lon: number;
  odometer: number | null;
  fuelLevel: number | null;
  notes: string | null;
}

/** The scenario of a move assigned to this driver; undefined for anyone else's move. */
export async function findScenarioIdOfDriverMove(db: Executor, moveId: number, driverId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('moves')
    .select('scenario_id')
    .where('id', '=', moveId)
    .where('driver_id', '=', driverId)
    .executeTakeFirst();
  return row?.scenario_id;
}

/** Keeps what the driver reported with the step, and the driver's latest position. */
export async function recordStep(
  trx: Executor,
  s: { moveId: number; driverId: number; input: StepInput; now: number },
): Promise<void> {
  await trx
    .insertInto('move_steps')
    .values({
      move_id: s.moveId,
      driver_id: s.driverId,
      step: s.input.step,
      lat: s.input.lat,
      lon: s.input.lon,
      odometer: s.input.odometer,
      fuel_level: s.input.fuelLevel,
      notes: s.input.notes,
      created_at: s.now,
    })
    .execute();
  await updateDriverPosition(trx, s.driverId, s.input.lat, s.input.lon, s.now);
}

export async function updateDriverPosition(db: Executor, driverId: number, lat: number, lon: number, now: number) {
  await db
    .updateTable('drivers')
    .set({ last_lat: lat, last_lon: lon, last_located_at: now, updated_at: now })
    .where('id', '=', driverId)
    .execute();
}

export async function findStepsOfMove(db: Executor, moveId: number) {
  return db.selectFrom('move_steps').selectAll().where('move_id', '=', moveId).orderBy('id').execute();
}

/** A driver's scenarios with active moves (move-statuses.ts), soonest first. */
export async function findDriverScenarioIds(db: Executor, driverId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('moves')
    .innerJoin('scenarios', 'scenarios.id', 'moves.scenario_id')
    .select(['moves.scenario_id', 'scenarios.ready_by_time'])
    .where('moves.driver_id', '=', driverId)
    .where(activeMoveCondition)
    .groupBy(['moves.scenario_id', 'scenarios.ready_by_time'])
    .orderBy('scenarios.ready_by_time')
    .orderBy('moves.scenario_id')
    .execute();
  return rows.map((r) => r.scenario_id);
}


/** What the cancelation rules read of a scenario's moves, in cardinality order (the fee preview's one read of them). */
export async function findCancelStatesOfScenario(db: Executor, scenarioId: number): Promise<MoveState[]> {
  return db
    .selectFrom('moves')
    .select(['id', 'cardinality', 'status', 'cancel_status', 'pickup_started', 'pickup_successful'])
    .where('scenario_id', '=', scenarioId)
    .orderBy('cardinality')
    .execute();
}
