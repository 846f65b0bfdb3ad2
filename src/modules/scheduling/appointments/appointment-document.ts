// The appointment object (spec §11.4): the doc's keys in the doc's order, then ours, then
// `problems` (ours: what a pending appointment still lacks). The one renderer: every answer and
// every appointment.* event's data come from here.
import fastJson from 'fast-json-stringify';
import Type, { type Static } from 'typebox';
import type { AppointmentRow } from '../../../db/schema.ts';
import { formatInstant } from '../../../lib/instant.ts';
import { Instant, Nullable, NullableInstant, NullableString } from '../../../lib/schema-types.ts';
import type { AppointmentValues } from './appointment-fields.ts';
import { APPOINTMENT_STATUSES, type AppointmentStatus, problemsOf, SOURCES, TRANSPORT_TYPES, type TransportType } from './appointment-rules.ts';

const NullableInteger = (description?: string) => Nullable(Type.Integer(description ? { description } : {}));
const NullableBoolean = () => Nullable(Type.Boolean());

export const AppointmentSchema = Type.Object(
  {
    id: Type.Integer(),
    status: Type.String({ enum: [...APPOINTMENT_STATUSES] }),
    external_id: NullableString({ description: "The scheduler's own id; unique per rooftop together with source" }),
    source: Type.String({ enum: [...SOURCES] }),
    source_status: NullableString({ description: "The scheduler's own status, kept as sent" }),
    transport_type: Nullable(Type.String({ enum: [...TRANSPORT_TYPES] })),
    consumer_vehicle_direction: Type.String({ enum: ['to_dealer'] }),
    appointment_time: NullableInstant(),
    consumer_name: NullableString(),
    consumer_phone: NullableString({ description: 'As sent' }),
    consumer_email: NullableString(),
    vehicle_make: NullableString(),
    vehicle_model: NullableString(),
    vehicle_year: NullableInteger(),
    vehicle_color: NullableString(),
    vehicle_vin: NullableString(),
    vehicle_manual: NullableBoolean(),
    // Ours from here.
    customer_id: Type.Integer({ description: 'The rooftop' }),
    consumer_at_pickup: Type.Boolean(),
    pickup_location_id: NullableInteger("The consumer's address"),
    delivery_location_id: Type.Integer({ description: 'The dealership' }),
    driver_notes: NullableString(),
    config: Nullable(Type.Object({}, { additionalProperties: true, description: 'As sent; `loaner: true` makes a valet a Concierge + Loaner' })),
    move_id: NullableInteger("A valet's move of the consumer's vehicle, once booked"),
    workflow_set_id: NullableInteger("That move's workflow set"),
    created_at: Instant(),
    updated_at: Instant(),
    problems: Type.Array(
      Type.Object({ code: Type.String(), field: Type.String(), message: Type.String() }),
      { description: 'What a pending appointment lacks before its transport can be booked (empty otherwise)' },
    ),
  },
  { title: 'appointment' },
);

export type AppointmentDocument = Static<typeof AppointmentSchema>;

/** The stored values, under their request names (a PUT or PATCH is compared with these). */
export function valuesOf(row: AppointmentRow): AppointmentValues {
  return {
    source_status: row.source_status,
    transportation_type: row.transport_type as TransportType | null,
    appointment_time: row.appointment_time,
    consumer_name: row.consumer_name,
    consumer_phone: row.consumer_phone,
    consumer_email: row.consumer_email,
    vehicle_make: row.vehicle_make,
    vehicle_model: row.vehicle_model,
    vehicle_year: row.vehicle_year,
    vehicle_color: row.vehicle_color,
    vehicle_vin: row.vehicle_vin,
    vehicle_manual: row.vehicle_manual === null ? null : row.vehicle_manual === 1,
    consumer_at_pickup: row.consumer_at_pickup === 1,
    pickup_location_id: row.pickup_location_id,
    delivery_location_id: row.delivery_location_id,
    driver_notes: row.driver_notes,
    config: row.config === null ? null : (JSON.parse(row.config) as Record<string, unknown>),
  };
}

export function appointmentDocument(row: AppointmentRow): AppointmentDocument {
  const v = valuesOf(row);
  const status = row.status as AppointmentStatus;
  const transport = row.transport_type as TransportType | null;
  return {
    id: row.id,
    status,
    external_id: row.external_id,
    source: row.source as AppointmentDocument['source'],
    source_status: v.source_status,
    transport_type: transport,
    consumer_vehicle_direction: 'to_dealer',
    appointment_time: v.appointment_time === null ? null : formatInstant(v.appointment_time),
    consumer_name: v.consumer_name,
    consumer_phone: v.consumer_phone,
    consumer_email: v.consumer_email,
    vehicle_make: v.vehicle_make,
    vehicle_model: v.vehicle_model,
    vehicle_year: v.vehicle_year,
    vehicle_color: v.vehicle_color,
    vehicle_vin: v.vehicle_vin,
    vehicle_manual: v.vehicle_manual,
    customer_id: row.rooftop_id,
    consumer_at_pickup: v.consumer_at_pickup,
    pickup_location_id: v.pickup_location_id,
    delivery_location_id: v.delivery_location_id,
    driver_notes: v.driver_notes,
    config: v.config,
    move_id: row.move_id,
    workflow_set_id: row.workflow_set_id,
    created_at: formatInstant(row.created_at),
    updated_at: formatInstant(row.updated_at),
    problems: problemsOf(status, transport, v),
  };
}

/** Serialized by its schema: the answer's bytes and the events' data. */
export const appointmentJson: (doc: AppointmentDocument) => string = fastJson(AppointmentSchema);

export const AppointmentListSchema = Type.Object({
  appointments: Type.Array(AppointmentSchema, { description: 'Newest first' }),
  next_cursor: NullableString({ description: 'Send as `cursor` for the next page; null on the last page' }),
});
