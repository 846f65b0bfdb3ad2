// What the appointment readers hand the service: typed values under their request names, read and
// checked for shape (appointment-request.ts); what needs the database (the locations are the
// rooftop's, the hold) the service checks.
import type { Source, TransportType } from './appointment-rules.ts';

/** Every mutable field's value; `transportation_type` is read into the object's transport type. */
export interface AppointmentValues {
  source_status: string | null;
  transportation_type: TransportType | null;
  /** Epoch ms. */
  appointment_time: number | null;
  consumer_name: string | null;
  /** As sent (trimmed): a valid US number, echoed and passed to the Concierge as it came. */
  consumer_phone: string | null;
  consumer_email: string | null;
  vehicle_make: string | null;
  vehicle_model: string | null;
  vehicle_year: number | null;
  vehicle_color: string | null;
  vehicle_vin: string | null;
  vehicle_manual: boolean | null;
  consumer_at_pickup: boolean;
  pickup_location_id: number | null;
  delivery_location_id: number;
  driver_notes: string | null;
  config: Record<string, unknown> | null;
}

/** POST /v1/appointments. */
export interface NewAppointment {
  rooftopId: number;
  externalId: string | null;
  source: Source;
  holdId: string | null;
  values: AppointmentValues;
}

/** Read-only object keys a PUT or PATCH sent (compared with the object: a different value is refused). */
export type ReadOnlySent = Record<string, unknown>;

/** PUT /v1/appointments/:id: every mutable field (absent ones are null). */
export interface AppointmentReplacement {
  values: AppointmentValues;
  readOnly: ReadOnlySent;
}

/** PATCH /v1/appointments/:id: the fields sent, and only those. */
export interface AppointmentPatch {
  values: Partial<AppointmentValues>;
  readOnly: ReadOnlySent;
}
