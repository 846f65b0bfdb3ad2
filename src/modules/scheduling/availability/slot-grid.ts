// The slots of a local day (spec §11.3): every 30 minutes from the rooftop's local midnight to the
// next, stepped in real time, so a daylight-saving day has 46 or 50 slots and no slot is skipped
// or listed twice. Pure: luxon does the zone arithmetic.
import { DateTime } from 'luxon';

export const SLOT_MINUTES = 30;
const SLOT_MS = SLOT_MINUTES * 60_000;

/** Whether `date` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date, { zone: 'UTC' }).isValid;
}

/** The instant the local day `date` starts in `zone` (its midnight, or the first instant after a gap). */
function dayStart(date: string, zone: string): DateTime {
  return DateTime.fromISO(date, { zone }).startOf('day');
}

/** The start of every slot of the local day `date` in `zone`, in order (epoch ms). */
export function daySlots(date: string, zone: string): number[] {
  const start = dayStart(date, zone);
  // plus({ days: 1 }) is calendar arithmetic: the next local midnight, whatever the day's length.
  const end = start.plus({ days: 1 }).toMillis();
  const slots: number[] = [];
  for (let at = start.toMillis(); at < end; at += SLOT_MS) slots.push(at);
  return slots;
}

/** The local date (YYYY-MM-DD) of an instant in `zone`. */
export function localDate(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISODate()!;
}

/** Whether `ms` starts a slot of its own local day in `zone`. */
export function isSlotStart(ms: number, zone: string): boolean {
  const from = dayStart(localDate(ms, zone), zone).toMillis();
  return (ms - from) % SLOT_MS === 0;
}

/** The most days ahead a day may be asked for (as bookings, spec §5.5). */
export const MAX_DAYS_AHEAD = 365;

/** Why the local day `date` cannot be asked for now in `zone` (before today, or over a year ahead), or null. */
export function dateRangeProblem(date: string, zone: string, now: number): string | null {
  const today = localDate(now, zone);
  // YYYY-MM-DD strings compare as the dates they are.
  if (date < today) return `${date} is before today (${today} in ${zone})`;
  const last = plusDays(today, MAX_DAYS_AHEAD);
  return date > last ? `${date} is more than ${MAX_DAYS_AHEAD} days ahead (the last day is ${last} in ${zone})` : null;
}

/** `date` plus `days` calendar days (YYYY-MM-DD). */
export function plusDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}
