// Reading POST /v1/ops/drivers/:id/shifts (and `handoff shift add`'s flags, sent as the same body):
// one shift { starts_at, ends_at, region_id? }, or a weekly pattern { pattern: { days, start, end,
// from, to }, region_id?, timezone? } laid out here into its shifts. Every problem is listed (spec §4).
import { IANAZone } from 'luxon';
import { INSTANT_INPUT_MAX, parseInstant } from '../../../lib/instant.ts';
import { type FieldReader, readFields, readFieldsAsync } from '../../../lib/validation.ts';
import type { NewShifts, RegionLookup } from './shift-fields.ts';
import { datesBetween, firstOverlap, type LaidOutShift, layOutPattern, MAX_PATTERN_DAYS, MAX_SHIFT_MS, type WeeklyPattern, WEEKDAYS } from './shift-rules.ts';

/** Longest IANA zone name we take ("America/Argentina/ComodRivadavia" is 32). */
export const TIMEZONE_MAX = 64;
export const TIME_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
export const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

export async function readNewShifts(body: Record<string, unknown>, regionOf: RegionLookup): Promise<NewShifts> {
  return readFieldsAsync(body, async (r) => {
    const regionId = r.integer('region_id', { required: false });
    const region = typeof regionId === 'number' ? await regionOf(regionId) : null;
    if (typeof regionId === 'number' && !region) r.invalid('region_id', `region_id ${regionId} is not a region you can see`);
    if (r.isAbsent('pattern')) return { regionId, shifts: readOneShift(r), field: 'starts_at' as const };
    if (!r.isAbsent('starts_at') || !r.isAbsent('ends_at')) {
      r.invalid('pattern', 'send either starts_at and ends_at (one shift) or pattern (a weekly pattern), not both');
    }
    // A region_id that is not one (or not a region) leaves the zone unknown: no problem about timezone then.
    const zone = readZone(r, r.isAbsent('region_id') ? null : region?.timezone);
    return { regionId, shifts: readPatternShifts(r, zone), field: 'pattern' as const };
  });
}

function readInstantField(r: FieldReader, key: string): number | undefined {
  const raw = r.string(key, { required: true, max: INSTANT_INPUT_MAX });
  if (raw === undefined) return undefined;
  const ms = parseInstant(raw);
  if (ms === null) r.invalid(key, `${r.at(key)} must be a date and time such as "2026-03-25T08:00:00-04:00" or "2026-03-25T12:00:00Z"`);
  return ms ?? undefined;
}

function readOneShift(r: FieldReader): NewShifts['shifts'] {
  const startsAt = readInstantField(r, 'starts_at');
  const endsAt = readInstantField(r, 'ends_at');
  if (startsAt === undefined || endsAt === undefined) return [];
  if (endsAt <= startsAt) r.invalid('ends_at', 'ends_at must be later than starts_at');
  else if (endsAt - startsAt > MAX_SHIFT_MS) r.invalid('ends_at', 'a shift is at most 24 hours long: ends_at is more than 24 hours after starts_at');
  return [{ date: null, startsAt, endsAt }];
}

/**
 * The zone a pattern is laid out in: its region's; with no region (a shift for every rooftop), the
 * `timezone` sent, which is then required. With a region, a `timezone` that is not the region's is
 * refused rather than silently ignored or obeyed. `regionZone` undefined: the region is unknown.
 */
function readZone(r: FieldReader, regionZone: string | null | undefined): string | undefined {
  const sent = r.string('timezone', { required: regionZone === null, max: TIMEZONE_MAX });
  if (typeof sent === 'string' && !IANAZone.isValidZone(sent)) {
    r.invalid('timezone', 'timezone must be an IANA time zone such as "America/New_York"');
    return undefined;
  }
  if (regionZone === null) return sent ?? undefined;
  if (typeof sent === 'string' && regionZone !== undefined && sent !== regionZone) {
    r.invalid('timezone', `the pattern is laid out in its region's time zone, ${regionZone}; leave timezone out`);
  }
  return regionZone;
}

function readPatternShifts(r: FieldReader, zone: string | undefined): NewShifts['shifts'] {
  const p = r.object('pattern', { required: true });
  if (!p) return [];
  const days = readDays(p);
  const start = readTime(p, 'start');
  const end = readTime(p, 'end');
  const from = readDate(p, 'from');
  const to = readDate(p, 'to');
  if (start !== undefined && start === end) p.invalid('end', `${p.at('end')} must differ from ${p.at('start')} (an end before the start is the next day's)`);
  if (from !== undefined && to !== undefined) {
    if (to < from) p.invalid('to', `${p.at('to')} must be on or after ${p.at('from')}`);
    else if (datesBetween(from, to) > MAX_PATTERN_DAYS) p.invalid('to', `a pattern covers at most ${MAX_PATTERN_DAYS} days: ${p.at('to')} is too far after ${p.at('from')}`);
  }
  if (!r.problems.empty || !days || !start || !end || !from || !to || !zone) return [];
  return checkedLayout(p, { days, start, end, from, to }, zone);
}

