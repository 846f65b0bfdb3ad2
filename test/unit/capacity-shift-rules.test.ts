// Drivers' shifts as pure rules (spec §11.2): a weekly pattern is laid out in local time, DST-safe;
// overlaps are found. Expected instants are UTC literals (local time in a comment), not luxon's.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { datesBetween, firstOverlap, layOutPattern } from '../../src/modules/scheduling/shifts/shift-rules.ts';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');
const laid = (...args: Parameters<typeof layOutPattern>) => layOutPattern(...args).map((s) => [s.date, iso(s.startsAt), iso(s.endsAt)]);

describe('weekly patterns', () => {
  test('08:00–17:00 keeps its local hours across the March 2026 US change (Sun Mar 8)', () => {
    assert.deepEqual(laid({ days: ['fri', 'mon'], start: '08:00', end: '17:00', from: '2026-03-06', to: '2026-03-09' }, 'America/New_York'), [
      ['2026-03-06', '2026-03-06T13:00:00Z', '2026-03-06T22:00:00Z'], // EST, UTC−5
      ['2026-03-09', '2026-03-09T12:00:00Z', '2026-03-09T21:00:00Z'], // EDT, UTC−4
    ]);
  });

  test('an end at or before the start is the next day (overnight), also across a change', () => {
    assert.deepEqual(laid({ days: ['sat'], start: '22:00', end: '06:00', from: '2026-03-07', to: '2026-03-07' }, 'America/New_York'), [
      ['2026-03-07', '2026-03-08T03:00:00Z', '2026-03-08T10:00:00Z'], // 22:00 EST → 06:00 EDT: 7 hours
    ]);
    assert.deepEqual(laid({ days: ['sat'], start: '22:00', end: '06:00', from: '2026-10-31', to: '2026-10-31' }, 'America/New_York'), [
      ['2026-10-31', '2026-11-01T02:00:00Z', '2026-11-01T11:00:00Z'], // 22:00 EDT → 06:00 EST: 9 hours
    ]);
  });

  test('a start in the spring-forward gap moves forward by the gap', () => {
    assert.deepEqual(laid({ days: ['sun'], start: '02:30', end: '10:00', from: '2026-03-08', to: '2026-03-08' }, 'America/New_York'), [
      ['2026-03-08', '2026-03-08T07:30:00Z', '2026-03-08T14:00:00Z'], // 02:30 does not exist: 03:30 EDT
    ]);
  });

  test('only the days asked, from and to included; other zones', () => {
    const shifts = laid({ days: ['tue', 'thu'], start: '09:00', end: '13:00', from: '2026-03-17', to: '2026-03-26' }, 'America/Los_Angeles');
    assert.deepEqual(shifts.map((s) => s[0]), ['2026-03-17', '2026-03-19', '2026-03-24', '2026-03-26']);
    assert.deepEqual(shifts[0], ['2026-03-17', '2026-03-17T16:00:00Z', '2026-03-17T20:00:00Z']);
  });

  test('datesBetween counts both ends, across a change and a leap day', () => {
    assert.equal(datesBetween('2026-03-01', '2026-03-31'), 31);
    assert.equal(datesBetween('2028-01-01', '2028-12-31'), 366);
    assert.equal(datesBetween('2026-03-18', '2026-03-18'), 1);
  });
});

describe('overlaps', () => {
  const span = (startsAt: number, endsAt: number) => ({ startsAt, endsAt });
  test('touching shifts do not overlap; a shift inside a long one does, whatever the order', () => {
    assert.equal(firstOverlap([span(0, 10), span(10, 20)]), null);
    assert.deepEqual(firstOverlap([span(12, 14), span(0, 30), span(40, 50)]), [span(0, 30), span(12, 14)]);
    assert.deepEqual(firstOverlap([span(0, 30), span(5, 8), span(20, 25)]), [span(0, 30), span(5, 8)]);
    assert.equal(firstOverlap([]), null);
  });
});
