// Every time the portal shows or reads, in one place: an instant is shown as the clock of the rooftop
// it belongs to shows it, zone named ("Dec 9, 9:37 AM EST"), and a wall time typed into a
// datetime-local input (which has no zone) is read in that zone. The browser's own zone is never
// used for a move: a service advisor books in the service lot's time wherever their computer thinks
// it is, and a dispatcher reads every rooftop's times as that rooftop's clock.

/** How much of the instant is shown; each names its zone. */
export type TimeStyle =
  /** "9:37 AM EST" (a board card: the day is the board's) */
  | 'time'
  /** "Dec 9, 9:37 AM EST" */
  | 'dateTime'
  /** "Wed, Dec 9, 9:37 AM EST" (booking, shifts) */
  | 'weekdayDateTime'
  /** "Dec 9, 9:37:05 AM EST" (positions, deliveries: seconds matter) */
  | 'dateTimeSeconds';

const STYLES: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  time: { hour: 'numeric', minute: '2-digit' },
  dateTime: { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
  weekdayDateTime: { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
  dateTimeSeconds: { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' },
};

// Building an Intl.DateTimeFormat is slow next to using one; a list shows hundreds of times.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f;
}

/** The browser's zone: only for what belongs to no rooftop (the desk's own clock). */
export const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * An instant in `timeZone` with the zone's short name, or "—" when there is none. An unknown zone
 * (a rooftop row with a bad value) falls back to the browser's zone, still named, rather than throw.
 */
export function formatZoned(iso: string | null | undefined, timeZone: string | null | undefined, style: TimeStyle = 'dateTime'): string {
  if (!iso) return '—';
  const make = (zone: string | undefined) => () => new Intl.DateTimeFormat('en-US', { ...STYLES[style], timeZone: zone, timeZoneName: 'short' });
  try {
    return formatter(`${style}\u0000${timeZone ?? ''}`, make(timeZone ?? undefined)).format(new Date(iso));
  } catch {
    return formatter(`${style}\u0000`, make(undefined)).format(new Date(iso));
  }
}

/** "Nov 29 – Dec 5, 2026": the days from `startIso` to `endIso` as calendar days in `timeZone`. */
export function formatDayRange(startIso: string, endIso: string, timeZone: string): string {
  const day = formatter(`range\u0000${timeZone}`, () => new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone }));
  return day.formatRange(new Date(startIso), new Date(endIso));
}

/** The zone's offset from UTC, in ms, at the instant `ms` (positive east of Greenwich). */
function offsetAt(ms: number, timeZone: string): number {
  const f = formatter(`offset\u0000${timeZone}`, () =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
  );
  const parts = f.formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(ms / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const DAY = 86_400_000;

/**
 * "2026-03-25T10:00" in `timeZone` → "2026-03-25T14:00:00Z"; null for anything else. The zone's
 * offsets a day either side are the only candidates (its changes are months apart): a candidate
 * holds when the zone has that offset at the instant it gives. A wall time that happens twice
 * (fall-back) is the first of the two; one that does not exist (skipped at spring-forward) is read
 * with the offset before the change, so it lands an hour later, as clocks do.
 */
export function zonedToUtc(local: string, timeZone: string): string | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  const before = offsetAt(wall - DAY, timeZone);
  const held = [before, offsetAt(wall + DAY, timeZone)].map((o) => wall - o).filter((ms) => wall - offsetAt(ms, timeZone) === ms);
  const ms = held.length ? Math.min(...held) : wall - before;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An instant → the datetime-local value of its wall time in `timeZone` ("2026-03-25T10:00"). */
export function utcToZoned(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  return new Date(ms + offsetAt(ms, timeZone)).toISOString().slice(0, 16);
}

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export const zonedToday = (timeZone: string, now = Date.now()): string => new Date(now + offsetAt(now, timeZone)).toISOString().slice(0, 10);

/** "Eastern Daylight Time": the zone's name now, for the label of a time input. */
export function zoneName(timeZone: string, now = Date.now()): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'long' }).formatToParts(new Date(now)).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}
