// Reading workflow sets from request bodies and CLI files (spec §2/§4 rules: strings trimmed, an
// empty required field is field_missing, a wrong type or value field_invalid, every problem listed
// with its dotted path, unknown fields ignored). The steps: workflow-step-request.ts.
import type { AuthContext } from '../../auth/auth-context.ts';
import { readCheckedRooftop } from '../../rooftops/rooftop-choice.ts';
import { type FieldReader, readFields, readFieldsAsync, requireSomeOf } from '../../../lib/validation.ts';
import { type Slot, SLOTS } from '../definitions/workflow-step.ts';
import { SET_LIMITS } from './set-limits.ts';
import type { NewSetFields, RooftopCheck, SetChanges, WorkflowFields } from './workflow-set-fields.ts';
import { readSteps } from './workflow-step-request.ts';

export const PATCHABLE_FIELDS = ['name', 'description', 'is_default', 'pickup', 'delivery'] as const;

const readName = (r: FieldReader) => r.string('name', { required: true, max: SET_LIMITS.name });
const readDescription = (r: FieldReader) => r.string('description', { required: true, max: SET_LIMITS.description });

/** `pickup` or `delivery`: `{name, description, steps}`. */
function readWorkflow(r: FieldReader, slot: Slot): WorkflowFields | undefined {
  const w = r.object(slot, { required: true });
  if (!w) return undefined;
  const name = readName(w);
  const description = readDescription(w);
  const steps = readSteps(w, slot);
  if (name === undefined || description === undefined || steps === undefined) return undefined;
  return { name, description, steps };
}

/** POST /v1/ops/workflow-sets and `workflowset add`; throws listing every problem. */
export async function readNewWorkflowSet(body: Record<string, unknown>, check: RooftopCheck): Promise<NewSetFields> {
  const read = await readFieldsAsync(body, async (r) => ({
    rooftopId: await readCheckedRooftop(r, check),
    name: readName(r),
    description: readDescription(r),
    isDefault: r.boolean('is_default', { required: false }),
    pickup: readWorkflow(r, 'pickup'),
    delivery: readWorkflow(r, 'delivery'),
  }));
  const { rooftopId, name, description, isDefault, pickup, delivery } = read;
  if (rooftopId === undefined || name === undefined || description === undefined || !pickup || !delivery) {
    throw new Error('readNewWorkflowSet: validation let a missing field through');
  }
  return { rooftopId, name, description, isDefault: isDefault ?? false, workflows: { pickup, delivery } };
}

/**
 * PATCH /v1/ops/workflow-sets/:id and `workflowset edit`. Absent means unchanged; none of the
 * fields can be cleared (null is field_missing); a workflow sent replaces the stored one whole.
 * `rooftop` is not a change: a set stays with its rooftop (create another for another rooftop).
 */
export function readWorkflowSetPatch(body: Record<string, unknown>): SetChanges {
  requireSomeOf(body, PATCHABLE_FIELDS);
  return readFields(body, (r) => {
    const changes: SetChanges = {};
    if ('name' in body) changes.name = readName(r);
    if ('description' in body) changes.description = readDescription(r);
    if ('is_default' in body) changes.isDefault = r.boolean('is_default', { required: true });
    for (const slot of SLOTS) {
      if (slot in body) changes.workflows = { ...changes.workflows, [slot]: readWorkflow(r, slot) };
    }
    return changes;
  });
}

/** The rooftop of GET /v1/workflow-sets: implied for a client of one rooftop, else required (spec §3). */
export function rooftopQueryRequired(auth: AuthContext): boolean {
  return auth.rooftopIds.length !== 1;
}
