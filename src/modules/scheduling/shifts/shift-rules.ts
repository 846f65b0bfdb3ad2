// Drivers' shifts (spec §11.2) as pure rules: how long a shift may be, how a weekly pattern is laid
// out in local time (DST-safe), and which shifts overlap. Nothing here reads a clock or a database.
import { DateTime } from 'luxon';

/** A shift is at most a day: longer is a typo (capacity reads a day around its span on that basis). */
export const MAX_SHIFT_MS = 24 * 3_600_000;
/** A pattern covers at most a year (and a leap day): 366 dates from `from` to `to`, both included. */
export const MAX_PATTERN_DAYS = 366;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A weekly pattern: on each of `days` from `from` to `to` (local dates), `start` to `end` local time. */
export interface WeeklyPattern {
  days: readonly Weekday[];
  /** "HH:mm". An `end` at or before `start` is the next day's (an overnight shift). */
  start: string;
  end: string;
  /** "YYYY-MM-DD", both included. */
  from: string;
  to: string;
}

export interface Span {
  startsAt: number;
  endsAt: number;
}

/** One shift of a pattern: the local date it starts on and its instants. */
export interface LaidOutShift extends Span {
  date: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The pattern's shifts in `zone`. Each day's start and end are built from its local date and the
 * local times, never by adding hours to an instant, so 08:00 stays 08:00 across a DST change (a
 * time that does not exist that day, in the spring-forward gap, moves forward by the gap, as luxon does).
 */
export function layOutPattern(pattern: WeeklyPattern, zone: string): LaidOutShift[] {
  const days = new Set(pattern.days);
  const overnight = minutesOf(pattern.end) <= minutesOf(pattern.start);
  const at = (date: DateTime, hhmm: string) =>
    DateTime.fromObject(
      { year: date.year, month: date.month, day: date.day, hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)) },
      { zone },
    ).toMillis();
  const last = DateTime.fromISO(pattern.to, { zone: 'UTC' });
  const shifts: LaidOutShift[] = [];
  // Dates are walked as calendar dates (in UTC, where every day has 24 hours); times are then placed in the zone.
  for (let date = DateTime.fromISO(pattern.from, { zone: 'UTC' }); date <= last; date = date.plus({ days: 1 })) {
    if (!days.has(WEEKDAYS[date.weekday - 1]!)) continue;
    shifts.push({ date: date.toISODate()!, startsAt: at(date, pattern.start), endsAt: at(overnight ? date.plus({ days: 1 }) : date, pattern.end) });
  }
  return shifts;
}

/** Days from `from` to `to` (dates "YYYY-MM-DD"), both included. */
export function datesBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days) + 1;
}

/** Whether two half-open spans overlap (a shift ending at 12:00 and one starting at 12:00 do not). */
export const overlap = (a: Span, b: Span) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

/** The first pair of overlapping spans of one list, by start; null when none overlap. */
export function firstOverlap<T extends Span>(spans: readonly T[]): [T, T] | null {
  const sorted = [...spans].sort((a, b) => a.startsAt - b.startsAt);
  // Sorted by start, a span overlaps an earlier one exactly when it overlaps the latest-ending of them.
  let latest = sorted[0];
  for (const span of sorted.slice(1)) {
    if (overlap(latest!, span)) return [latest!, span];
    if (span.endsAt > latest!.endsAt) latest = span;
  }
  return null;
}
