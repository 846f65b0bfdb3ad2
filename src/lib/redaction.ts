// What logs may say. A tracking link (/track/<token>) is a bearer secret for a live trip, a token
// or secret sent in a query string is one too, and a customer's phone number is personal data: logs
// travel to places (aggregators, support tickets) that the database does not, so they get masks.

/** Query parameters whose values are credentials; matched case-insensitively. */
const SECRET_PARAMS = /([?&](?:access_token|token|client_secret|secret|api_key|apikey|key|signature|sig|password|auth)=)[^&#\s]*/gi;
const TRACK_TOKEN = /\/track\/(?!assets\/)[^/?#\s"']+/g;
// NANP numbers as texts and errors write them: +18045550134, 18045550134, (804) 555-0134, 804-555-0134.
const PHONE = /(?<![\d+])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)/g;

/** The phone number with all but its last two digits hidden: "+1••••••••34". */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length < 4 ? '••' : `${phone.startsWith('+') ? '+' : ''}${'•'.repeat(digits.length - 2)}${digits.slice(-2)}`;
}

/** A URL (or a path with its query) with its tracking token and credential parameters masked. */
export function redactUrl(url: string): string {
  return url.replace(TRACK_TOKEN, '/track/[redacted]').replace(SECRET_PARAMS, '$1[redacted]');
}

/** Free text (a customer text, an error message): URLs as redactUrl, phone numbers as maskPhone. */
export function redactText(text: string): string {
  return redactUrl(text).replace(PHONE, (match) => maskPhone(match));
}
