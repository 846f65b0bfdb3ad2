// Wall-clock times in the rooftop's time zone (an <input type="datetime-local"> value, which has
// no zone) to and from the API's UTC instants. The browser's own zone is never used: a service
// advisor books in the service lot's time wherever their computer thinks it is.

/** The zone's offset from UTC, in ms, at the instant `ms` (positive east of Greenwich). */
function offsetAt(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(ms / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * "2026-03-25T10:00" in `timeZone` → "2026-03-25T14:00:00Z"; null for anything else. The offset is
 * taken twice (at the first guess, then at the result) so a time just after a DST change is right.
 * A wall time that does not exist (skipped at spring-forward) lands an hour later, as clocks do.
 */
export function zonedToUtc(local: string, timeZone: string): string | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let ms = wall - offsetAt(wall, timeZone);
  ms = wall - offsetAt(ms, timeZone);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An instant → the datetime-local value of its wall time in `timeZone`. */
export function utcToZoned(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  return new Date(ms + offsetAt(ms, timeZone)).toISOString().slice(0, 16);
}

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export const zonedToday = (timeZone: string, now = Date.now()): string => new Date(now + offsetAt(now, timeZone)).toISOString().slice(0, 10);

/** "Wed, Mar 25, 10:00 AM EDT": an instant as the service lot's clock shows it, zone named. */
export function formatZoned(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** "Eastern Daylight Time": the zone's name now, for the label of a time input. */
export function zoneName(timeZone: string, now = Date.now()): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'long' }).formatToParts(new Date(now)).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}
