// The SQL of workflow sets and their workflows (spec §10.1). The built-in set has no rooftop.
import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../../db/executor.ts';
import type { WorkflowRow, WorkflowSetRow, WorkflowSetTable, WorkflowTable } from '../../../db/schema.ts';

/** The built-in set (rooftop_id null; migration 017 made it once). */
export async function findBuiltInSet(db: Executor): Promise<WorkflowSetRow> {
  return db.selectFrom('workflow_sets').selectAll().where('rooftop_id', 'is', null).orderBy('id').executeTakeFirstOrThrow();
}

/** The sets a rooftop may use: the built-in one and its own, oldest first. */
export async function findSetsOfRooftop(db: Executor, rooftopId: number): Promise<WorkflowSetRow[]> {
  return db
    .selectFrom('workflow_sets')
    .selectAll()
    .where((eb) => eb.or([eb('rooftop_id', 'is', null), eb('rooftop_id', '=', rooftopId)]))
    .orderBy('id')
    .execute();
}

/** The built-in set and the sets of `rooftopIds` (null: of every rooftop), oldest first. */
export async function findSetsOfRooftops(db: Executor, rooftopIds: number[] | null): Promise<WorkflowSetRow[]> {
  let query = db.selectFrom('workflow_sets').selectAll();
  if (rooftopIds !== null) {
    query = query.where((eb) => eb.or([eb('rooftop_id', 'is', null), ...(rooftopIds.length ? [eb('rooftop_id', 'in', rooftopIds)] : [])]));
  }
  return query.orderBy('id').execute();
}

export async function findSet(db: Executor, id: number): Promise<WorkflowSetRow | undefined> {
  return db.selectFrom('workflow_sets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findWorkflowsOfSets(db: Executor, setIds: number[]): Promise<WorkflowRow[]> {
  if (!setIds.length) return [];
  return db.selectFrom('workflows').selectAll().where('workflow_set_id', 'in', setIds).orderBy('id').execute();
}

export async function insertSet(db: Executor, row: Insertable<WorkflowSetTable>): Promise<WorkflowSetRow> {
  return db.insertInto('workflow_sets').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateSet(db: Executor, id: number, values: Updateable<WorkflowSetTable>): Promise<void> {
  await db.updateTable('workflow_sets').set(values).where('id', '=', id).execute();
}

/** Clears the rooftop's default flag from every set but `exceptId`. */
export async function clearDefaultOfRooftop(db: Executor, rooftopId: number, exceptId: number): Promise<void> {
  await db.updateTable('workflow_sets').set({ is_default: 0 }).where('rooftop_id', '=', rooftopId).where('id', '!=', exceptId).execute();
}

export async function upsertWorkflow(db: Executor, row: Insertable<WorkflowTable>): Promise<void> {
  await db
    .insertInto('workflows')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['workflow_set_id', 'type']).doUpdateSet({ name: row.name, description: row.description, steps: row.steps }),
    )
    .execute();
}
