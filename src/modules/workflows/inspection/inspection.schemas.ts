// Request schemas of the inspection endpoints, for the OpenAPI document (the app's validator is off:
// the service applies the workflow's own steps to what is sent).
import Type from 'typebox';
import { Unchecked } from '../../../lib/schema-types.ts';
import { ID_PATTERN } from '../../../lib/validation.ts';
import { DAMAGE_TYPES, PANELS, SEVERITY } from '../condition/vehicle-panels.ts';
import { VALUE_LIMITS } from '../definitions/step-values.ts';
import { SLOTS } from '../definitions/workflow-step.ts';
import { REPORT_RANGES } from './condition-request.ts';

export const SlotParams = Type.Object({
  id: Type.String({ pattern: ID_PATTERN, description: 'A move id' }),
  slot: Type.String({ enum: [...SLOTS] }),
});

export const WorkflowDataBody = Unchecked(
  Type.Object({}, { additionalProperties: true, description: 'Step id → value; null clears a step. Every problem is listed (422).' }),
);

export const DamageFindingSchema = Type.Object({
  panel: Type.String({ enum: [...PANELS] }),
  type: Type.String({ enum: [...DAMAGE_TYPES] }),
  severity: Type.Integer({ minimum: SEVERITY.min, maximum: SEVERITY.max, description: '1 minor … 4 severe' }),
  note: Type.Optional(Type.String({ maxLength: VALUE_LIMITS.note })),
  photo_ids: Type.Optional(Type.Array(Type.String(), { maxItems: VALUE_LIMITS.photosPerFinding, description: "Close-ups uploaded to this slot (step_id `damages`)" })),
});

/** The condition report in one call: each field writes its step; a field left out clears it (PUT). */
export const ConditionBody = Unchecked(
  Type.Object({
    odometer: Type.Optional(Type.Integer({ minimum: REPORT_RANGES.odometer.min, maximum: REPORT_RANGES.odometer.max, description: 'Miles (step `odometer`)' })),
    fuel_level: Type.Optional(Type.Integer({ minimum: REPORT_RANGES.fuel_level.min, maximum: REPORT_RANGES.fuel_level.max, description: 'Percent, or the state of charge (step `fuel-level`)' })),
    keys: Type.Optional(Type.Integer({ minimum: REPORT_RANGES.keys.min, maximum: REPORT_RANGES.keys.max, description: 'Keys handed over (step `keys`)' })),
    damages: Type.Optional(Type.Array(DamageFindingSchema, { maxItems: VALUE_LIMITS.findings, description: 'An empty list for none (step `damages`)' })),
    notes: Type.Optional(Type.String({ maxLength: VALUE_LIMITS.string, description: 'Step `driver-notes`' })),
  }),
);

/** The condition report's fields and the steps they write. */
export const CONDITION_FIELDS = {
  odometer: 'odometer',
  fuel_level: 'fuel-level',
  keys: 'keys',
  damages: 'damages',
  notes: 'driver-notes',
} as const;
