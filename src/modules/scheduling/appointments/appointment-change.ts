// What a PUT or PATCH does to an appointment (spec §11.4), decided from the stored row and the
// values asked for, with no I/O: refused (and why, naming each field), nothing to do, a write
// with the status that follows, or a valet to book first. The service carries the decision out.
import type { AppointmentRow } from '../../../db/schema.ts';
import { ApiError, type FieldProblem } from '../../../lib/errors.ts';
import { isPast } from '../../moves/booking-time.ts';
import type { AppointmentValues, ReadOnlySent } from './appointment-fields.ts';
import { appointmentDocument, valuesOf } from './appointment-document.ts';
import {
  type AppointmentStatus,
  frozenFields,
  MUTABLE_FIELDS,
  type MutableField,
  notModifiableReason,
  settledStatus,
  settlesTransport,
  valetProblems,
} from './appointment-rules.ts';

export type ChangeKind = 'replace' | 'patch';

export type ChangeDecision =
  | { kind: 'unchanged' }
  | { kind: 'write'; values: AppointmentValues; status: AppointmentStatus; changed: MutableField[] }
  /** A complete valet while the transport is open: its moves are booked with the write. */
  | { kind: 'book'; values: AppointmentValues; changed: MutableField[] };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields whose value differs. */
export function changedFields(before: AppointmentValues, after: AppointmentValues): MutableField[] {
  return MUTABLE_FIELDS.filter((f) => !same(before[f], after[f]));
}

/**
 * Read-only keys of the object sent back with another value: refused (ours), so that a client
 * learns its change did not happen; sent unchanged (a GET's object edited and sent back) they pass.
 */
export function readOnlyProblems(row: AppointmentRow, sent: ReadOnlySent): FieldProblem[] {
  const doc = appointmentDocument(row) as Record<string, unknown>;
  return Object.entries(sent)
    .filter(([key, value]) => !same(doc[key], value))
    .map(([key]) => ({ code: 'field_invalid', field: key, message: `${key} is set by Handoff and cannot be changed` }));
}

function refuse(message: string, problems: FieldProblem[] = []): never {
  throw new ApiError('appointment_not_modifiable', message, problems);
}

/** The values after the request: a PUT's as sent, a PATCH's over the stored ones. */
export function valuesAfter(row: AppointmentRow, kind: ChangeKind, sent: Partial<AppointmentValues>): AppointmentValues {
  return kind === 'replace' ? (sent as AppointmentValues) : { ...valuesOf(row), ...sent };
}

export function decideChange(
  row: AppointmentRow,
  change: { kind: ChangeKind; values: AppointmentValues; readOnly: ReadOnlySent },
  now: number,
): ChangeDecision {
  const status = row.status as AppointmentStatus;
  const readOnly = readOnlyProblems(row, change.readOnly);
  if (readOnly.length) throw ApiError.fromProblems(readOnly);
  // Doc: a PUT is refused once the appointment's time has passed; a PATCH keeps the field table.
  const past = change.kind === 'replace' && row.appointment_time !== null && row.appointment_time < now;
  const reason = notModifiableReason(status, past);
  if (reason) refuse(`this appointment can no longer be changed: ${reason}`);

  const changed = changedFields(valuesOf(row), change.values);
  if (!changed.length) return { kind: 'unchanged' };
  const frozen = frozenFields(status, changed);
  if (frozen.length) {
    const problems = frozen.map((field) => ({
      code: 'appointment_not_modifiable' as const,
      field,
      message: `${field} cannot change once the appointment is ${status}: only consumer_name, consumer_phone, driver_notes and config can`,
    }));
    refuse(problems[0]!.message, problems);
  }
  const time = change.values.appointment_time;
  if (changed.includes('appointment_time') && time !== null && isPast(time, now)) {
    throw ApiError.fromProblems([{ code: 'field_invalid', field: 'appointment_time', message: 'appointment_time is in the past' }]);
  }
  if (!settlesTransport(status)) return { kind: 'write', values: change.values, status, changed };

  const transport = change.values.transportation_type;
  const problems = transport === 'valet' ? valetProblems(change.values) : [];
  if (transport === 'valet' && !problems.length) return { kind: 'book', values: change.values, changed };
  return { kind: 'write', values: change.values, status: settledStatus(transport, problems), changed };
}
