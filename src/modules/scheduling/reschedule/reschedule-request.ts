// Reading POST /v1/ops/moves/:id/reschedule (spec §11.5) into a typed command: exactly one of the two
// time fields, read as bookings read them (valid, not in the past, at most a year ahead); a reason;
// `force`. Every problem at once (spec §4). Which of the two times the move takes is the service's
// to say: it depends on the move's kind.
import { FieldReader, Problems } from '../../../lib/validation.ts';
import { readBookingTime } from '../../moves/booking-time.ts';
import { REASON_MAX, RESCHEDULE_TIME_FIELDS } from './reschedule-rules.ts';
import type { RescheduleCommand } from './reschedule.service.ts';

/** The error handler renders a problem's null field as `field: null` (FieldProblem types it a string). */
const NO_FIELD = null as unknown as string;
const ONE_OF = 'send exactly one of appointment_time_utc (Concierge and Concierge + Loaner moves) and ready_by_time_utc (One-way and Round-trip moves)';

export function readRescheduleCommand(body: Record<string, unknown>, now: number): RescheduleCommand {
  const problems = new Problems();
  const reader = FieldReader.root(problems, body);
  const sent = RESCHEDULE_TIME_FIELDS.filter((field) => !reader.isAbsent(field));
  // Neither: a problem of no one field (rendered `field: null`, as a PATCH without any field is),
  // its message naming both — a field_missing at each would call each of them required.
  if (sent.length === 0) problems.list.push({ code: 'field_missing', field: NO_FIELD, message: ONE_OF });
  // Each time sent is read (its own problems are told too), whether or not it may be used.
  const times = sent.map((field) => ({ field, ms: readBookingTime(reader, field, now) }));
  if (sent.length === 2) for (const field of sent) reader.invalid(field, `${field}: ${ONE_OF}, not both`);
  const reason = reader.string('reason', { required: true, max: REASON_MAX });
  const force = reader.boolean('force', { required: false }) ?? false;
  problems.throwIfAny();
  return { time: { field: times[0]!.field, ms: times[0]!.ms! }, reason: reason!, force };
}
