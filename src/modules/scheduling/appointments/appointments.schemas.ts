// Request schemas of the appointment endpoints, for the OpenAPI document. The readers
// (appointment-request.ts) apply the rules; these state the same fields and the readers' limits.
import Type, { type TSchema } from 'typebox';
import { INSTANT_INPUT_MAX } from '../../../lib/instant.ts';
import { IdInteger, StringOrNumber, Unchecked } from '../../../lib/schema-types.ts';
import { PHONE_MAX } from '../../../lib/us-phone.ts';
import { MOVE_MAX, VEHICLE_YEAR_MIN } from '../../moves/move.limits.ts';
import { APPOINTMENT_MAX, APPOINTMENT_PAGE, APPOINTMENT_QUERY_MAX } from './appointment-limits.ts';
import { APPOINTMENT_STATUSES, REQUESTED_TRANSPORTS, SOURCES } from './appointment-rules.ts';

const str = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });
const opt = <T extends TSchema>(schema: T) => Type.Optional(schema);

/** The mutable fields; `transport`: with transportation_type (PUT, PATCH). `required`: the doc's two required fields are. */
function fields(opts: { transport: boolean; required: boolean }) {
  const needed = <T extends TSchema>(schema: T) => (opts.required ? schema : Type.Optional(schema));
  return {
    source_status: opt(str(APPOINTMENT_MAX.sourceStatus, "The scheduler's own status, kept as sent")),
    ...(opts.transport && {
      transportation_type: opt(
        Type.String({
          enum: [...REQUESTED_TRANSPORTS],
          description:
            'Chooses the transport (the object calls it transport_type): the appointment becomes ready; a valet books its Concierge ' +
            "(+ Loaner when config.loaner is true) at once, or stays pending, listing in `problems` what it lacks",
        }),
      ),
    }),
    appointment_time: opt(
      Type.String({
        maxLength: INSTANT_INPUT_MAX,
        description: 'When the vehicle must arrive at the dealership. ISO 8601 with Z or an offset ("2026-03-25T10:00:00-04:00"); not in the past',
      }),
    ),
    consumer_name: opt(str(APPOINTMENT_MAX.consumerName)),
    consumer_phone: opt(StringOrNumber(PHONE_MAX, { description: 'A valid US phone number; the valet texts it' })),
    consumer_email: opt(str(APPOINTMENT_MAX.consumerEmail)),
    vehicle_make: opt(str(APPOINTMENT_MAX.vehicleText)),
    vehicle_model: opt(str(APPOINTMENT_MAX.vehicleText)),
    vehicle_year: opt(Type.Integer({ minimum: VEHICLE_YEAR_MIN, description: `Model year from ${VEHICLE_YEAR_MIN} to next year + 1` })),
    vehicle_color: opt(str(APPOINTMENT_MAX.vehicleText)),
    vehicle_vin: opt(str(MOVE_MAX.vin, '17 characters, A–Z and 0–9 without I, O, Q')),
    vehicle_manual: opt(Type.Boolean()),
    consumer_at_pickup: needed(Type.Boolean({ description: "The vehicle is at the consumer's address (pickup_location_id)" })),
    pickup_location_id: opt(IdInteger({ description: "The consumer's address: a location of the rooftop" })),
    delivery_location_id: needed(IdInteger({ description: 'The dealership: a location of the rooftop' })),
    driver_notes: opt(str(APPOINTMENT_MAX.driverNotes, "The valet's special_instructions")),
    config: opt(
      Type.Object(
        {
          loaner: opt(Type.Boolean({ description: 'A valet brings the consumer a loaner: a Concierge + Loaner' })),
          hide_service_location: opt(Type.Boolean({ description: "The valet's tracking page never shows the dealership's address" })),
        },
        { additionalProperties: true, description: `Any JSON object, kept as sent (at most ${APPOINTMENT_MAX.configJson} characters as JSON)` },
      ),
    ),
  };
}

export const NewAppointmentBody = Unchecked(
  Type.Object({
    customer_id: IdInteger({ description: 'The rooftop: one of your rooftops' }),
    external_id: opt(StringOrNumber(APPOINTMENT_MAX.externalId, { description: "The scheduler's id: with source, a repeat returns the same appointment" })),
    source: opt(Type.String({ enum: [...SOURCES], default: 'api' })),
    hold_id: opt(str(APPOINTMENT_MAX.holdId, 'A hold from POST /v1/appointments/holds: used up by this appointment')),
    ...fields({ transport: false, required: true }),
  }),
);

const READ_ONLY_NOTE =
  'Keys of the object that are set by Handoff (id, status, customer_id, external_id, source, move_id, workflow_set_id, ' +
  'timestamps) may be sent back unchanged; another value of one is field_invalid.';

export const AppointmentReplaceBody = Unchecked(
  Type.Object(fields({ transport: true, required: true }), {
    description: `A full replace: absent fields become null. ${READ_ONLY_NOTE}`,
  }),
);

export const AppointmentPatchBody = Unchecked(
  Type.Object(fields({ transport: true, required: false }), {
    description:
      'At least one of the fields; absent means unchanged, null clears one (not consumer_at_pickup nor delivery_location_id). ' +
      `In new or pending every field; in ready, paying or paid only consumer_name, consumer_phone, driver_notes and config (others: 409). ${READ_ONLY_NOTE}`,
  }),
);

export const AppointmentListQuery = Unchecked(
  Type.Object({
    status: opt(Type.String({ enum: [...APPOINTMENT_STATUSES] })),
    from: opt(Type.String({ format: 'date-time', maxLength: APPOINTMENT_QUERY_MAX, description: 'appointment_time at or after' })),
    to: opt(Type.String({ format: 'date-time', maxLength: APPOINTMENT_QUERY_MAX, description: 'appointment_time before' })),
    limit: opt(Type.Integer({ minimum: APPOINTMENT_PAGE.min, maximum: APPOINTMENT_PAGE.max, default: APPOINTMENT_PAGE.default })),
    cursor: opt(Type.String({ maxLength: APPOINTMENT_QUERY_MAX, description: 'The next_cursor of the previous page' })),
  }),
);
