// Reading the steps of a workflow set's workflow (spec §10.1, ours): each step's shape, and the rules
// that keep a set runnable by the inspection code that will run it — every problem listed with its
// dotted path (`pickup.steps.3.config.gate`), unknown keys ignored (spec §2).
import { FieldReader, isPlainObject } from '../../../lib/validation.ts';
import { STEPS as LIFECYCLE_STEPS } from '../../moves/move-statuses.ts';
import { ANGLES } from '../condition/vehicle-panels.ts';
import { REPORT_STEPS } from '../definitions/condition-report.ts';
import { COMPLETING_STEP } from '../definitions/slot-rules.ts';
import { type Slot, type Step, type StepConfig, type StepType, STEP_TYPES, UPLOADED_TYPES } from '../definitions/workflow-step.ts';
import { MOVE_ROLES, SCENARIO_KINDS, STEP_ID_PATTERN, STEP_LIMITS } from './set-limits.ts';
import { workflowRules } from './workflow-rules.ts';

const STEP_ID = new RegExp(STEP_ID_PATTERN);

/**
 * Step ids other code reads by name (the condition report, the condition PUT, the signature upload):
 * a set that uses one must give it the type that code expects.
 */
export const RESERVED_TYPES: Readonly<Record<string, StepType>> = {
  [REPORT_STEPS.odometer]: 'integer',
  [REPORT_STEPS.fuelLevel]: 'integer',
  [REPORT_STEPS.keys]: 'integer',
  [REPORT_STEPS.damages]: 'damages',
  [REPORT_STEPS.notes]: 'string',
  [REPORT_STEPS.signerName]: 'string',
};

/**
 * A step as far as it read: the rules between fields run on what did, so one request lists every
 * problem; `id`, `type` or `config` is null when it was refused (its problem is listed already).
 */
export interface StepRead {
  id: string | null;
  type: StepType | null;
  config: (Omit<StepConfig, 'allow_server_edits'> & { allow_server_edits?: boolean }) | null;
}

/** `steps` of a workflow (the reader at `pickup` or `delivery`): at most STEP_LIMITS.steps, each read and checked. */
export function readSteps(w: FieldReader, slot: Slot): Step[] | undefined {
  const raw = w.value.steps;
  if (raw === undefined || raw === null) {
    w.invalid('steps', `${w.at('steps')} is required: the workflow's steps in order (an empty list for none)`, 'field_missing');
    return undefined;
  }
  if (!Array.isArray(raw)) {
    w.invalid('steps', `${w.at('steps')} must be an array of steps {id, type, config}`);
    return undefined;
  }
  if (raw.length > STEP_LIMITS.steps) {
    w.invalid('steps', `${w.at('steps')} may hold at most ${STEP_LIMITS.steps} steps (it has ${raw.length})`);
    return undefined;
  }
  const before = w.problems.list.length;
  const steps = raw.map((item, i): StepRead => {
    const at = `${w.at('steps')}.${i}`;
    if (isPlainObject(item)) return readStep(new FieldReader(w.problems, item, at), slot);
    w.problems.add('field_invalid', at, `${at} must be an object {id, type, config}`);
    return { id: null, type: null, config: null };
  });
  workflowRules(w, steps);
  // Without a problem every step read whole: id, type and a config with allow_server_edits.
  return w.problems.list.length > before ? undefined : (steps as Step[]);
}

function readStep(s: FieldReader, slot: Slot): StepRead {
  const step: StepRead = { id: readStepId(s) ?? null, type: s.oneOf('type', STEP_TYPES, { required: true }) ?? null, config: null };
  const c = s.object('config', { required: true });
  if (c) {
    step.config = readConfig(c, step.type);
    stepRules(s, c, step, slot);
  }
  return step;
}

function readStepId(s: FieldReader): string | undefined {
  const id = s.string('id', { required: true });
  if (id === undefined || STEP_ID.test(id)) return id;
  s.invalid('id', `${s.at('id')} must be 1 to 63 lowercase letters, digits and dashes, starting with a letter or digit`);
  return undefined;
}

/** The config's known keys that read well, in a fixed order; absent optional ones are left out. */
function readConfig(c: FieldReader, type: StepType | null): NonNullable<StepRead['config']> {
  const config: NonNullable<StepRead['config']> = {};
  const allowServerEdits = c.boolean('allow_server_edits', { required: true });
  if (allowServerEdits !== undefined) config.allow_server_edits = allowServerEdits;
  const required = c.boolean('required', { required: false });
  if (required !== null) config.required = required;
  const label = c.string('label', { required: false, max: STEP_LIMITS.label });
  if (label) config.label = label;
  const gate = c.oneOf('gate', LIFECYCLE_STEPS, { required: false });
  if (gate) config.gate = gate;
  const angle = c.oneOf('angle', ANGLES, { required: false });
  if (angle) config.angle = angle;
  const bounds = readBounds(c, type);
  if (bounds.min !== null) config.min = bounds.min;
  if (bounds.max !== null) config.max = bounds.max;
  const legs = readList(c, 'legs', MOVE_ROLES, 'leave it out for every leg');
  if (legs) config.legs = legs;
  const requiredFor = readList(c, 'required_for', SCENARIO_KINDS, 'leave it out, or use required');
  if (requiredFor) config.required_for = requiredFor;
  return config;
}

