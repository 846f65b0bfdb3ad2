// Request schemas of the workflow-set endpoints, for the OpenAPI document; the limits are the
// readers' (set-limits.ts), so the document says what is refused.
import Type from 'typebox';
import { IdInteger, Unchecked } from '../../../lib/schema-types.ts';
import { STEPS as LIFECYCLE_STEPS } from '../../moves/move-statuses.ts';
import { ANGLES } from '../condition/vehicle-panels.ts';
import { SLOTS, STEP_TYPES } from '../definitions/workflow-step.ts';
import { MOVE_ROLES, SCENARIO_KINDS, SET_LIMITS, STEP_ID_PATTERN, STEP_LIMITS } from './set-limits.ts';
import { WorkflowSetSchema } from './workflow-set-document.ts';

const name = () => Type.String({ maxLength: SET_LIMITS.name });
const description = () => Type.String({ maxLength: SET_LIMITS.description });

const StepBody = Type.Object({
  id: Type.String({ pattern: STEP_ID_PATTERN, description: 'Unique within the workflow' }),
  type: Type.String({ enum: [...STEP_TYPES] }),
  config: Type.Object({
    allow_server_edits: Type.Boolean({ description: 'false for photo, signature, damages and signer-name: the driver records those' }),
    required: Type.Optional(Type.Boolean({ default: false })),
    label: Type.Optional(Type.String({ maxLength: STEP_LIMITS.label })),
    gate: Type.Optional(
      Type.String({
        enum: [...LIFECYCLE_STEPS],
        description:
          'The driver step it blocks. On the delivery workflow a delivery step only; for a step the driver records only the step that completes its own slot',
      }),
    ),
    angle: Type.Optional(Type.String({ enum: [...ANGLES], description: 'photo steps only' })),
    min: Type.Optional(Type.Number({ description: 'number and integer steps only; at most max' })),
    max: Type.Optional(Type.Number({ description: 'number and integer steps only' })),
    legs: Type.Optional(Type.Array(Type.String({ enum: MOVE_ROLES }), { minItems: 1, description: 'Only on these legs (default: every leg)' })),
    required_for: Type.Optional(Type.Array(Type.String({ enum: SCENARIO_KINDS }), { minItems: 1, description: 'Required on these kinds of booking only' })),
  }),
});

const WorkflowBody = Type.Object({
  name: name(),
  description: description(),
  steps: Type.Array(StepBody, {
    maxItems: STEP_LIMITS.steps,
    description:
      'In order. Ids are unique; at most one signature step, which needs a `signer-name` string step; ' +
      'the condition report reads `odometer`, `fuel-level`, `keys` (integer), `damages` (damages), `driver-notes`, `signer-name` (string) by id',
  }),
});

export const NewWorkflowSetBody = Unchecked(
  Type.Object({
    rooftop: IdInteger({ description: 'The rooftop the set is for; a scoped ops client names one of its own' }),
    name: name(),
    description: description(),
    is_default: Type.Optional(Type.Boolean({ default: false, description: "true: the rooftop's default from now on (its previous default is no longer)" })),
    pickup: WorkflowBody,
    delivery: WorkflowBody,
  }),
);

export const WorkflowSetPatchBody = Unchecked(
  Type.Object(
    {
      name: Type.Optional(name()),
      description: Type.Optional(description()),
      is_default: Type.Optional(Type.Boolean()),
      pickup: Type.Optional(WorkflowBody),
      delivery: Type.Optional(WorkflowBody),
    },
    { description: `At least one of the fields; absent means unchanged, none can be cleared, a workflow sent replaces the stored one (${SLOTS.join(', ')})` },
  ),
);

export const OpsSetsQuery = Unchecked(
  Type.Object({ rooftop: Type.Optional(IdInteger({ description: 'Only this rooftop\'s sets (and the built-in one); default: every rooftop of the client' })) }),
);

export const BookableSetsQuery = Unchecked(
  Type.Object({ rooftop: Type.Optional(IdInteger({ description: 'Required for a client with several rooftops' })) }),
);

export const WorkflowSetList = Type.Object({ workflow_sets: Type.Array(WorkflowSetSchema) });

export const BookableSetList = Type.Object({
  workflow_sets: Type.Array(WorkflowSetSchema, { description: "The built-in set and the rooftop's own, oldest first" }),
  default_workflowset_id: Type.Integer({ description: 'The set a booking that names no workflowset_id runs' }),
});
