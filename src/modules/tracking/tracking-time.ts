// Times as the customer reads them: in their zone, with its abbreviation.
import { DateTime } from 'luxon';
import { formatInstant } from '../../lib/instant.ts';
import { zoneAbbreviation as abbreviationOf } from '../../lib/zone-abbreviation.ts';

const local = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).setLocale('en-US');

/**
 * The zone's abbreviation at that instant: "EDT", "EST", "MST". Through lib/zone-abbreviation.ts, whose
 * formatter is kept per zone: luxon's own builds one per call (measured slow, see that file).
 */
export function zoneAbbreviation(ms: number, zone: string): string {
  return abbreviationOf(local(ms, zone));
}

/** "10:42 AM" on the same local day as `now`, "Tue, Mar 24, 10:42 AM" otherwise. */
export function formatLocalTime(ms: number, zone: string, now: number): string {
  const t = local(ms, zone);
  return t.hasSame(local(now, zone), 'day') ? t.toFormat('h:mm a') : t.toFormat('ccc, LLL d, h:mm a');
}

/** "10:42 AM EDT": formatLocalTime with the zone's abbreviation. */
export const localClock = (ms: number, zone: string, now: number) => `${formatLocalTime(ms, zone, now)} ${zoneAbbreviation(ms, zone)}`;

/** A step's time, in UTC and in the customer's zone; both null for a step not reached yet. */
export const stamp = (ms: number | null, zone: string, now: number) => ({
  at: ms === null ? null : formatInstant(ms),
  at_local: ms === null ? null : formatLocalTime(ms, zone, now),
});
