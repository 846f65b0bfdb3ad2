/**
 * Strict parsing and formatting of UTC instants (epoch milliseconds).
 *
 * We deliberately avoid `Date.parse`: it accepts many loose forms, interprets
 * zone-less strings as local time and silently rolls impossible dates over
 * (2023-02-29 -> Mar 1). Every instant entering the API must be unambiguous.
 */

// date, separator (T or space), time with mandatory seconds, optional fraction, optional zone.
const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})([Tt ])(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})?$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Offset in minutes east of UTC, or null when out of range. */
function parseOffset(zone: string): number | null {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/** The longest instant a request field may hold (the forms above with a fraction fit easily). */
export const INSTANT_INPUT_MAX = 40;

/**
 * Parses `YYYY-MM-DDTHH:mm:ss(.fff)?(Z|±HH:MM|±HHMM)` or
 * `YYYY-MM-DD HH:mm:ss(.fff)?` (space form: zone optional, UTC when absent).
 * Fractions beyond milliseconds are truncated. Returns null for anything else.
 */
export function parseInstant(input: string): number | null {
  const m = INSTANT_RE.exec(input.trim());
  if (!m) return null;
  const [, y, mo, d, sep, h, mi, s, frac, zone] = m;
  // A `T` without a zone is local time in ISO 8601 — ambiguous for a server, so reject it.
  if ((sep === 'T' || sep === 't') && zone === undefined) return null;

  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null; // no leap seconds, no 24:00

  const offsetMinutes = zone === undefined ? 0 : parseOffset(zone);
  if (offsetMinutes === null) return null;
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));

  // setUTCFullYear rather than Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime() - offsetMinutes * 60_000;
}

/** `2022-03-25T13:37:00Z` — UTC, whole seconds (any fraction is dropped). */
export function formatInstant(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${ms}`);
  // floor (not trunc) so pre-1970 instants also drop the fraction towards the earlier second.
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  return new Date(wholeSecond).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function floorToMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}
