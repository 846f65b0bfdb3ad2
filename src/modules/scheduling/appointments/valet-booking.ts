// A valet (spec §11.4) is booked as the dealer would book it by hand: the appointment becomes the
// body of a POST /v1/concierge-moves (or /v1/concierge-loaner-moves when config.loaner is true),
// read by that endpoint's own reader into a BookingCommand, so the moves, their document and their
// move.created events are exactly a direct booking's. The booking's problems are told back under
// the appointment's field names.
//
// Time (ours): appointment_time is when the vehicle must be at the dealership (doc), while a
// Concierge's appointment_time_utc is when the driver meets the consumer. The driver meets the
// consumer a drive and one handoff (the pickup inspection) before the appointment, rounded down to
// the minute, so the vehicle arrives in time. Every valet is a `pickup`: the consumer's vehicle
// goes to the dealership (consumer_vehicle_direction is `to_dealer`).
import { ApiError, type FieldProblem } from '../../../lib/errors.ts';
import { floorToMinute, formatInstant } from '../../../lib/instant.ts';
import type { LocationRow } from '../../../db/schema.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import type { BookingCommand } from '../../moves/booking/booking-command.ts';
import { readBookingCommand } from '../../moves/booking/booking-request.ts';
import type { ReadContext } from '../../moves/booking/move-type.ts';
import { moveTypeOf } from '../../moves/booking/move-types.ts';
import type { AppointmentValues } from './appointment-fields.ts';

/** When the driver meets the consumer so that the vehicle is at the dealership at `appointmentMs`. */
export function meetingTime(appointmentMs: number, driveMinutes: number, handoffMinutes: number): number {
  return floorToMinute(appointmentMs - (driveMinutes + handoffMinutes) * 60_000);
}

export interface ValetInput {
  rooftopId: number;
  values: AppointmentValues;
  /** pickup_location_id's and delivery_location_id's stored locations. */
  consumer: LocationRow;
  dealership: LocationRow;
  /** meetingTime(…): the Concierge's appointment_time_utc. */
  meetMs: number;
}

export const wantsLoaner = (v: AppointmentValues) => v.config?.loaner === true;

function locationBody(l: LocationRow): Record<string, unknown> {
  return { name: l.name, address_one: l.address_one, address_two: l.address_two, city: l.city, state: l.state, zip: l.zip };
}

/** The body a dealer would POST for this valet. */
export function valetBookingBody(input: ValetInput): Record<string, unknown> {
  const v = input.values;
  const vehicle = {
    vin: v.vehicle_vin,
    year: v.vehicle_year === null ? null : String(v.vehicle_year),
    make: v.vehicle_make,
    model: v.vehicle_model,
    color: v.vehicle_color,
    manual: v.vehicle_manual,
  };
  const hide = v.config?.hide_service_location;
  const top = {
    rooftop: input.rooftopId,
    ...(typeof hide === 'boolean' && { config: { hide_service_location: hide } }),
    appointment_time_utc: formatInstant(input.meetMs),
    customer_name: v.consumer_name,
    customer_phone: v.consumer_phone,
    customer_action: 'pickup',
  };
  const customerMove = { special_instructions: v.driver_notes, vehicle, pickup_location: locationBody(input.consumer) };
  if (wantsLoaner(v)) {
    return { ...top, loaner_move: { pickup_location: locationBody(input.dealership) }, customer_move: customerMove };
  }
  return { ...top, customer_move: { ...customerMove, delivery_location: locationBody(input.dealership) } };
}

/** Booking paths → the appointment field they came from (longest prefix first). */
const FIELD_OF: readonly [string, string][] = [
  ['customer_move.vehicle.', 'vehicle_'],
  ['customer_move.special_instructions', 'driver_notes'],
  ['customer_move.pickup_location', 'pickup_location_id'],
  ['customer_move.delivery_location', 'delivery_location_id'],
  ['loaner_move.pickup_location', 'delivery_location_id'],
  ['appointment_time_utc', 'appointment_time'],
  ['customer_name', 'consumer_name'],
  ['customer_phone', 'consumer_phone'],
  ['rooftop', 'customer_id'],
];

function appointmentField(path: string): string {
  for (const [prefix, field] of FIELD_OF) {
    if (!path.startsWith(prefix)) continue;
    // vehicle.make → vehicle_make; a location's own parts all stand for the location id.
    return field.endsWith('_') ? field + path.slice(prefix.length) : field;
  }
  return path;
}

function appointmentProblem(p: FieldProblem, input: ValetInput): FieldProblem {
  const field = appointmentField(p.field);
  if (field === 'appointment_time' && p.field === 'appointment_time_utc') {
    const when = formatInstant(input.meetMs);
    return { ...p, field, message: `appointment_time: a valet has the driver meet the consumer at ${when} (a drive and a handoff before it), which cannot be booked: ${p.message}` };
  }
  return { ...p, field, message: field === p.field ? p.message : `${field}: ${p.message}` };
}

/** A booking refusal, told under the appointment's field names (the code and status stay the booking's). */
export function asAppointmentError(err: unknown, input: ValetInput): unknown {
  if (!(err instanceof ApiError) || !err.problems.length) return err;
  const problems = err.problems.map((p) => appointmentProblem(p, input));
  return new ApiError(err.code, problems[0]!.message, problems, err.extra);
}

/** The valet read by its endpoint's reader, as a direct booking would be. */
export function valetCommand(input: ValetInput, auth: AuthContext, ctx: ReadContext): BookingCommand {
  const type = moveTypeOf(wantsLoaner(input.values) ? 'concierge-loaner' : 'concierge');
  try {
    return readBookingCommand(type, valetBookingBody(input), auth, ctx);
  } catch (err) {
    throw asAppointmentError(err, input);
  }
}

/** The booked document's leg of the consumer's vehicle: the appointment's move_id and workflow_set_id. */
export function consumerLeg(documentJson: string): { moveId: number; workflowSetId: number | null } {
  const doc = JSON.parse(documentJson) as { customer_move: { move_id: number; workflowset?: number | null } };
  return { moveId: doc.customer_move.move_id, workflowSetId: doc.customer_move.workflowset ?? null };
}
