// The condition documents (spec §10.4, shapes ours): a slot's report, a move's two reports with the
// damage diff, and a vehicle's history; their request schemas, for the OpenAPI document (the app's
// validator is off: condition-request.ts reads what is sent). Schemas and serializers in one place.
import fastJson from 'fast-json-stringify';
import Type, { type Static } from 'typebox';
import { Nullable, NullableInstant, NullableString } from '../../../lib/schema-types.ts';
import { PANELS } from '../condition/vehicle-panels.ts';
import { PhotoSchema } from '../records/photo-document.ts';
import { HISTORY_LIMIT } from './condition-request.ts';

const FindingSchema = Type.Object({
  panel: Type.String({ enum: [...PANELS] }),
  type: Type.String(),
  severity: Type.Integer({ description: '1 minor … 4 severe' }),
  note: NullableString(),
  photo_ids: Type.Array(Type.String()),
});

export const ReportSchema = Type.Object({
  slot: Type.String({ enum: ['pickup', 'delivery'] }),
  workflow_id: Type.Integer(),
  signed_at: NullableInstant(),
  report_sha256: NullableString({ description: "SHA-256 of the signed report's canonical JSON and its photos' hashes; null while open" }),
  odometer: Nullable(Type.Number()),
  fuel_level: Nullable(Type.Number()),
  keys: Nullable(Type.Number()),
  notes: NullableString(),
  signer_name: NullableString(),
  damages: Type.Array(FindingSchema),
  visible_panels: Type.Array(Type.String({ enum: [...PANELS] }), { description: "The panels this end's photos show (angles and close-ups)" }),
  photos: Type.Array(PhotoSchema),
  warnings: Type.Array(Type.String(), { description: "The delivery report's: readings that do not fit the move (the odometer rule)" }),
});

const PanelComparisonSchema = Type.Object({
  panel: Type.String({ enum: [...PANELS] }),
  pickup: Type.Array(FindingSchema),
  delivery: Type.Array(FindingSchema),
});

const comparisons = (description: string) => Type.Array(PanelComparisonSchema, { description });

const DiffSchema = Type.Object(
  {
    new: comparisons('Damage at delivery on a panel photographed clean at pickup'),
    worsened: comparisons('More severe, or another type, than at pickup'),
    unchanged: comparisons('As at pickup'),
    improved: comparisons('Less severe, or gone from a panel photographed at delivery'),
    not_comparable: comparisons('A change on a panel one end never photographed: nobody is blamed'),
  },
  { description: 'null until the delivery report is signed' },
);

export const ConditionSchema = Type.Object({
  move_id: Type.Integer(),
  pickup: Nullable(ReportSchema),
  delivery: Nullable(ReportSchema),
  diff: Nullable(DiffSchema),
  odometer_delta: Nullable(Type.Number({ description: 'Delivery minus pickup reading, once both are written' })),
  fuel_delta: Nullable(Type.Number()),
});

const HistoryReportSchema = Type.Object({ move_id: Type.Integer(), ...ReportSchema.properties });
const reports = Type.Array(HistoryReportSchema, { description: 'Signed reports only, newest first' });

export const VinHistorySchema = Type.Object({ vin: Type.String(), reports });
export const StockHistorySchema = Type.Object({ stock: Type.String(), rooftop: Type.Integer(), reports });

export const VinParams = Type.Object({ vin: Type.String({ pattern: '^[A-HJ-NPR-Za-hj-npr-z0-9]{17}$', description: 'A VIN: 17 characters of A–Z and 0–9 without I, O or Q' }) });

const Limit = Type.Optional(
  Type.Integer({ minimum: HISTORY_LIMIT.min, maximum: HISTORY_LIMIT.max, default: HISTORY_LIMIT.default, description: 'How many reports, newest first' }),
);
export const VinHistoryQuery = Type.Object({ limit: Limit });
export const StockHistoryQuery = Type.Object({
  stock: Type.String({ description: "The rooftop's stock number, for a vehicle without a VIN" }),
  rooftop: Type.Optional(Type.Integer({ description: 'Which of your rooftops (required when you have several)' })),
  limit: Limit,
});

export type ConditionDocument = Static<typeof ConditionSchema>;
export type HistoryReport = Static<typeof HistoryReportSchema>;

export const conditionJson: (doc: ConditionDocument) => string = fastJson(ConditionSchema);
export const vinHistoryJson: (doc: Static<typeof VinHistorySchema>) => string = fastJson(VinHistorySchema);
export const stockHistoryJson: (doc: Static<typeof StockHistorySchema>) => string = fastJson(StockHistorySchema);
