// JSON schemas of the move document, built from the same layout the renderer uses, so the
// OpenAPI document, the serializer and the renderer agree on every key and its order.
import Type, { type TSchema } from 'typebox';
import { Instant, Nullable, NullableInstant, NullableString } from '../../lib/schema-types.ts';
import { LocationSchema } from '../locations/location-document.ts';
import { PhotoSchema } from '../workflows/records/photo-document.ts';
import type { MoveKind, TopField } from './kinds/move-kind.ts';
import { isPairLayout } from './kinds/move-kinds.ts';
import { ChargeOrEmptySchema } from '../billing/charges/charge-schema.ts';

export { LocationSchema } from '../locations/location-document.ts';
import { CANCEL_STATUSES, STATUSES } from './move-statuses.ts';

export const MOVE_STATUSES = STATUSES;

const Vehicle = Type.Object({
  stock: NullableString(),
  vin: NullableString(),
  year: NullableString(),
  make: NullableString(),
  model: NullableString(),
  color: NullableString(),
  manual: Type.Boolean(),
});

/** A slot's data: every step's value by step id, and what the booking sent that is no step. */
const WorkflowData = (slot: string) =>
  Type.Object({}, { additionalProperties: true, description: `The ${slot} workflow's values by step id` });

export const MoveSchema = Type.Object({
  move_id: Type.Integer(),
  status: NullableString({ enum: [...MOVE_STATUSES, null] }),
  cancel_status: NullableString({ enum: [...CANCEL_STATUSES, null] }),
  pickup_started: NullableInstant(),
  pickup_arrived: NullableInstant(),
  pickup_successful: NullableInstant(),
  delivery_started: NullableInstant(),
  delivery_arrived: NullableInstant(),
  delivery_successful: NullableInstant(),
  tracking_link: NullableString(),
  move_uri: Type.String(),
  lane_uri: Type.String(),
  reference_id: NullableString(),
  dealer_contact: NullableString(),
  special_instructions: NullableString(),
  vehicle: Vehicle,
  pickup_location: LocationSchema,
  reference_num: NullableString(),
  delivery_location: LocationSchema,
  usecase_key: Type.String(),
  cardinality: Type.Integer(),
  distance_miles: Nullable(Type.Number()),
  duration_minutes: Nullable(Type.Number()),
  driver_name: NullableString(),
  rooftop: Type.Integer(),
  cancel_reason: NullableString({ description: 'Why the move was rescheduled (spec §11.5); null otherwise' }),
  workflowset: Nullable(Type.Integer({ description: 'The workflow set its inspections run (null: booked before inspections)' })),
  pickup_workflow_data: WorkflowData('pickup'),
  delivery_workflow_data: WorkflowData('delivery'),
  pickup_photos: Type.Array(PhotoSchema),
  delivery_photos: Type.Array(PhotoSchema),
  settled: Type.Boolean({ description: 'Seven days after the move completed: its charge is final and frozen (spec §12.2)' }),
});

/** The move object dealers and ops get (dealerMoveDocument): MoveSchema is also the driver app's, without the portal link. */
export const DealerMoveSchema = Type.Object({
  ...MoveSchema.properties,
  move_details_url: Type.String({ description: "The move's page in the portal (PUBLIC_URL/portal/moves/{move_id}), for dealers and ops" }),
});

/** A move of a pair: its own charge follows the move's keys (spec §12.2, ours). */
const PairMoveSchema = Type.Object({ ...DealerMoveSchema.properties, charge: ChargeOrEmptySchema });

const TOP_FIELDS: Record<TopField, TSchema> = {
  ready_by_time_utc: Instant(),
  appointment_time_utc: NullableInstant(),
  customer_name: NullableString(),
  customer_phone: NullableString(),
  customer_action: NullableString({ enum: ['pickup', 'return', null] }),
};

export function scenarioDocumentSchema(type: MoveKind) {
  const properties: Record<string, TSchema> = {};
  const pair = isPairLayout(type);
  for (const part of type.layout) {
    if ('move' in part) properties[part.move] = pair ? PairMoveSchema : DealerMoveSchema;
    else properties[part.field] = TOP_FIELDS[part.field];
  }
  properties.earliest_available_time = Instant();
  properties.message = NullableString();
  properties.usecase_key = Type.String();
  properties.warnings = Type.Array(Type.Object({ field: Type.String(), message: Type.String() }));
  properties.third_party_payer = Nullable(
    Type.Integer({ description: "The payer the booking is billed to (spec §12.4): the one sent, or the rooftop's default; null: the rooftop itself" }),
  );
  if (!pair) properties.charge = ChargeOrEmptySchema;
  return Type.Object(properties, { title: `${type.kind} document` });
}
