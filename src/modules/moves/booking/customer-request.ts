// Top-level fields shared by the concierge endpoints (the instant fields are in ../booking-time.ts).
import { PHONE_MAX, parseUsPhone, usPhoneProblem } from '../../../lib/us-phone.ts';
import type { FieldReader } from '../../../lib/validation.ts';
import type { CustomerAction, CustomerDraft } from './move-type.ts';

export { isPast, readBookingTime, readInstant } from '../booking-time.ts';

export const CUSTOMER_ACTIONS: readonly CustomerAction[] = ['pickup', 'return'];
export const CUSTOMER_NAME_MAX = 200;

export function readCustomer(body: FieldReader): CustomerDraft | undefined {
  const name = body.string('customer_name', { required: true, max: CUSTOMER_NAME_MAX });
  const phone = body.string('customer_phone', { required: true, max: PHONE_MAX, acceptNumber: true });
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
