// The invoice week (spec §12.3): Sunday 00:00 to Saturday 23:59:59 in the rooftop's time zone (doc
// example 2023-04-09 to 2023-04-15). The bounds are built from local calendar dates — never
// "Sunday + 7 × 24 h" — so a week holding a daylight-saving change is 167 or 169 hours long, as the
// wall clock says. Pure: luxon's zone data, no clock.
import { DateTime } from 'luxon';

export interface InvoiceWeek {
  /** The local Sunday, YYYY-MM-DD. */
  start_date: string;
  /** The local Saturday, YYYY-MM-DD. */
  end_date: string;
  /** Sunday 00:00 local, epoch ms (included). */
  start_ms: number;
  /** The next Sunday 00:00 local, epoch ms (excluded). */
  end_ms: number;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function checkZone(timezone: string): void {
  if (!DateTime.local().setZone(timezone).isValid) throw new RangeError(`not an IANA time zone: ${timezone}`);
}

/**
 * The first instant of a local date. Where a zone skips midnight itself (some zones change clocks at
 * 00:00), luxon moves the missing time forward to the first wall-clock time the day has, which is
 * still the day's first instant.
 */
function startOfLocalDay(date: string, timezone: string): number {
  return DateTime.fromISO(date, { zone: timezone }).startOf('day').toMillis();
}

/** The week that starts on the local Sunday `sunday` (a luxon date, any time of that day). */
function weekFromSunday(sunday: DateTime, timezone: string): InvoiceWeek {
  // Calendar arithmetic on a zone-free date: adding days never lands on a shifted hour.
  const day = DateTime.fromObject({ year: sunday.year, month: sunday.month, day: sunday.day }, { zone: 'UTC' });
  const start_date = day.toISODate()!;
  const next_sunday = day.plus({ days: 7 }).toISODate()!;
  return {
    start_date,
    end_date: day.plus({ days: 6 }).toISODate()!,
    start_ms: startOfLocalDay(start_date, timezone),
    end_ms: startOfLocalDay(next_sunday, timezone),
  };
}

/** The invoice week holding an instant, in the rooftop's zone (RangeError for an unknown zone). */
export function weekOf(instantMs: number, timezone: string): InvoiceWeek {
  if (!Number.isFinite(instantMs)) throw new RangeError(`not a valid instant: ${instantMs}`);
  checkZone(timezone);
  const local = DateTime.fromMillis(instantMs, { zone: timezone });
  // luxon numbers weekdays 1 (Monday) to 7 (Sunday): `% 7` is the days since the last Sunday.
  const sunday = local.minus({ days: local.weekday % 7 });
  return weekFromSunday(sunday, timezone);
}

/**
 * The invoice week that starts on a local Sunday given as YYYY-MM-DD. A date that is not a real
 * date, or not a Sunday, is a RangeError: a week has one name, its Sunday, and a caller holding
 * any other day wants weekContaining.
 */
export function weekStarting(startDate: string, timezone: string): InvoiceWeek {
  const day = localDate(startDate, timezone);
  if (day.weekday !== 7) throw new RangeError(`an invoice week starts on a Sunday: ${startDate} is a ${day.toFormat('cccc')}`);
  return weekFromSunday(day, timezone);
}

/** The invoice week holding a local date given as YYYY-MM-DD (e.g. a `from` filter). */
export function weekContaining(date: string, timezone: string): InvoiceWeek {
  const day = localDate(date, timezone);
  return weekFromSunday(day.minus({ days: day.weekday % 7 }), timezone);
}

/** The week after `week`: what the weekly job opens when one ends. */
export function weekAfter(week: InvoiceWeek, timezone: string): InvoiceWeek {
  return weekOf(week.end_ms, timezone);
}

function localDate(date: string, timezone: string): DateTime {
  checkZone(timezone);
  const day = DATE_RE.test(date) ? DateTime.fromISO(date, { zone: timezone }) : null;
  if (!day?.isValid) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return day;
}
