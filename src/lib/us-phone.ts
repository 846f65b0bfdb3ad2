// US phone numbers as the API takes them (customer_phone, a driver's phone): any common way of
// writing a valid US number, kept in E.164. Premium-rate numbers are refused: texting one costs the
// sender, so a booking could be used to bill us. libphonenumber knows the 900 area code as premium;
// the 976 exchange (premium in many US area codes: 1-NPA-976-XXXX) it does not, hence the rule here.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** The longest phone field read (as sent: spaces, dashes, "+1", an extension). */
export const PHONE_MAX = 40;

export type UsPhone = { e164: string } | { problem: 'invalid' | 'premium_rate' };

export function parseUsPhone(raw: string): UsPhone {
  const parsed = parsePhoneNumberFromString(raw, 'US');
  if (!parsed?.isValid() || parsed.country !== 'US') return { problem: 'invalid' };
  const national = String(parsed.nationalNumber);
  if (parsed.getType() === 'PREMIUM_RATE' || national.startsWith('900') || national.slice(3, 6) === '976') {
    return { problem: 'premium_rate' };
  }
  return { e164: parsed.number };
}

/**
 * Any number as it arrives from outside (an inbound text's From: maybe not a US number, maybe not a
 * valid one), in E.164 when it parses at all, US by default; otherwise as sent, trimmed. Lenient on
 * purpose: it only has to match what was stored for the same phone.
 */
export function toE164(raw: string): string {
  const trimmed = raw.trim();
  return parsePhoneNumberFromString(trimmed, 'US')?.number ?? trimmed;
}

/** The message for a phone field that parseUsPhone refused. */
export function usPhoneProblem(field: string, problem: 'invalid' | 'premium_rate'): string {
  return problem === 'premium_rate'
    ? `${field} must not be a premium-rate number (1-900, or a 976 exchange)`
    : `${field} must be a valid US phone number, such as "804-555-0134"`;
}