/** The laid-out shifts, or the problems with them: none on the days asked, one longer than a day, two overlapping. */
function checkedLayout(p: FieldReader, pattern: WeeklyPattern, zone: string): LaidOutShift[] {
  const shifts = layOutPattern(pattern, zone);
  if (!shifts.length) p.invalid('days', `no date from ${pattern.from} to ${pattern.to} falls on ${pattern.days.join(', ')}`);
  const long = shifts.find((s) => s.endsAt - s.startsAt > MAX_SHIFT_MS);
  if (long) p.invalid('end', `a shift is at most 24 hours long: the one of ${long.date} is longer (a clock change in ${zone})`);
  const both = firstOverlap(shifts);
  if (both) p.invalid('end', `the shifts of ${both[0].date} and ${both[1].date} overlap`);
  return shifts;
}

function readDays(p: FieldReader): WeeklyPattern['days'] | undefined {
  const v = p.value.days;
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) {
    p.invalid('days', `${p.at('days')} is required: weekdays such as ["mon", "tue"]`, 'field_missing');
    return undefined;
  }
  if (!Array.isArray(v)) {
    p.invalid('days', `${p.at('days')} must be an array of weekdays such as ["mon", "tue"]`);
    return undefined;
  }
  const days: (typeof WEEKDAYS)[number][] = [];
  v.forEach((d, i) => {
    const day = typeof d === 'string' ? d.trim().toLowerCase() : d;
    if ((WEEKDAYS as readonly unknown[]).includes(day)) days.push(day as (typeof WEEKDAYS)[number]);
    else p.invalid(`days.${i}`, `${p.at(`days.${i}`)} must be one of ${WEEKDAYS.map((w) => `"${w}"`).join(', ')}`);
  });
  return days.length === v.length ? days : undefined;
}

function readTime(p: FieldReader, key: 'start' | 'end'): string | undefined {
  const raw = p.string(key, { required: true, max: 5 });
  if (raw === undefined) return undefined;
  if (new RegExp(TIME_PATTERN).test(raw)) return raw;
  p.invalid(key, `${p.at(key)} must be a local time "HH:mm" from 00:00 to 23:59`);
  return undefined;
}

function readDate(p: FieldReader, key: 'from' | 'to'): string | undefined {
  const raw = p.string(key, { required: true, max: 10 });
  if (raw === undefined) return undefined;
  // parseInstant refuses impossible dates (2026-02-30), which a pattern must too.
  if (new RegExp(DATE_PATTERN).test(raw) && parseInstant(`${raw} 00:00:00`) !== null) return raw;
  p.invalid(key, `${p.at(key)} must be a date "YYYY-MM-DD"`);
  return undefined;
}

/** The longest from/to a list query takes. */
export const QUERY_INSTANT_MAX = 64;
const DAY_MS = 24 * 3_600_000;
/** Without `to`, a month from `from`; a list covers at most a year. */
const DEFAULT_LIST_DAYS = 31;

/** GET …/shifts?from=&to=: the shifts overlapping [from, to); from defaults to now. */
export function readShiftListQuery(raw: unknown, now: number): { from: number; until: number } {
  return readFields(raw, (q) => {
    const from = readQueryInstant(q, 'from') ?? now;
    const until = readQueryInstant(q, 'to') ?? from + DEFAULT_LIST_DAYS * DAY_MS;
    if (until <= from) q.invalid('to', 'to must be later than from (from is inclusive, to is exclusive)');
    else if (until - from > MAX_PATTERN_DAYS * DAY_MS) q.invalid('to', `a list covers at most ${MAX_PATTERN_DAYS} days from from`);
    return { from, until };
  });
}

/** An instant of a query string; a `+` of an offset arrives as a space unless percent-encoded. */
function readQueryInstant(q: FieldReader, key: string): number | null {
  const raw = q.string(key, { required: false, max: QUERY_INSTANT_MAX });
  if (raw === null || raw === undefined) return null;
  const ms = parseInstant(raw.replace(/(\d{2}:\d{2}:\d{2}(?:\.\d+)?) (\d{2}:?\d{2})$/, '$1+$2'));
  if (ms === null) q.invalid(key, `${key} must be an instant such as 2026-03-25T14:00:00Z (ISO 8601 with Z or an offset)`);
  return ms;
}
