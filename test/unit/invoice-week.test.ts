// The invoice week (spec §12.3): Sunday 00:00 to Saturday 23:59:59 in the rooftop's zone, built from
// local dates so a week with a daylight-saving change is 167 or 169 hours long.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DateTime } from 'luxon';
import { weekAfter, weekContaining, weekOf, weekStarting } from '../../src/modules/billing/invoices/invoice-week.ts';

const NY = 'America/New_York';
const HOUR = 3_600_000;
const at = (iso: string) => {
  const ms = DateTime.fromISO(iso, { setZone: true }).toMillis();
  assert.ok(Number.isFinite(ms), iso);
  return ms;
};

describe('weekOf', () => {
  test("the doc's example: a Wednesday in April 2023 is in the week 2023-04-09 to 2023-04-15", () => {
    const week = weekOf(at('2023-04-12T15:00:00-04:00'), NY);
    assert.deepEqual(week, { start_date: '2023-04-09', end_date: '2023-04-15', start_ms: at('2023-04-09T00:00:00-04:00'), end_ms: at('2023-04-16T00:00:00-04:00') });
  });

  test('the week of the spring-forward change (2026-03-08) is 167 hours: EST start, EDT end', () => {
    const week = weekOf(at('2026-03-10T12:00:00-04:00'), NY);
    assert.deepEqual([week.start_date, week.end_date], ['2026-03-08', '2026-03-14']);
    assert.equal(week.start_ms, Date.parse('2026-03-08T05:00:00Z'));
    assert.equal(week.end_ms, Date.parse('2026-03-15T04:00:00Z'));
    assert.equal((week.end_ms - week.start_ms) / HOUR, 167);
  });

  test('the week of the fall-back change (2026-11-01) is 169 hours: EDT start, EST end', () => {
    const week = weekOf(at('2026-11-01T01:30:00-05:00'), NY); // the second 01:30 of the day
    assert.deepEqual([week.start_date, week.end_date], ['2026-11-01', '2026-11-07']);
    assert.equal(week.start_ms, Date.parse('2026-11-01T04:00:00Z'));
    assert.equal(week.end_ms, Date.parse('2026-11-08T05:00:00Z'));
    assert.equal((week.end_ms - week.start_ms) / HOUR, 169);
  });

  test('Saturday 23:59:59 local is the last second of its week, Sunday 00:00:00 the first of the next', () => {
    const saturday = weekOf(at('2026-03-14T23:59:59-04:00'), NY);
    const sunday = weekOf(at('2026-03-15T00:00:00-04:00'), NY);
    assert.deepEqual([saturday.start_date, saturday.end_date], ['2026-03-08', '2026-03-14']);
    assert.deepEqual([sunday.start_date, sunday.end_date], ['2026-03-15', '2026-03-21']);
    assert.equal(sunday.start_ms, saturday.end_ms, 'weeks meet without a gap or an overlap');
    assert.equal(weekOf(saturday.end_ms - 1, NY).start_date, '2026-03-08', 'end_ms is exclusive');
    assert.equal(weekOf(saturday.start_ms, NY).start_date, '2026-03-08', 'start_ms is inclusive');
    assert.equal(weekOf(saturday.start_ms - 1, NY).start_date, '2026-03-01');
  });

  test('a zone west of UTC: Saturday evening local is already Sunday in UTC, and counts locally', () => {
    const instant = Date.parse('2026-04-12T03:00:00Z'); // Sunday in UTC, Saturday 20:00 PDT
    const week = weekOf(instant, 'America/Los_Angeles');
    assert.deepEqual([week.start_date, week.end_date], ['2026-04-05', '2026-04-11']);
    assert.equal(week.end_ms, Date.parse('2026-04-12T07:00:00Z'));
    assert.deepEqual([weekOf(instant, 'UTC').start_date, weekOf(instant, 'Pacific/Honolulu').start_date], ['2026-04-12', '2026-04-05']);
  });

  test('an unknown zone or an instant that is no number is a RangeError', () => {
    assert.throws(() => weekOf(0, 'Mars/Olympus_Mons'), RangeError);
    assert.throws(() => weekOf(Number.NaN, NY), RangeError);
  });

  test('property: in any zone, every instant lies in its week, which starts at a local Sunday 00:00 and meets the next', () => {
    const zones = [NY, 'America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata', 'Pacific/Chatham'];
    let seed = 20260308;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 2000; i += 1) {
      const zone = zones[i % zones.length]!;
      const t = Date.parse('2024-01-01T00:00:00Z') + Math.floor(random() * 4 * 365 * 24 * HOUR);
      const week = weekOf(t, zone);
      assert.ok(week.start_ms <= t && t < week.end_ms, `${zone} ${t}`);
      const start = DateTime.fromMillis(week.start_ms, { zone });
      assert.equal(start.weekday, 7, `${zone} ${week.start_date} is a Sunday`);
      assert.equal(start.toISODate(), week.start_date);
      assert.equal(DateTime.fromMillis(week.end_ms - 1, { zone }).toISODate(), week.end_date);
      assert.ok([167, 168, 169].includes((week.end_ms - week.start_ms) / HOUR) || zone === 'Australia/Lord_Howe', `${zone} ${week.start_date}`);
      assert.equal(weekAfter(week, zone).start_ms, week.end_ms);
    }
  });
});

describe('weekStarting and weekContaining', () => {
  test('weekStarting a Sunday is the week weekOf gives for any instant in it', () => {
    assert.deepEqual(weekStarting('2026-03-08', NY), weekOf(at('2026-03-14T23:59:59-04:00'), NY));
    assert.deepEqual(weekStarting('2026-11-01', NY), weekOf(at('2026-11-01T00:00:00-04:00'), NY));
  });

  test('weekStarting refuses a day that is not a Sunday, or not a date', () => {
    assert.throws(() => weekStarting('2026-03-09', NY), /starts on a Sunday: 2026-03-09 is a Monday/);
    assert.throws(() => weekStarting('2026-02-29', NY), RangeError);
    assert.throws(() => weekStarting('2026-3-8', NY), RangeError);
    assert.throws(() => weekStarting('2026-03-08', 'Nowhere/Else'), RangeError);
  });

  test('weekContaining takes any local date of the week', () => {
    for (const day of ['2026-03-08', '2026-03-11', '2026-03-14']) assert.deepEqual(weekContaining(day, NY), weekStarting('2026-03-08', NY), day);
    assert.equal(weekContaining('2026-03-15', NY).start_date, '2026-03-15');
  });
});
