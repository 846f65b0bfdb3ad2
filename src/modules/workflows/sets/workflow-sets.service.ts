// Workflow sets (spec §10.1: "the admin CLI and the ops API create and edit sets", ours): create one
// with its two workflows, list, read, change. The built-in set is shared by every rooftop and
// read-only. A change reaches bookings made after it only: a booked move keeps the steps it was
// booked with (move_slots.steps), so editing or switching the default never touches a move.
import type { Executor, Transaction, WriteOptions } from '../../../db/executor.ts';
import { lockKey } from '../../../db/locks.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, notFound } from '../../../lib/errors.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { rooftopExists } from '../../rooftops/rooftops.repository.ts';
import { defaultSet } from '../definitions/booking-workflows.ts';
import { SLOTS } from '../definitions/workflow-step.ts';
import {
  clearDefaultOfRooftop,
  findSet,
  findSetsOfRooftop,
  findSetsOfRooftops,
  findWorkflowsOfSets,
  insertSet,
  updateSet,
  upsertWorkflow,
} from '../records/workflow-sets.repository.ts';
import { type WorkflowSetDocument, workflowSetDocument, workflowSetJson } from './workflow-set-document.ts';
import type { NewSetFields, RooftopCheck, SetChanges, WorkflowFields } from './workflow-set-fields.ts';

/**
 * Whose sets a caller may see and change: the admin CLI and the all-rooftops desk any rooftop's
 * (checked against the rooftops table, not a cached client record, so a rooftop added a moment
 * ago counts); an ops client scoped to rooftops only theirs. Everyone sees the built-in set.
 */
export type SetScope = { anyRooftop: true } | { anyRooftop: false; rooftopIds: number[] };
export const ADMIN_SCOPE: SetScope = { anyRooftop: true };
export const scopeOf = (auth: AuthContext): SetScope => (auth.allRooftops ? ADMIN_SCOPE : { anyRooftop: false, rooftopIds: auth.rooftopIds });

export const BUILT_IN_READ_ONLY =
  'the built-in set cannot be changed; create your own (POST /v1/ops/workflow-sets, or handoff workflowset add) and make it the default';

/** What a booking of one rooftop may name in workflowset_id, and what it runs when it names none. */
export interface BookableSets {
  workflow_sets: WorkflowSetDocument[];
  default_workflowset_id: number;
}

export class WorkflowSetService {
  /** `db`: the database itself (the admin CLI has no more than that), never a transaction. */
  constructor(private readonly d: { db: Executor; clock: Clock }) {}

  /** The rooftop check the readers run for this scope (routes and the CLI pass it). */
  rooftopCheck(scope: SetScope): RooftopCheck {
    return async (id) => {
      if (!scope.anyRooftop) return scope.rooftopIds.includes(id) ? null : `rooftop must be one of your rooftops: ${scope.rooftopIds.join(', ')}`;
      return (await rooftopExists(this.d.db, [id])).length ? null : `rooftop ${id} does not exist`;
    };
  }

  /** Creates the set and its two workflows in one transaction; answers its document, serialized. */
  async create(fields: NewSetFields, options: WriteOptions = {}): Promise<string> {
    const now = this.d.clock.now();
    return this.d.db.transaction().execute(async (trx) => {
      await lockSetsOf(trx, fields.rooftopId);
      const set = await insertSet(trx, {
        rooftop_id: fields.rooftopId,
        name: fields.name,
        description: fields.description,
        is_default: fields.isDefault ? 1 : 0,
        created_at: now,
        updated_at: now,
      });
      for (const slot of SLOTS) await writeWorkflow(trx, set.id, slot, fields.workflows[slot]);
      if (fields.isDefault) await clearDefaultOfRooftop(trx, fields.rooftopId, set.id);
      const json = workflowSetJson(await this.document(trx, set.id));
      await options.inTransaction?.(trx, json);
      return json;
    });
  }

  /** The built-in set and the sets of `rooftopId`, or of every rooftop in scope when null; oldest first. */
  async list(scope: SetScope, rooftopId: number | null): Promise<WorkflowSetDocument[]> {
    const db = this.d.db;
    const rooftopIds = rooftopId !== null ? [rooftopId] : scope.anyRooftop ? null : scope.rooftopIds;
    const sets = await findSetsOfRooftops(db, rooftopIds);
    const workflows = await findWorkflowsOfSets(db, sets.map((s) => s.id));
    return sets.map((s) => workflowSetDocument(s, workflows));
  }

  /** GET /v1/workflow-sets: the sets a booking of the rooftop may name, as booking-workflows.ts chooses among them. */
  async bookable(rooftopId: number): Promise<BookableSets> {
    const db = this.d.db;
    const sets = await findSetsOfRooftop(db, rooftopId);
    const workflows = await findWorkflowsOfSets(db, sets.map((s) => s.id));
    return { workflow_sets: sets.map((s) => workflowSetDocument(s, workflows)), default_workflowset_id: defaultSet(sets).id };
  }

  async get(scope: SetScope, id: number): Promise<WorkflowSetDocument> {
    await this.visible(scope, id);
    return this.document(this.d.db, id);
  }

  /** PATCH: the fields sent change, a workflow sent is replaced whole; the built-in set is refused. */
  async update(scope: SetScope, id: number, changes: SetChanges): Promise<WorkflowSetDocument> {
    const set = await this.visible(scope, id);
    const rooftopId = set.rooftop_id;
    if (rooftopId === null) throw new ApiError('missing_scope', BUILT_IN_READ_ONLY);
    return this.d.db.transaction().execute(async (trx) => {
      await lockSetsOf(trx, rooftopId);
      await updateSet(trx, id, {
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.description !== undefined && { description: changes.description }),
        ...(changes.isDefault !== undefined && { is_default: changes.isDefault ? 1 : 0 }),
        updated_at: this.d.clock.now(),
      });
      for (const slot of SLOTS) {
        const workflow = changes.workflows?.[slot];
        if (workflow) await writeWorkflow(trx, id, slot, workflow);
      }
      if (changes.isDefault) await clearDefaultOfRooftop(trx, rooftopId, id);
      return this.document(trx, id);
    });
  }

  /** The set when the scope may see it; another rooftop's is reported as missing (spec §3). */
  private async visible(scope: SetScope, id: number) {
    const set = await findSet(this.d.db, id);
    const mine = set && (set.rooftop_id === null || scope.anyRooftop || scope.rooftopIds.includes(set.rooftop_id));
    if (!set || !mine) throw notFound('workflow set');
    return set;
  }

  private async document(db: Executor, id: number): Promise<WorkflowSetDocument> {
    const set = await findSet(db, id);
    if (!set) throw notFound('workflow set');
    return workflowSetDocument(set, await findWorkflowsOfSets(db, [id]));
  }
}

/**
 * One writer of a rooftop's sets at a time: two sets made default at once would otherwise each
 * clear only the defaults committed before it (neither sees the other's uncommitted row), leaving
 * the rooftop with two.
 */
const lockSetsOf = (trx: Transaction, rooftopId: number) => lockKey(trx, `workflow-sets:${rooftopId}`);

function writeWorkflow(trx: Transaction, setId: number, slot: string, w: WorkflowFields): Promise<void> {
  return upsertWorkflow(trx, { workflow_set_id: setId, type: slot, name: w.name, description: w.description, steps: JSON.stringify(w.steps) });
}
