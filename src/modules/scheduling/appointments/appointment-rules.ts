// The appointment's rules (spec §11.4), pure: its statuses and how one follows from its data, which
// fields may change in which status, and what a valet still lacks. No clock, no database: the
// service asks these, the unit tests pin them (test/unit/appointment-rules.test.ts).
import type { FieldProblem } from '../../../lib/errors.ts';

/**
 * new → pending (a transport chosen, data it needs missing) → ready (a transport chosen and, for a
 * valet, its moves booked) … canceled. paying / paid / refunded / failed are the consumer-paid
 * appointment's names (doc): kept, never entered here (we take no payments).
 */
export const APPOINTMENT_STATUSES = ['new', 'pending', 'ready', 'paying', 'paid', 'refunded', 'failed', 'canceled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Nothing changes an appointment in these any more. */
export const TERMINAL_STATUSES: readonly AppointmentStatus[] = ['canceled', 'refunded', 'failed'];
/** Before a transport is settled: every mutable field may change. */
const OPEN_STATUSES: readonly AppointmentStatus[] = ['new', 'pending'];

/** The object's transport_type values (doc); `waiter` is the doc's, never asked for by a request. */
export const TRANSPORT_TYPES = ['waiter', 'valet', 'mobile_service', 'shuttle', 'rideshare'] as const;
export type TransportType = (typeof TRANSPORT_TYPES)[number];
/** What a request's `transportation_type` may name (doc: the request and the object differ). */
export const REQUESTED_TRANSPORTS = ['valet', 'mobile_service', 'shuttle', 'rideshare'] as const satisfies readonly TransportType[];

export const SOURCES = ['api', 'dealer-portal', 'spark'] as const;
export type Source = (typeof SOURCES)[number];

/** The fields a PUT replaces and a PATCH may name, by their request names. */
export const MUTABLE_FIELDS = [
  'source_status',
  'transportation_type',
  'appointment_time',
  'consumer_name',
  'consumer_phone',
  'consumer_email',
  'vehicle_make',
  'vehicle_model',
  'vehicle_year',
  'vehicle_color',
  'vehicle_vin',
  'vehicle_manual',
  'consumer_at_pickup',
  'pickup_location_id',
  'delivery_location_id',
  'driver_notes',
  'config',
] as const;
export type MutableField = (typeof MUTABLE_FIELDS)[number];

/** Once a transport is settled (doc table): the consumer's contact, the notes and the config only. */
export const MUTABLE_WHEN_SETTLED: readonly MutableField[] = ['consumer_name', 'consumer_phone', 'driver_notes', 'config'];

/** Object keys a request can never change (doc: id, status, customer_id, move_id, workflow_set_id, timestamps; ours: the scheduler's key). */
export const READ_ONLY_FIELDS = [
  'id',
  'status',
  'customer_id',
  'move_id',
  'workflow_set_id',
  'created_at',
  'updated_at',
  'external_id',
  'source',
  'consumer_vehicle_direction',
] as const;

export const isTerminal = (status: AppointmentStatus) => TERMINAL_STATUSES.includes(status);

/**
 * Why the appointment cannot change at all now, or null. `past`: its time has passed — a PUT's
 * refusal (doc); a PATCH of a settled appointment's contact details stays possible after it.
 */
export function notModifiableReason(status: AppointmentStatus, past: boolean): string | null {
  if (isTerminal(status)) return `the appointment is ${status}`;
  if (past) return 'the appointment time has passed';
  return null;
}

/** Of the fields a change touches, those the status freezes (empty: the change may go ahead). */
export function frozenFields(status: AppointmentStatus, changed: readonly MutableField[]): MutableField[] {
  if (OPEN_STATUSES.includes(status)) return [];
  if (isTerminal(status)) return [...changed];
  return changed.filter((f) => !MUTABLE_WHEN_SETTLED.includes(f));
}

/** Whether a change re-decides the transport (and may book): only while it is not settled. */
export const settlesTransport = (status: AppointmentStatus) => OPEN_STATUSES.includes(status);

/** What a valet's Concierge booking needs of the appointment. */
export interface ValetData {
  pickup_location_id: number | null;
  delivery_location_id: number;
  appointment_time: number | null;
  consumer_name: string | null;
  consumer_phone: string | null;
  vehicle_make: string | null;
  vehicle_model: string | null;
  vehicle_manual: boolean | null;
}

const VALET_NEEDS: readonly [keyof ValetData, string][] = [
  ['pickup_location_id', "the consumer's address, where the driver collects the vehicle"],
  ['appointment_time', 'when the vehicle must be at the dealership'],
  ['consumer_name', 'who the driver meets'],
  ['consumer_phone', 'the number the consumer is texted at'],
  ['vehicle_make', 'what the driver looks for'],
  ['vehicle_model', 'what the driver looks for'],
  ['vehicle_manual', 'only drivers who drive a manual get a manual vehicle'],
];

/** What a valet still lacks (the pending appointment's `problems`); empty when it can be booked. */
export function valetProblems(a: ValetData): FieldProblem[] {
  const problems: FieldProblem[] = VALET_NEEDS.filter(([field]) => a[field] === null).map(([field, why]) => ({
    code: 'field_missing',
    field,
    message: `a valet needs ${field}: ${why}`,
  }));
  if (a.pickup_location_id !== null && a.pickup_location_id === a.delivery_location_id) {
    problems.push({
      code: 'field_invalid',
      field: 'pickup_location_id',
      message: "a valet needs pickup_location_id to differ from delivery_location_id: the consumer's address is not the dealership",
    });
  }
  return problems;
}

/** The status a transport choice leads to (only asked while the transport is not settled). */
export function settledStatus(transport: TransportType | null, problems: readonly FieldProblem[]): AppointmentStatus {
  if (transport === null) return 'new';
  return problems.length ? 'pending' : 'ready';
}

/** The `problems` a rendered appointment lists: a pending valet's, else none. */
export function problemsOf(status: AppointmentStatus, transport: TransportType | null, data: ValetData): FieldProblem[] {
  return status === 'pending' && transport === 'valet' ? valetProblems(data) : [];
}

/** Whether DELETE cancels it (a canceled one answers as it is; refunded and failed are settled for good). */
export function cancelRefusal(status: AppointmentStatus): string | null {
  return status === 'refunded' || status === 'failed' ? `the appointment is ${status}` : null;
}
