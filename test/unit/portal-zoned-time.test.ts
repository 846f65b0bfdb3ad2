// The portal's one time module (web/portal/src/zoned-time.ts): every time a page shows is the
// rooftop's clock with its zone named, and a wall time typed into a datetime-local input is read in
// the rooftop's zone, right across both DST changes of 2026 in America/New_York (Mar 8: 2:00 EST
// jumps to 3:00 EDT; Nov 1: 2:00 EDT falls back to 1:00 EST). The module uses only Intl, so the
// root typecheck can follow this import without the portal's DOM/JSX settings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDayRange, formatZoned, utcToZoned, zonedToday, zonedToUtc } from '../../web/portal/src/zoned-time.ts';

const NY = 'America/New_York';
const MINUTE = 60_000;
// ICU puts a narrow no-break space before AM/PM in some versions: compare words, not spacing.
const plain = (s: string) => s.replace(/\s/g, ' ');

describe('portal zoned time: formatting', () => {
  test('an instant shows as the zone clock, zone named, on both sides of spring-forward', () => {
    assert.equal(plain(formatZoned('2026-03-08T06:59:00Z', NY)), 'Mar 8, 1:59 AM EST');
    assert.equal(plain(formatZoned('2026-03-08T07:00:00Z', NY)), 'Mar 8, 3:00 AM EDT');
    assert.equal(plain(formatZoned('2026-03-08T07:30:00Z', NY, 'time')), '3:30 AM EDT');
    assert.equal(plain(formatZoned('2026-03-08T07:30:00Z', NY, 'weekdayDateTime')), 'Sun, Mar 8, 3:30 AM EDT');
  });

  test('the hour that happens twice at fall-back is told apart by its zone name', () => {
    assert.equal(plain(formatZoned('2026-11-01T05:30:00Z', NY)), 'Nov 1, 1:30 AM EDT');
    assert.equal(plain(formatZoned('2026-11-01T06:30:00Z', NY)), 'Nov 1, 1:30 AM EST');
    assert.equal(plain(formatZoned('2026-11-01T06:30:05Z', NY, 'dateTimeSeconds')), 'Nov 1, 1:30:05 AM EST');
  });

  test('the same instant shows each rooftop its own clock; no time is a dash; a bad zone still shows a named time', () => {
    assert.equal(plain(formatZoned('2026-12-09T14:37:00Z', NY)), 'Dec 9, 9:37 AM EST');
    assert.equal(plain(formatZoned('2026-12-09T14:37:00Z', 'America/Los_Angeles')), 'Dec 9, 6:37 AM PST');
    assert.equal(formatZoned(null, NY), '—');
    assert.match(plain(formatZoned('2026-12-09T14:37:00Z', 'Not/AZone')), /^Dec 9, \d{1,2}:37 [AP]M \S+$/);
  });

  test("an invoice's week is its Sunday-to-Saturday in the rooftop's zone", () => {
    assert.equal(plain(formatDayRange('2026-11-29T05:00:00Z', '2026-12-06T04:59:59Z', NY)), 'Nov 29 – Dec 5, 2026');
  });
});

describe('portal zoned time: wall time ↔ UTC', () => {
  test('spring-forward day: times either side convert with their own offset', () => {
    assert.equal(zonedToUtc('2026-03-08T01:30', NY), '2026-03-08T06:30:00Z');
    assert.equal(zonedToUtc('2026-03-08T03:00', NY), '2026-03-08T07:00:00Z');
    assert.equal(zonedToUtc('2026-03-08T10:00', NY), '2026-03-08T14:00:00Z');
    // 2:30 never happens that night: read with the offset before the change, it is 3:30 EDT.
    assert.equal(zonedToUtc('2026-03-08T02:30', NY), '2026-03-08T07:30:00Z');
    assert.equal(utcToZoned('2026-03-08T06:59:00Z', NY), '2026-03-08T01:59');
    assert.equal(utcToZoned('2026-03-08T07:00:00Z', NY), '2026-03-08T03:00');
  });

  test('fall-back day: the repeated 1:30 is the first one (EDT); after it, EST', () => {
    assert.equal(zonedToUtc('2026-11-01T00:30', NY), '2026-11-01T04:30:00Z');
    assert.equal(zonedToUtc('2026-11-01T01:30', NY), '2026-11-01T05:30:00Z');
    assert.equal(zonedToUtc('2026-11-01T03:00', NY), '2026-11-01T08:00:00Z');
    assert.equal(utcToZoned('2026-11-01T05:30:00Z', NY), '2026-11-01T01:30');
    assert.equal(utcToZoned('2026-11-01T06:30:00Z', NY), '2026-11-01T01:30');
  });

  test('every quarter hour of both change days survives a round trip, except the second of the repeated hour', () => {
    for (const day of ['2026-03-08', '2026-11-01']) {
      const start = Date.parse(`${day}T04:00:00Z`);
      for (let ms = start; ms < start + 24 * 60 * MINUTE; ms += 15 * MINUTE) {
        const iso = new Date(ms).toISOString().replace('.000Z', 'Z');
        const back = zonedToUtc(utcToZoned(iso, NY), NY);
        const secondOneAm = ms >= Date.parse('2026-11-01T06:00:00Z') && ms < Date.parse('2026-11-01T07:00:00Z');
        const expected = secondOneAm ? new Date(ms - 60 * MINUTE).toISOString().replace('.000Z', 'Z') : iso;
        assert.equal(back, expected, `${iso} → ${utcToZoned(iso, NY)} → ${back}`);
      }
    }
  });

  test("anything but a datetime-local value is refused; today is the zone's date, not UTC's", () => {
    assert.equal(zonedToUtc('2026-03-08 10:00', NY), null);
    assert.equal(zonedToUtc('', NY), null);
    assert.equal(zonedToday(NY, Date.parse('2026-03-08T04:30:00Z')), '2026-03-07');
    assert.equal(zonedToday(NY, Date.parse('2026-03-08T05:30:00Z')), '2026-03-08');
  });
});
