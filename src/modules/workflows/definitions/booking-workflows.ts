// Which workflows a booking's moves run, and what the booking pre-fills (spec §10.1–§10.2). Pure:
// the booking service hands in the rooftop's sets and workflows and each move's request; out come
// the problems (to refuse the booking with) or each move's set and its two slots, ready to write.
import type { FieldProblem } from '../../../lib/errors.ts';
import type { WorkflowRow, WorkflowSetRow } from '../../../db/schema.ts';
import type { MoveRole, ScenarioKind } from '../../moves/kinds/move-kind.ts';
import { PRIOR_DAMAGES_REVIEW_KEY } from './prior-damages.ts';
import { normalizeValue, valueProblems } from './step-values.ts';
import { parseSteps, type Slot, SLOTS, type Step, tailorSteps } from './workflow-step.ts';

/** What one move object of a booking asked for (read at the route; nothing checked against the sets yet). */
export interface WorkflowRequest {
  setId: number | null;
  data: Record<Slot, Record<string, unknown> | null>;
}

export interface PlannedSlot {
  slot: Slot;
  workflowId: number;
  name: string;
  description: string;
  steps: Step[];
  data: Record<string, unknown>;
}

export interface PlannedWorkflows {
  setId: number;
  slots: PlannedSlot[];
}

export interface WorkflowChoices {
  /** The built-in set and the rooftop's own. */
  sets: WorkflowSetRow[];
  workflows: WorkflowRow[];
  kind: ScenarioKind;
}

/** The set a move runs when it names none: the rooftop's default, else the built-in one. */
export function defaultSet(sets: WorkflowSetRow[]): WorkflowSetRow {
  return sets.find((s) => s.rooftop_id !== null && s.is_default === 1) ?? sets.find((s) => s.rooftop_id === null)!;
}

export function planMoveWorkflows(
  choices: WorkflowChoices,
  move: { path: string; role: MoveRole; request: WorkflowRequest },
  problems: FieldProblem[],
): PlannedWorkflows | undefined {
  const { request, path } = move;
  const set = request.setId === null ? defaultSet(choices.sets) : choices.sets.find((s) => s.id === request.setId);
  if (!set) {
    problems.push({ code: 'field_invalid', field: `${path}.workflowset_id`, message: `${path}.workflowset_id must be the id of one of this rooftop's workflow sets (GET /v1/workflow-sets)` });
    return undefined;
  }
  const slots = SLOTS.map((slot) => {
    const workflow = choices.workflows.find((w) => w.workflow_set_id === set.id && w.type === slot)!;
    const steps = tailorSteps(parseSteps(workflow.steps), { kind: choices.kind, role: move.role });
    const data = bookedData(steps, request.data[slot] ?? {}, `${path}.${slot}_workflow_data`, problems);
    return { slot, workflowId: workflow.id, name: workflow.name, description: workflow.description, steps, data };
  });
  return { setId: set.id, slots };
}

/** How deep and how large a value kept as given may be: it is stored with the move and sent in every document. */
export const KEPT_VALUE_LIMITS = { depth: 8, chars: 4096 } as const;

/**
 * Why a value that is no step cannot be kept as given, or null. Walked without recursion, so a value
 * nested thousands of levels deep (which JSON.stringify cannot serialize) is refused, not a crash.
 */
function unkeepable(value: unknown): string | null {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length) {
    const [v, depth] = pending.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > KEPT_VALUE_LIMITS.depth) return `may nest at most ${KEPT_VALUE_LIMITS.depth} levels of objects and lists`;
    for (const child of Object.values(v)) pending.push([child, depth + 1]);
  }
  if (JSON.stringify(value).length > KEPT_VALUE_LIMITS.chars) return `must be at most ${KEPT_VALUE_LIMITS.chars} characters as JSON`;
  return null;
}

/**
 * A booking's pre-filled data: a server-editable step's value is checked and stored; a key that is
 * no step is kept as given (the documented `{"additional_field": "Hello World!"}`); a step the
 * driver records is refused, so nobody can pre-fill the evidence.
 */
function bookedData(steps: Step[], given: Record<string, unknown>, path: string, problems: FieldProblem[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    const step = steps.find((s) => s.id === key);
    if (key === PRIOR_DAMAGES_REVIEW_KEY) {
      problems.push({ code: 'field_invalid', field: `${path}.${key}`, message: `${path}.${key} is the driver's review of prior damages; it cannot be set when booking` });
    } else if (!step) {
      const why = unkeepable(value);
      if (why) problems.push({ code: 'field_invalid', field: `${path}.${key}`, message: `${path}.${key} ${why}` });
      else data[key] = value;
    } else if (!step.config.allow_server_edits) {
      problems.push({ code: 'field_invalid', field: `${path}.${key}`, message: `${path}.${key} is recorded by the driver; it cannot be set when booking` });
    } else {
      const found = valueProblems(step, value, { photoIds: new Set() });
      for (const p of found) problems.push({ code: 'field_invalid', field: `${path}.${p.field}`, message: `${path}.${p.message}` });
      if (!found.length && value !== null) data[key] = normalizeValue(step, value);
    }
  }
  return data;
}
