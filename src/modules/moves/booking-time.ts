// The instant fields of a booking and of an edit (ready-by, appointment): read as the spec writes
// them (§2), not in the past beyond a small grace, at most a year ahead (§5.5).
import { INSTANT_INPUT_MAX, parseInstant } from '../../lib/instant.ts';
import type { FieldReader } from '../../lib/validation.ts';

const PAST_GRACE_MS = 5 * 60_000;
const MAX_AHEAD_MS = 365 * 24 * 3600_000;

/** A booking time (appointment or ready-by): valid, not in the past, at most a year ahead (§5.5). */
export function readBookingTime(body: FieldReader, key: string, now: number): number | undefined {
  const ms = readInstant(body, key);
  if (ms === undefined) return undefined;
  if (isPast(ms, now)) body.invalid(key, `${body.at(key)} is in the past`);
  else if (ms > now + MAX_AHEAD_MS) body.invalid(key, `${body.at(key)} is more than 365 days ahead`);
  else return ms;
  return undefined;
}

/** Earlier than now, beyond the grace that absorbs clock skew between the dealer and us. */
export const isPast = (ms: number, now: number) => ms < now - PAST_GRACE_MS;

export function readInstant(body: FieldReader, key: string): number | undefined {
  const raw = body.string(key, { required: true, max: INSTANT_INPUT_MAX });
  if (raw === undefined) return undefined;
  const ms = parseInstant(raw);
  if (ms === null) {
    body.invalid(
      key,
      `${body.at(key)} must be a date and time such as "2022-03-25T14:00:00Z", "2022-03-25 14:00:00" (UTC) or "2022-03-25T10:00:00-04:00"`,
    );
    return undefined;
  }
  return ms;
}

