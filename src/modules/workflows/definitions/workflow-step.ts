// What a workflow step is (spec §10.1): its id, type and config, as stored (a set's workflows, a
// move's slots) and as sent. Pure: reading the stored JSON, tailoring a set's steps to one move,
// and the step's document.
import type { ScenarioKind, MoveRole } from '../../moves/kinds/move-kind.ts';
import { type Step as LifecycleStep, STEPS as LIFECYCLE_STEPS } from '../../moves/move-statuses.ts';

export const SLOTS = ['pickup', 'delivery'] as const;
export type Slot = (typeof SLOTS)[number];

/** doc: boolean, string, number, integer; ours: photo, damages, signature. */
export const STEP_TYPES = ['boolean', 'string', 'number', 'integer', 'photo', 'damages', 'signature'] as const;
export type StepType = (typeof STEP_TYPES)[number];

/** Types whose value only an upload sets (the photo endpoint, the signature endpoint). */
export const UPLOADED_TYPES: readonly StepType[] = ['photo', 'signature'];

export interface StepConfig {
  /** doc: the dealer's systems may write it (PATCH /v1/moves/:id/workflows/:slot/data). */
  allow_server_edits: boolean;
  /** The slot cannot complete until it has a value. */
  required?: boolean;
  /** What the driver app shows. */
  label?: string;
  /** The lifecycle step it blocks until it is true (a boolean) or has a value. */
  gate?: LifecycleStep;
  /** photo: the standard angle it shows. */
  angle?: string;
  /** number, integer: the range taken. */
  min?: number;
  max?: number;
  /** A set's step only on these legs (tailored away at booking). */
  legs?: MoveRole[];
  /** A set's step required only on these kinds of booking (tailored into `required` at booking). */
  required_for?: ScenarioKind[];
}

export interface Step {
  id: string;
  type: StepType;
  config: StepConfig;
}

export const isSlot = (s: string): s is Slot => (SLOTS as readonly string[]).includes(s);
export const isLifecycleStep = (s: string): s is LifecycleStep => (LIFECYCLE_STEPS as readonly string[]).includes(s);

/**
 * Steps as stored are a handful of distinct texts (a set's workflows, tailored per kind and leg), read
 * on every change of every move: each text is parsed once and its steps shared, so callers never
 * change them. Bounded: past the bound the oldest text is parsed again when next seen.
 */
const parsedSteps = new Map<string, readonly Step[]>();
const PARSED_STEPS_MAX = 500;

export function parseSteps(json: string): Step[] {
  let steps = parsedSteps.get(json);
  if (!steps) {
    steps = deepFreeze(JSON.parse(json) as Step[]);
    parsedSteps.set(json, steps);
    if (parsedSteps.size > PARSED_STEPS_MAX) parsedSteps.delete(parsedSteps.keys().next().value!);
  }
  return steps as Step[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * A set's steps as one move runs them: steps for other legs dropped, `required_for` resolved for
 * the booking's kind. Stored with the move, so a set edited later changes no booked move.
 */
export function tailorSteps(steps: Step[], move: { kind: ScenarioKind; role: MoveRole }): Step[] {
  return steps
    .filter((s) => !s.config.legs || s.config.legs.includes(move.role))
    .map((s) => {
      const { legs: _legs, required_for, ...config } = s.config;
      const required = config.required === true || (required_for?.includes(move.kind) ?? false);
      return { id: s.id, type: s.type, config: { ...config, allow_server_edits: config.allow_server_edits, required } };
    });
}

/** The step as sent: doc keys first, then ours; config starts with allow_server_edits and required. */
export function stepDocument(s: Step): { id: string; type: StepType; config: { allow_server_edits: boolean; required: boolean } & Record<string, unknown> } {
  const { allow_server_edits, required, ...rest } = s.config;
  return { id: s.id, type: s.type, config: { allow_server_edits, required: required === true, ...rest } };
}
