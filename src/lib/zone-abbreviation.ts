// luxon's `ZZZZ` token ("EDT", "EST") builds a new Intl.DateTimeFormat on every call, and building
// one is slow: it was an eighth of a booking's CPU time (the customer's confirmation text and the
// service lot's "opens at 7:00 AM EDT" both show a zone abbreviation; see BENCHMARKS.md). This is
// the same lookup with the same options, the formatter kept per zone and locale.
import type { DateTime } from 'luxon';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Exactly `dt.toFormat('ZZZZ')`. */
export function zoneAbbreviation(dt: DateTime): string {
  const zone = dt.zone;
  // Fixed-offset and other zones name themselves without Intl; only IANA zones take the slow path.
  if (zone.type !== 'iana' || !dt.isValid) return dt.toFormat('ZZZZ');
  const locale = dt.locale!;
  const key = `${locale}\u0000${zone.name}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    // The options of luxon's parseZoneInfo(ts, 'short', locale, zone).
    formatter = new Intl.DateTimeFormat(locale, {
      timeZoneName: 'short',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: zone.name,
    });
    formatters.set(key, formatter);
  }
  const part = formatter.formatToParts(new Date(dt.toMillis())).find((p) => p.type.toLowerCase() === 'timezonename');
  return `${part ? part.value : null}`;
}