function readBounds(c: FieldReader, type: StepType | null): { min: number | null; max: number | null } {
  const read = (key: string) =>
    type === 'integer'
      ? (c.integer(key, { required: false, min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }) ?? null)
      : (c.number(key, { required: false, min: -Number.MAX_VALUE, max: Number.MAX_VALUE }) ?? null);
  return { min: read('min'), max: read('max') };
}

/** A non-empty list of names from `allowed`, duplicates dropped; null when absent. */
function readList<T extends string>(c: FieldReader, key: string, allowed: readonly T[], emptyHint: string): T[] | null {
  const raw = c.value[key];
  if (raw === undefined || raw === null) return null;
  const choices = allowed.map((a) => `"${a}"`).join(', ');
  if (!Array.isArray(raw) || raw.length === 0) {
    c.invalid(key, `${c.at(key)} must be a non-empty list of ${choices} (${emptyHint})`);
    return null;
  }
  const out: T[] = [];
  raw.forEach((item, i) => {
    if (typeof item !== 'string' || !(allowed as readonly string[]).includes(item)) c.invalid(`${key}.${i}`, `${c.at(`${key}.${i}`)} must be one of ${choices}`);
    else if (!out.includes(item as T)) out.push(item as T);
  });
  return out;
}

/** The rules between a step's fields: what the inspection code needs for the step to work at all. */
function stepRules(s: FieldReader, c: FieldReader, step: StepRead, slot: Slot): void {
  const { id, type } = step;
  const config = step.config!;
  if (type === null) return;
  if (config.angle !== undefined && type !== 'photo') c.invalid('angle', `${c.at('angle')} is for photo steps only`);
  for (const key of ['min', 'max'] as const) {
    if (config[key] !== undefined && type !== 'number' && type !== 'integer') c.invalid(key, `${c.at(key)} is for number and integer steps only`);
  }
  if (config.min !== undefined && config.max !== undefined && config.min > config.max) {
    c.invalid('max', `${c.at('max')} must be at least min (${config.min})`);
  }
  const reserved = id === null ? undefined : RESERVED_TYPES[id];
  if (reserved !== undefined && reserved !== type) {
    s.invalid('type', `${s.at('type')} must be "${reserved}" for step "${id}": the condition report reads it by that id`);
  }
  if (type === 'damages' && id !== null && id !== REPORT_STEPS.damages) {
    s.invalid('id', `${s.at('id')} must be "${REPORT_STEPS.damages}" for a damages step: the condition report and close-up photos use that id`);
  }
  if (config.allow_server_edits && (UPLOADED_TYPES.includes(type) || type === 'damages' || id === REPORT_STEPS.signerName)) {
    c.invalid('allow_server_edits', `${c.at('allow_server_edits')} must be false for a ${type === 'string' ? `"${id}"` : type} step: the driver records it, as sealed evidence`);
  }
  if (config.gate !== undefined && config.allow_server_edits !== undefined) gateRule(c, config.gate, config.allow_server_edits, slot);
}

/**
 * Which lifecycle step a step may gate, so a gate can always be satisfied. A delivery step gates
 * only delivery steps (nothing at the pickup end waits on the delivery inspection). A step only the
 * driver records is written while its slot is open — from arrival to the step that completes it —
 * so it may gate only that completing step: any later step would wait on a value that can no
 * longer come. A server-editable step (the dealer's, writable until the step it gates is recorded)
 * on the pickup workflow may gate any step.
 */
function gateRule(c: FieldReader, gate: (typeof LIFECYCLE_STEPS)[number], serverEditable: boolean, slot: Slot): void {
  const at = c.at('gate');
  if (slot === 'delivery' && !gate.startsWith('delivery_')) {
    c.invalid('gate', `${at} must be a delivery step (delivery_started, delivery_arrived, delivery_successful) on the delivery workflow`);
  } else if (!serverEditable && gate !== COMPLETING_STEP[slot]) {
    c.invalid('gate', `${at} can only be ${COMPLETING_STEP[slot]} for a step the driver records: it is written while the ${slot} inspection is open, and ${gate} would wait on it forever (make it allow_server_edits for the dealer to set)`);
  }
}
