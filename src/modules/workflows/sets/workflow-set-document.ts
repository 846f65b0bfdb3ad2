// The workflow set document (spec §10.1: `{id, name, description}`, then ours) with its two
// workflows in the documented shape `{id, name, description, type, steps}`; schemas and serializers.
import fastJson from 'fast-json-stringify';
import Type, { type Static } from 'typebox';
import type { WorkflowRow, WorkflowSetRow } from '../../../db/schema.ts';
import { formatInstant } from '../../../lib/instant.ts';
import { Instant, Nullable } from '../../../lib/schema-types.ts';
import { STEPS as LIFECYCLE_STEPS } from '../../moves/move-statuses.ts';
import { ANGLES } from '../condition/vehicle-panels.ts';
import { parseSteps, type Slot, SLOTS, STEP_TYPES, stepDocument } from '../definitions/workflow-step.ts';
import { MOVE_ROLES, SCENARIO_KINDS, STEP_ID_PATTERN, STEP_LIMITS } from './set-limits.ts';

export const StepConfigSchema = Type.Object(
  {
    allow_server_edits: Type.Boolean({ description: "doc: the dealer's systems may write it (PATCH /v1/moves/:id/workflows/:slot/data)" }),
    required: Type.Boolean({ description: 'The slot cannot complete until it has a value (default false)' }),
    label: Type.Optional(Type.String({ maxLength: STEP_LIMITS.label, description: 'What the driver app shows' })),
    gate: Type.Optional(Type.String({ enum: [...LIFECYCLE_STEPS], description: 'The driver step it blocks until it is true (a boolean) or set' })),
    angle: Type.Optional(Type.String({ enum: [...ANGLES], description: 'photo: the standard angle it shows' })),
    min: Type.Optional(Type.Number({ description: 'number, integer: the smallest value taken' })),
    max: Type.Optional(Type.Number({ description: 'number, integer: the largest value taken' })),
    legs: Type.Optional(Type.Array(Type.String({ enum: MOVE_ROLES }), { description: 'Only on these legs of a booking (default: every leg)' })),
    required_for: Type.Optional(
      Type.Array(Type.String({ enum: SCENARIO_KINDS }), { description: 'Required on these kinds of booking only' }),
    ),
  },
  { description: 'doc: allow_server_edits; ours: the rest' },
);

export const SetStepSchema = Type.Object({
  id: Type.String({ pattern: STEP_ID_PATTERN }),
  type: Type.String({ enum: [...STEP_TYPES] }),
  config: StepConfigSchema,
});

export const SetWorkflowSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    description: Type.String(),
    type: Type.String({ enum: [...SLOTS] }),
    steps: Type.Array(SetStepSchema, { description: 'In order' }),
  },
  { title: 'workflow' },
);

export const WorkflowSetSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    description: Type.String(),
    rooftop: Nullable(Type.Integer({ description: 'null for the built-in set, which every rooftop has' })),
    is_default: Type.Boolean({
      description: "The rooftop's default: what a booking that names no workflowset_id runs (a rooftop without one runs the built-in set)",
    }),
    built_in: Type.Boolean({ description: 'The built-in set: read-only' }),
    pickup: SetWorkflowSchema,
    delivery: SetWorkflowSchema,
    created_at: Instant(),
    updated_at: Instant(),
  },
  { title: 'workflow set' },
);

export type WorkflowSetDocument = Static<typeof WorkflowSetSchema>;

function workflowOf(set: WorkflowSetRow, slot: Slot, workflows: WorkflowRow[]) {
  const w = workflows.find((x) => x.workflow_set_id === set.id && x.type === slot);
  // Every set is written with both workflows in one transaction (migration 017, the service).
  if (!w) throw new Error(`workflow set ${set.id} has no ${slot} workflow`);
  return { id: w.id, name: w.name, description: w.description, type: slot, steps: parseSteps(w.steps).map(stepDocument) };
}

/** `workflows`: at least the set's two (more are passed over). */
export function workflowSetDocument(set: WorkflowSetRow, workflows: WorkflowRow[]): WorkflowSetDocument {
  return {
    id: set.id,
    name: set.name,
    description: set.description,
    rooftop: set.rooftop_id,
    is_default: set.is_default === 1,
    built_in: set.rooftop_id === null,
    pickup: workflowOf(set, 'pickup', workflows),
    delivery: workflowOf(set, 'delivery', workflows),
    created_at: formatInstant(set.created_at),
    updated_at: formatInstant(set.updated_at),
  };
}

/** The answer of POST /v1/ops/workflow-sets, serialized by its schema (stored as sent for Idempotency-Key replays). */
export const workflowSetJson: (doc: WorkflowSetDocument) => string = fastJson(WorkflowSetSchema);
