// Reading appointment requests (spec §11.4, with §2/§4's rules: strings trimmed, an empty required
// field is field_missing, a wrong type or value field_invalid, every problem listed with its
// field, unknown fields ignored). Shape only: whether the locations are the rooftop's, whether the
// hold holds and what the status allows are the service's to check.
import { INSTANT_INPUT_MAX, parseInstant } from '../../../lib/instant.ts';
import { PHONE_MAX, parseUsPhone, usPhoneProblem } from '../../../lib/us-phone.ts';
import { type FieldReader, queryInteger, readFields, requireSomeOf } from '../../../lib/validation.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { isPast } from '../../moves/booking-time.ts';
import { VEHICLE_YEAR_MIN } from '../../moves/move.limits.ts';
import { readVin } from '../../moves/vehicle-fields.ts';
import type { AppointmentPatch, AppointmentReplacement, AppointmentValues, NewAppointment, ReadOnlySent } from './appointment-fields.ts';
import { APPOINTMENT_MAX, APPOINTMENT_PAGE, APPOINTMENT_QUERY_MAX, CURSOR_PREFIX } from './appointment-limits.ts';
import { APPOINTMENT_STATUSES, type AppointmentStatus, MUTABLE_FIELDS, type MutableField, READ_ONLY_FIELDS, REQUESTED_TRANSPORTS, SOURCES } from './appointment-rules.ts';
import { readPositionCursor } from '../../../lib/keyset.ts';

export interface ReadContext {
  now: number;
  /** The current calendar year (UTC), for the model year's range. */
  currentYear: number;
  /** appointment_time in the past is refused here (a POST). */
  refusePast?: boolean;
}

const MAX_AHEAD_MS = 365 * 24 * 3600_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * An instant with an offset (spec §2), at most a year ahead; `refusePast`: not in the past beyond
 * the bookings' grace either (a POST; a PUT or PATCH is checked once the appointment is found, so
 * that one whose time has passed is told so first: appointment-change.ts).
 */
function readAppointmentTime(r: FieldReader, key: string, now: number, refusePast: boolean): number | null {
  const raw = r.string(key, { required: false, max: INSTANT_INPUT_MAX });
  if (raw === null) return null;
  const ms = parseInstant(raw);
  if (ms === null) {
    r.invalid(key, `${key} must be a date and time with an offset, such as "2026-03-25T10:00:00-04:00" or "2026-03-25T14:00:00Z"`);
  } else if (refusePast && isPast(ms, now)) {
    r.invalid(key, `${key} is in the past`);
  } else if (ms > now + MAX_AHEAD_MS) {
    r.invalid(key, `${key} is more than 365 days ahead`);
  } else {
    return ms;
  }
  return null;
}

function readPhone(r: FieldReader, key: string): string | null {
  const raw = r.string(key, { required: false, max: PHONE_MAX, acceptNumber: true });
  if (raw === null) return null;
  const parsed = parseUsPhone(raw);
  if ('e164' in parsed) return raw;
  r.invalid(key, usPhoneProblem(key, parsed.problem));
  return null;
}

function readEmail(r: FieldReader, key: string): string | null {
  const raw = r.string(key, { required: false, max: APPOINTMENT_MAX.consumerEmail });
  if (raw === null || EMAIL.test(raw)) return raw;
  r.invalid(key, `${key} must be an email address such as "harry@example.com"`);
  return null;
}

/** Any JSON object, kept as sent; `loaner` and `hide_service_location`, when sent, are booleans (they steer the valet). */
function readConfig(r: FieldReader, key: string): Record<string, unknown> | null {
  const config = r.object(key, { required: false });
  if (config === null) return null;
  config.boolean('loaner', { required: false });
  config.boolean('hide_service_location', { required: false });
  if (JSON.stringify(config.value).length > APPOINTMENT_MAX.configJson) {
    r.invalid(key, `${key} must be at most ${APPOINTMENT_MAX.configJson} characters as JSON`);
  }
  return config.value;
}

const text = (max: number) => (r: FieldReader, key: string) => r.string(key, { required: false, max });

/** One reader per mutable field: null when absent (or refused: its problem is recorded, and thrown). */
const READERS: { [K in MutableField]: (r: FieldReader, key: K, ctx: ReadContext) => AppointmentValues[K] | undefined } = {
  source_status: text(APPOINTMENT_MAX.sourceStatus),
  transportation_type: (r, key) => r.oneOf(key, REQUESTED_TRANSPORTS, { required: false }),
  appointment_time: (r, key, ctx) => readAppointmentTime(r, key, ctx.now, ctx.refusePast ?? false),
  consumer_name: text(APPOINTMENT_MAX.consumerName),
  consumer_phone: readPhone,
  consumer_email: readEmail,
  vehicle_make: text(APPOINTMENT_MAX.vehicleText),
  vehicle_model: text(APPOINTMENT_MAX.vehicleText),
  vehicle_year: (r, key, ctx) => r.integer(key, { required: false, min: VEHICLE_YEAR_MIN, max: ctx.currentYear + 1 }),
  vehicle_color: text(APPOINTMENT_MAX.vehicleText),
  vehicle_vin: readVin,
  vehicle_manual: (r, key) => r.boolean(key, { required: false }),
  // Required in every request that names them: the doc's two required fields.
  consumer_at_pickup: (r, key) => r.boolean(key, { required: true }),
  pickup_location_id: (r, key) => r.integer(key, { required: false }),
  delivery_location_id: (r, key) => r.integer(key, { required: true }),
  driver_notes: text(APPOINTMENT_MAX.driverNotes),
  config: readConfig,
};

