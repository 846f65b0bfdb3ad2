// The SQL of charges (spec §12.2): one row per move, its lines as JSON. Writers that change a
// charge name the status they read (`whereStatus`), so a charge settled meanwhile is never edited:
// the update touches no row and the caller answers charge_settled.
import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../../db/executor.ts';
import type { ChargeRow, ChargeTable } from '../../../db/schema.ts';

export type { ChargeRow } from '../../../db/schema.ts';

export async function insertCharges(db: Executor, rows: Insertable<ChargeTable>[]): Promise<ChargeRow[]> {
  if (!rows.length) return [];
  return db.insertInto('charges').values(rows).returningAll().execute();
}

export function findChargesOfMoves(db: Executor, moveIds: number[]): Promise<ChargeRow[]> {
  if (!moveIds.length) return Promise.resolve([]);
  return db.selectFrom('charges').selectAll().where('move_id', 'in', moveIds).execute();
}

export function findChargesOfScenario(db: Executor, scenarioId: number): Promise<ChargeRow[]> {
  return db.selectFrom('charges').selectAll().where('scenario_id', '=', scenarioId).orderBy('move_id').execute();
}

export function findChargeOfMove(db: Executor, moveId: number): Promise<ChargeRow | undefined> {
  return db.selectFrom('charges').selectAll().where('move_id', '=', moveId).executeTakeFirst();
}

/** Updates a charge still in `whereStatus`; false when it is not (settled meanwhile). */
export async function updateCharge(db: Executor, id: number, whereStatus: string[], values: Updateable<ChargeTable>): Promise<boolean> {
  const result = await db.updateTable('charges').set(values).where('id', '=', id).where('status', 'in', whereStatus).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
