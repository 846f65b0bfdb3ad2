// Top-level fields shared by the concierge endpoints, and instant fields of any endpoint.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { parseInstant } from '../../../lib/instant.ts';
import type { FieldReader } from '../../../lib/validation.ts';
import type { CustomerAction, CustomerDraft } from './move-type.ts';

export const CUSTOMER_ACTIONS: readonly CustomerAction[] = ['pickup', 'return'];

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
    const parsed = parsePhoneNumberFromString(phone, 'US');
    if (parsed?.isValid() && parsed.country === 'US') phoneE164 = parsed.number;
    else body.invalid('customer_phone', 'customer_phone must be a valid US phone number, such as "804-555-0134"');
  }
  if (name === undefined || phone === undefined || action === undefined || phoneE164 === undefined) return undefined;
  return { name, phone, phoneE164, action };
}
