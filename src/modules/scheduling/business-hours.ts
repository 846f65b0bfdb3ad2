import { DateTime } from 'luxon';
import { zoneAbbreviation } from '../../lib/zone-abbreviation.ts';

/**
 * Service-lot business hours. All wall-clock arithmetic is done by luxon in the
 * lot's IANA zone, building each day's open/close from the local date + time
 * (never "start of day + N hours"), so daylight-saving changes are handled.
 */

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export type DayHours = { open: string; close: string } | null;
/** Local "HH:mm" times; open inclusive, close exclusive; null = closed all day. */
export type WeeklyHours = Record<Weekday, DayHours>;

/** Indexed by luxon's weekday - 1 (luxon: 1 = Monday … 7 = Sunday). */
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export const DEFAULT_HOURS: WeeklyHours = Object.freeze({
  mon: Object.freeze({ open: '07:00', close: '19:00' }),
  tue: Object.freeze({ open: '07:00', close: '19:00' }),
  wed: Object.freeze({ open: '07:00', close: '19:00' }),
  thu: Object.freeze({ open: '07:00', close: '19:00' }),
  fri: Object.freeze({ open: '07:00', close: '19:00' }),
  sat: Object.freeze({ open: '07:00', close: '19:00' }),
  sun: null,
});

export interface ServiceLotCalendar {
  timezone: string; // IANA zone, e.g. "America/New_York"
  hours: WeeklyHours;
  holidays: string[]; // 'YYYY-MM-DD' local dates
}

const SEARCH_DAYS = 370; // a bit more than a year, so an annual closure pattern can't hide an opening
const LOCALE = 'en-US'; // fixed so messages (and "EDT"-style abbreviations) don't depend on the host

/** Minutes since local midnight for "HH:mm"; "24:00" is allowed (close only) to mean end of day. */
function minutesOf(hhmm: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return null;
  const total = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[2]) < 60 && total <= 24 * 60 ? total : null;
}

/** The local wall-clock time `hhmm` on `day`'s date, as an instant in the lot's zone. */
function atLocalTime(day: DateTime, hhmm: string): DateTime {
  const minutes = minutesOf(hhmm);
  // Hours normally come through parseWeeklyHours, but a hand-built calendar could be wrong.
  if (minutes === null) throw new RangeError(`invalid local time "${hhmm}", expected HH:mm`);
  if (minutes === 24 * 60) return day.plus({ days: 1 }).startOf('day');
  // In a spring-forward gap luxon moves the time forward (02:30 -> 03:30), which is what we want.
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });
}

interface DayWindow {
  open: DateTime;
  close: DateTime;
}

function windowFor(day: DateTime, lot: ServiceLotCalendar, holidays: Set<string>): DayWindow | null {
  if (holidays.has(day.toISODate() ?? '')) return null;
  const hours = lot.hours[WEEKDAYS[day.weekday - 1] ?? 'mon'];
  if (!hours) return null;
  return { open: atLocalTime(day, hours.open), close: atLocalTime(day, hours.close) };
}

const fmtTime = (dt: DateTime) => `${dt.toFormat('h:mm a')} ${zoneAbbreviation(dt)}`;
const fmtDay = (dt: DateTime) => dt.toFormat('ccc, LLL d');

/**
 * The earliest instant at or after `readyByMs` when the lot is open. If the lot
 * is open at `readyByMs` it is returned unchanged with a null message; otherwise
 * the next opening, with a message (in the lot's local time) explaining why.
 */
export function earliestAvailable(
  readyByMs: number,
  lot: ServiceLotCalendar,
): { earliestMs: number; message: string | null } {
  const readyBy = DateTime.fromMillis(readyByMs, { zone: lot.timezone, locale: LOCALE });
  if (!readyBy.isValid) {
    throw new RangeError(`invalid instant or time zone: ${readyByMs} in ${lot.timezone}`);
  }
  const holidays = new Set(lot.holidays);
  const today = windowFor(readyBy, lot, holidays);

  if (today && readyBy < today.open) {
    return { earliestMs: today.open.toMillis(), message: `Service lot opens at ${fmtTime(today.open)}` };
  }
  if (today && readyBy < today.close) {
    return { earliestMs: readyByMs, message: null };
  }

  const reason = holidays.has(readyBy.toISODate() ?? '')
    ? `Service lot is closed for a holiday on ${fmtDay(readyBy)}`
    : 'Service lot is closed at that time';
  for (let i = 1; i <= SEARCH_DAYS; i++) {
    // plus({ days }) is calendar arithmetic in luxon, so it keeps the local date right across DST.
    const next = windowFor(readyBy.plus({ days: i }), lot, holidays);
    if (next) {
      return {
        earliestMs: next.open.toMillis(),
        message: `${reason}; it opens ${fmtDay(next.open)} at ${fmtTime(next.open)}`,
      };
    }
  }
  return { earliestMs: readyByMs, message: 'Service lot has no opening hours' };
}

/**
 * Parses the rooftop row's hours JSON; null means the row has none (DEFAULT_HOURS).
 * Throws on malformed data rather than guessing, so a bad row is noticed.
 * Expected: all seven keys, each null or { open: "HH:mm", close: "HH:mm" } with open < close.
 */
export function parseWeeklyHours(json: string | null): WeeklyHours {
  if (json === null) return DEFAULT_HOURS;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('weekly hours: not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('weekly hours: expected an object keyed by mon..sun');
  }
  const record = raw as Record<string, unknown>;
  const unknownKeys = Object.keys(record).filter((k) => !(WEEKDAYS as readonly string[]).includes(k));
  if (unknownKeys.length > 0) throw new Error(`weekly hours: unknown day(s) ${unknownKeys.join(', ')}`);

  const result = {} as WeeklyHours;
  for (const day of WEEKDAYS) {
    const value = record[day];
    if (value === null) {
      result[day] = null;
      continue;
    }
    if (typeof value !== 'object') {
      throw new Error(`weekly hours: ${day} must be null or { open, close }`);
    }
    const { open, close } = value as Record<string, unknown>;
    const openMin = typeof open === 'string' ? minutesOf(open) : null;
    const closeMin = typeof close === 'string' ? minutesOf(close) : null;
    if (openMin === null || closeMin === null || openMin >= closeMin) {
      throw new Error(`weekly hours: ${day} needs "HH:mm" open before close`);
    }
    result[day] = { open: open as string, close: close as string };
  }
  return result;
}
