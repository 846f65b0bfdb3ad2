// The workflow documents (spec §10.1–§10.2): a slot's workflow as the dealer reads it (the documented
// `{id, name, description, type, steps}`, then ours), and as the driver app reads it (also the
// values, the photos and what is still missing). Schemas and serializers in one place.
import fastJson from 'fast-json-stringify';
import Type, { type Static } from 'typebox';
import type { MoveRow, MoveSlotRow, PhotoRow } from '../../../db/schema.ts';
import { formatInstant } from '../../../lib/instant.ts';
import { Nullable, NullableInstant } from '../../../lib/schema-types.ts';
import { PRIOR_DAMAGES_REVIEW_KEY, REVIEWS, reviewOf, reviewsIn, unreviewedPriorDamages } from '../definitions/prior-damages.ts';
import { type SlotState, missingSteps, OPENING_STATUS } from '../definitions/slot-rules.ts';
import { parseSteps, STEP_TYPES, stepDocument } from '../definitions/workflow-step.ts';
import { type Links, photoDocument, PhotoSchema } from '../records/photo-document.ts';

const StepSchema = Type.Object({
  id: Type.String(),
  type: Type.String({ enum: [...STEP_TYPES] }),
  config: Type.Object(
    { allow_server_edits: Type.Boolean(), required: Type.Boolean() },
    { additionalProperties: true, description: 'doc: allow_server_edits; ours: required, label, gate, angle, min, max' },
  ),
});

const SLOT_STATES = ['not_open', 'open', 'signed'] as const;

export const WorkflowSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  type: Type.String({ enum: ['pickup', 'delivery'] }),
  steps: Type.Array(StepSchema),
  slot: Type.String({ enum: ['pickup', 'delivery'] }),
  state: Type.String({ enum: [...SLOT_STATES], description: 'not_open until the driver arrives at that end; signed once completed' }),
  data: Type.Object({}, { additionalProperties: true, description: "Every step's value by step id" }),
  signed_at: NullableInstant(),
  report_sha256: Nullable(Type.String({ description: "SHA-256 of the signed report's canonical JSON and its photos' hashes" })),
});

const PriorDamageSchema = Type.Object({
  panel: Type.String(),
  type: Type.String(),
  severity: Type.Integer(),
  note: Nullable(Type.String()),
  from_move_id: Type.Integer({ description: 'The move whose delivery report found it' }),
  signed_at: Type.String({ format: 'date-time', description: 'When that delivery report was signed' }),
  review: Nullable(Type.String({ enum: [...REVIEWS], description: `null until the driver writes it to \`${PRIOR_DAMAGES_REVIEW_KEY}\`` })),
});

export const DriverWorkflowSchema = Type.Object({
  ...WorkflowSchema.properties,
  missing: Type.Array(Type.String(), { description: `Required steps still without a value (and \`${PRIOR_DAMAGES_REVIEW_KEY}\` while a prior damage is unreviewed)` }),
  photos: Type.Array(PhotoSchema),
  prior_damages: Type.Array(PriorDamageSchema, {
    description: `Pickup: the damages of the vehicle's last signed delivery report at this rooftop, each to be confirmed or disputed by PATCHing \`${PRIOR_DAMAGES_REVIEW_KEY}\`: [{panel, type, review: "confirmed" | "disputed", note?}]`,
  }),
});

export type WorkflowDocument = Static<typeof WorkflowSchema>;

function slotStateName(row: MoveSlotRow, move: MoveRow): (typeof SLOT_STATES)[number] {
  if (row.signed_at !== null) return 'signed';
  return move.status === OPENING_STATUS[row.slot as keyof typeof OPENING_STATUS] ? 'open' : 'not_open';
}

export function workflowDocument(row: MoveSlotRow, move: MoveRow) {
  return {
    id: row.workflow_id,
    name: row.workflow_name,
    description: row.workflow_description,
    type: row.slot,
    steps: parseSteps(row.steps).map(stepDocument),
    slot: row.slot,
    state: slotStateName(row, move),
    data: JSON.parse(row.data) as Record<string, unknown>,
    signed_at: row.signed_at === null ? null : formatInstant(row.signed_at),
    report_sha256: row.report_sha256,
  };
}

export function driverWorkflowDocument(row: MoveSlotRow, move: MoveRow, state: SlotState, photos: PhotoRow[], links: Links) {
  return {
    ...workflowDocument(row, move),
    missing: [...missingSteps(state).map((s) => s.id), ...(unreviewedPriorDamages(state).length ? [PRIOR_DAMAGES_REVIEW_KEY] : [])],
    photos: photos.filter((p) => p.slot === row.slot && p.kind === 'photo').map((p) => photoDocument(p, links)),
    prior_damages: priorDamageDocuments(state),
  };
}

function priorDamageDocuments(state: SlotState) {
  const reviews = reviewsIn(state.data);
  return (state.priorDamages ?? []).map((d) => ({ ...d, signed_at: formatInstant(d.signed_at), review: reviewOf(d, reviews) }));
}

export const workflowJson: (doc: WorkflowDocument) => string = fastJson(WorkflowSchema);
export const driverWorkflowJson: (doc: Static<typeof DriverWorkflowSchema>) => string = fastJson(DriverWorkflowSchema);
export const slotDataJson = (data: Record<string, unknown>) => JSON.stringify(data);