function readField<K extends MutableField>(r: FieldReader, key: K, ctx: ReadContext): AppointmentValues[K] | undefined {
  return READERS[key](r, key, ctx);
}

/** Every mutable field (a POST, a PUT): absent ones are null. A POST chooses no transport (doc body): not read there. */
function readAllValues(r: FieldReader, ctx: ReadContext, opts: { transport: boolean }): AppointmentValues {
  const values = {} as Record<MutableField, unknown>;
  for (const key of MUTABLE_FIELDS) values[key] = key === 'transportation_type' && !opts.transport ? null : readField(r, key, ctx);
  return values as AppointmentValues;
}

function readOnlySent(body: Record<string, unknown>): ReadOnlySent {
  return Object.fromEntries(READ_ONLY_FIELDS.filter((k) => k in body).map((k) => [k, body[k]]));
}

/** POST /v1/appointments; `customer_id` must be one of the caller's rooftops. */
export function readNewAppointment(body: Record<string, unknown>, auth: AuthContext, ctx: ReadContext): NewAppointment {
  return readFields(body, (r) => {
    const rooftopId = r.integer('customer_id', { required: true });
    if (rooftopId !== undefined && !auth.rooftopIds.includes(rooftopId)) {
      r.invalid('customer_id', `customer_id must be one of your rooftops: ${auth.rooftopIds.join(', ')}`);
    }
    const externalId = r.string('external_id', { required: false, max: APPOINTMENT_MAX.externalId, acceptNumber: true });
    const source = r.oneOf('source', SOURCES, { required: false }) ?? 'api';
    const holdId = r.string('hold_id', { required: false, max: APPOINTMENT_MAX.holdId });
    const values = readAllValues(r, { ...ctx, refusePast: true }, { transport: false });
    return { rooftopId: rooftopId!, externalId, source, holdId, values };
  });
}

/** PUT /v1/appointments/:id: a full replace; absent fields become null. */
export function readAppointmentReplacement(body: Record<string, unknown>, ctx: ReadContext): AppointmentReplacement {
  return readFields(body, (r) => ({ values: readAllValues(r, ctx, { transport: true }), readOnly: readOnlySent(body) }));
}

/** PATCH /v1/appointments/:id: the mutable fields sent (null clears one); none sent is field_missing. */
export function readAppointmentPatch(body: Record<string, unknown>, ctx: ReadContext): AppointmentPatch {
  requireSomeOf(body, MUTABLE_FIELDS);
  return readFields(body, (r) => {
    const values: Partial<Record<MutableField, unknown>> = {};
    for (const key of MUTABLE_FIELDS) if (key in body) values[key] = readField(r, key, ctx);
    return { values: values as Partial<AppointmentValues>, readOnly: readOnlySent(body) };
  });
}

export interface AppointmentListQuery {
  status: AppointmentStatus | null;
  /** On appointment_time, epoch ms: from inclusive, to exclusive. */
  from: number | null;
  to: number | null;
  limit: number;
  /** Keyset: only appointments with a smaller id (from the cursor). */
  beforeId: number | null;
}

/** An instant of a query string; a `+` of an offset sent unencoded arrives as a space. */
function queryInstant(q: FieldReader, key: string): number | null {
  const raw = q.string(key, { required: false, max: APPOINTMENT_QUERY_MAX });
  if (raw === null) return null;
  const ms = parseInstant(raw.replace(/(\d{2}:\d{2}:\d{2}(?:\.\d+)?) (\d{2}:?\d{2})$/, '$1+$2'));
  if (ms === null) q.invalid(key, `${key} must be an instant such as 2026-03-25T14:00:00Z (ISO 8601 with Z or an offset)`);
  return ms;
}

/** GET /v1/appointments?status=&from=&to=&limit=&cursor=; throws listing every bad parameter. */
export function readAppointmentListQuery(query: unknown): AppointmentListQuery {
  return readFields(query, (q) => {
    const status = q.oneOf('status', APPOINTMENT_STATUSES, { required: false });
    const from = queryInstant(q, 'from');
    const to = queryInstant(q, 'to');
    if (from !== null && to !== null && to <= from) q.invalid('to', 'to must be later than from (from is inclusive, to is exclusive)');
    const limit = queryInteger(q, 'limit', APPOINTMENT_PAGE.min, APPOINTMENT_PAGE.max) ?? APPOINTMENT_PAGE.default;
    const beforeId = readPositionCursor(q, CURSOR_PREFIX, APPOINTMENT_QUERY_MAX);
    return { status, from, to, limit, beforeId };
  });
}
