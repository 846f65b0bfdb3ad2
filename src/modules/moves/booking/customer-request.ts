// Top-level fields shared by the concierge endpoints, and instant fields of any endpoint.
import { parseUsPhone, usPhoneProblem } from '../../../lib/us-phone.ts';
import { parseInstant } from '../../../lib/instant.ts';
import type { FieldReader } from '../../../lib/validation.ts';
import type { CustomerAction, CustomerDraft } from './move-type.ts';

export const CUSTOMER_ACTIONS: readonly CustomerAction[] = ['pickup', 'return'];

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
  const raw = body.string(key, { required: true, max: 40 });
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

export function readCustomer(body: FieldReader): CustomerDraft | undefined {
  const name = body.string('customer_name', { required: true, max: 200 });
  const phone = body.string('customer_phone', { required: true, max: 40, acceptNumber: true });
  const action = body.oneOf('customer_action', CUSTOMER_ACTIONS, { required: true });
  let phoneE164: string | undefined;
  if (phone !== undefined) {
    const parsed = parseUsPhone(phone);
    if ('e164' in parsed) phoneE164 = parsed.e164;
    else body.invalid('customer_phone', usPhoneProblem(body.at('customer_phone'), parsed.problem));
  }
  if (name === undefined || phone === undefined || action === undefined || phoneE164 === undefined) return undefined;
  return { name, phone, phoneE164, action };
}
