import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_HOURS,
  earliestAvailable,
  parseWeeklyHours,
  type ServiceLotCalendar,
  type WeeklyHours,
} from '../../src/modules/scheduling/business-hours.ts';

// Expected instants are written as UTC literals (with the local time in a comment)
// so the tests don't reuse luxon to compute their own expectations.
const utc = (iso: string) => new Date(iso).getTime();

const SEVEN_DAYS: WeeklyHours = { ...DEFAULT_HOURS, sun: { open: '07:00', close: '19:00' } };
const newYork: ServiceLotCalendar = { timezone: 'America/New_York', hours: DEFAULT_HOURS, holidays: [] };
const newYork7: ServiceLotCalendar = { ...newYork, hours: SEVEN_DAYS };
const phoenix: ServiceLotCalendar = { timezone: 'America/Phoenix', hours: DEFAULT_HOURS, holidays: [] };

interface Case {
  name: string;
  lot: ServiceLotCalendar;
  readyBy: string; // UTC
  earliest: string | null; // UTC; null = readyBy unchanged
  message: string | null;
}

function run(cases: Case[]) {
  for (const c of cases) {
    test(c.name, () => {
      const result = earliestAvailable(utc(c.readyBy), c.lot);
      assert.deepEqual(result, {
        earliestMs: utc(c.earliest ?? c.readyBy),
        message: c.message,
      });
    });
  }
}

describe('DEFAULT_HOURS', () => {
  test('Mon–Sat 07:00–19:00, Sunday closed', () => {
    const day = { open: '07:00', close: '19:00' };
    assert.deepEqual(DEFAULT_HOURS, { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: null });
  });
  test('is frozen so callers cannot change the shared default', () => {
    assert.ok(Object.isFrozen(DEFAULT_HOURS));
    assert.ok(Object.isFrozen(DEFAULT_HOURS.mon));
  });
});

describe('earliestAvailable: basic rules (America/New_York, EDT = UTC-4)', () => {
  run([
    {
      name: 'within hours: unchanged, no message',
      lot: newYork,
      readyBy: '2022-03-25T13:37:00Z', // Fri 09:37 EDT
      earliest: null,
      message: null,
    },
    {
      name: 'exactly at opening is open (inclusive)',
      lot: newYork,
      readyBy: '2022-03-25T11:00:00Z', // Fri 07:00 EDT
      earliest: null,
      message: null,
    },
    {
      name: 'last millisecond before closing is open',
      lot: newYork,
      readyBy: '2022-03-25T22:59:59.999Z', // Fri 18:59:59.999 EDT
      earliest: null,
      message: null,
    },
    {
      name: 'before opening on the same local day',
      lot: newYork,
      readyBy: '2022-03-25T10:00:00Z', // Fri 06:00 EDT
      earliest: '2022-03-25T11:00:00Z',
      message: 'Service lot opens at 7:00 AM EDT',
    },
    {
      name: 'just after midnight local (previous UTC day is irrelevant)',
      lot: newYork,
      readyBy: '2022-03-25T04:30:00Z', // Fri 00:30 EDT
      earliest: '2022-03-25T11:00:00Z',
      message: 'Service lot opens at 7:00 AM EDT',
    },
    {
      name: 'exactly at closing is closed (exclusive)',
      lot: newYork,
      readyBy: '2022-03-25T23:00:00Z', // Fri 19:00 EDT
      earliest: '2022-03-26T11:00:00Z', // Sat 07:00 EDT
      message: 'Service lot is closed at that time; it opens Sat, Mar 26 at 7:00 AM EDT',
    },
    {
      name: 'after closing on Saturday skips the closed Sunday',
      lot: newYork,
      readyBy: '2022-03-27T00:00:00Z', // Sat 20:00 EDT
      earliest: '2022-03-28T11:00:00Z', // Mon 07:00 EDT
      message: 'Service lot is closed at that time; it opens Mon, Mar 28 at 7:00 AM EDT',
    },
    {
      name: 'on a closed day (Sunday)',
      lot: newYork,
      readyBy: '2022-03-27T14:00:00Z', // Sun 10:00 EDT
      earliest: '2022-03-28T11:00:00Z',
      message: 'Service lot is closed at that time; it opens Mon, Mar 28 at 7:00 AM EDT',
    },
  ]);
});

describe('earliestAvailable: holidays', () => {
  const xmas: ServiceLotCalendar = { ...newYork, holidays: ['2026-12-25'] };
  run([
    {
      name: 'during normal hours on a holiday',
      lot: xmas,
      readyBy: '2026-12-25T15:00:00Z', // Fri 10:00 EST
      earliest: '2026-12-26T12:00:00Z', // Sat 07:00 EST
      message: 'Service lot is closed for a holiday on Fri, Dec 25; it opens Sat, Dec 26 at 7:00 AM EST',
    },
    {
      name: 'before opening on a holiday still gives the holiday message',
      lot: xmas,
      readyBy: '2026-12-25T10:00:00Z', // Fri 05:00 EST
      earliest: '2026-12-26T12:00:00Z',
      message: 'Service lot is closed for a holiday on Fri, Dec 25; it opens Sat, Dec 26 at 7:00 AM EST',
    },
    {
      name: 'holiday is a local date: Dec 24 evening (already Dec 25 in UTC) is not the holiday',
      lot: xmas,
      readyBy: '2026-12-25T01:00:00Z', // Thu Dec 24 20:00 EST
      earliest: '2026-12-26T12:00:00Z', // skips the holiday
      message: 'Service lot is closed at that time; it opens Sat, Dec 26 at 7:00 AM EST',
    },
    {
      name: 'consecutive holidays and a closed Sunday are all skipped',
      lot: { ...newYork, holidays: ['2026-12-25', '2026-12-26'] },
      readyBy: '2026-12-25T15:00:00Z',
      earliest: '2026-12-28T12:00:00Z', // Mon 07:00 EST
      message: 'Service lot is closed for a holiday on Fri, Dec 25; it opens Mon, Dec 28 at 7:00 AM EST',
    },
    {
      name: 'a holiday on another day does not affect an open day',
      lot: xmas,
      readyBy: '2026-12-24T15:00:00Z', // Thu 10:00 EST
      earliest: null,
      message: null,
    },
  ]);
});

describe('earliestAvailable: DST start, America/New_York 2026-03-08 (02:00 EST -> 03:00 EDT)', () => {
  run([
    {
      name: 'Saturday evening (EST) -> Monday opening (EDT), default hours',
      lot: newYork,
      readyBy: '2026-03-08T00:30:00Z', // Sat Mar 7 19:30 EST
      earliest: '2026-03-09T11:00:00Z', // Mon 07:00 EDT
      message: 'Service lot is closed at that time; it opens Mon, Mar 9 at 7:00 AM EDT',
    },
    {
      name: 'Saturday evening (EST) -> Sunday opening on the 23-hour day',
      lot: newYork7,
      readyBy: '2026-03-08T01:00:00Z', // Sat Mar 7 20:00 EST
      earliest: '2026-03-08T11:00:00Z', // Sun 07:00 EDT (12:00Z would be the EST answer)
      message: 'Service lot is closed at that time; it opens Sun, Mar 8 at 7:00 AM EDT',
    },
    {
      name: 'before opening on the change day',
      lot: newYork7,
      readyBy: '2026-03-08T07:30:00Z', // Sun 03:30 EDT (just after the jump)
      earliest: '2026-03-08T11:00:00Z',
      message: 'Service lot opens at 7:00 AM EDT',
    },
    {
      name: '11:30Z is 07:30 EDT (open), not 06:30 EST',
      lot: newYork7,
      readyBy: '2026-03-08T11:30:00Z',
      earliest: null,
      message: null,
    },
    {
      name: '10:59Z is 06:59 EDT (closed)',
      lot: newYork7,
      readyBy: '2026-03-08T10:59:00Z',
      earliest: '2026-03-08T11:00:00Z',
      message: 'Service lot opens at 7:00 AM EDT',
    },
    {
      name: 'closing on the change day is 19:00 EDT',
      lot: newYork7,
      readyBy: '2026-03-08T23:00:00Z', // Sun 19:00 EDT
      earliest: '2026-03-09T11:00:00Z',
      message: 'Service lot is closed at that time; it opens Mon, Mar 9 at 7:00 AM EDT',
    },
  ]);
});

describe('earliestAvailable: DST end, America/New_York 2026-11-01 (02:00 EDT -> 01:00 EST)', () => {
  run([
    {
      name: 'Saturday evening (EDT) -> Monday opening (EST), default hours',
      lot: newYork,
      readyBy: '2026-10-31T23:00:00Z', // Sat Oct 31 19:00 EDT
      earliest: '2026-11-02T12:00:00Z', // Mon 07:00 EST
      message: 'Service lot is closed at that time; it opens Mon, Nov 2 at 7:00 AM EST',
    },
    {
      name: 'Saturday evening (EDT) -> Sunday opening on the 25-hour day',
      lot: newYork7,
      readyBy: '2026-10-31T23:00:00Z',
      earliest: '2026-11-01T12:00:00Z', // Sun 07:00 EST (11:00Z would be the EDT answer)
      message: 'Service lot is closed at that time; it opens Sun, Nov 1 at 7:00 AM EST',
    },
    {
      name: '11:30Z is 06:30 EST (closed), not 07:30 EDT',
      lot: newYork7,
      readyBy: '2026-11-01T11:30:00Z',
      earliest: '2026-11-01T12:00:00Z',
      message: 'Service lot opens at 7:00 AM EST',
    },
    {
      name: 'during the repeated 01:xx hour',
      lot: newYork7,
      readyBy: '2026-11-01T05:30:00Z', // Sun 01:30 EDT (first pass)
      earliest: '2026-11-01T12:00:00Z',
      message: 'Service lot opens at 7:00 AM EST',
    },
    {
      name: '23:30Z is 18:30 EST (open)',
      lot: newYork7,
      readyBy: '2026-11-01T23:30:00Z',
      earliest: null,
      message: null,
    },
    {
      name: 'local Sunday evening that is already Monday in UTC',
      lot: newYork7,
      readyBy: '2026-11-02T00:30:00Z', // Sun 19:30 EST
      earliest: '2026-11-02T12:00:00Z',
      message: 'Service lot is closed at that time; it opens Mon, Nov 2 at 7:00 AM EST',
    },
  ]);
});

describe('earliestAvailable: America/Phoenix (MST = UTC-7 all year)', () => {
  run([
    {
      name: 'before opening in winter',
      lot: phoenix,
      readyBy: '2026-03-09T13:30:00Z', // Mon 06:30 MST
      earliest: '2026-03-09T14:00:00Z',
      message: 'Service lot opens at 7:00 AM MST',
    },
    {
      name: 'before opening in summer: still MST, same UTC time of day',
      lot: phoenix,
      readyBy: '2026-07-06T13:30:00Z', // Mon 06:30 MST
      earliest: '2026-07-06T14:00:00Z',
      message: 'Service lot opens at 7:00 AM MST',
    },
    {
      name: 'within hours in summer (would be closed if Phoenix observed DST)',
      lot: phoenix,
      readyBy: '2026-07-07T01:30:00Z', // Mon 18:30 MST
      earliest: null,
      message: null,
    },
    {
      name: 'after closing on Saturday across the US DST start',
      lot: phoenix,
      readyBy: '2026-03-08T02:00:00Z', // Sat Mar 7 19:00 MST
      earliest: '2026-03-09T14:00:00Z', // Mon 07:00 MST
      message: 'Service lot is closed at that time; it opens Mon, Mar 9 at 7:00 AM MST',
    },
  ]);
});

describe('earliestAvailable: unusual calendars', () => {
  const closedAllWeek: WeeklyHours = {
    mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null,
  };
  const wednesdaysOnly: WeeklyHours = { ...closedAllWeek, wed: { open: '09:30', close: '12:00' } };
  const allDay = { open: '00:00', close: '24:00' };
  const alwaysOpen: WeeklyHours = {
    mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay,
  };
  run([
    {
      name: 'no opening hours at all: readyBy with an explanation',
      lot: { ...newYork, hours: closedAllWeek },
      readyBy: '2026-01-07T15:00:00Z',
      earliest: null,
      message: 'Service lot has no opening hours',
    },
    {
      name: 'search runs past more than a week (holiday on the only open day)',
      lot: { ...newYork, hours: wednesdaysOnly, holidays: ['2026-01-14'] },
      readyBy: '2026-01-07T18:00:00Z', // Wed Jan 7 13:00 EST, after closing
      earliest: '2026-01-21T14:30:00Z', // Wed Jan 21 09:30 EST
      message: 'Service lot is closed at that time; it opens Wed, Jan 21 at 9:30 AM EST',
    },
    {
      name: 'close "24:00" means open until midnight',
      lot: { ...newYork, hours: alwaysOpen },
      readyBy: '2026-01-08T04:59:59.999Z', // Wed 23:59:59.999 EST
      earliest: null,
      message: null,
    },
    {
      name: 'midnight on a 24-hour lot is open',
      lot: { ...newYork, hours: alwaysOpen },
      readyBy: '2026-01-08T05:00:00Z', // Thu 00:00 EST
      earliest: null,
      message: null,
    },
  ]);

  test('an invalid time zone throws', () => {
    assert.throws(
      () => earliestAvailable(utc('2026-01-07T15:00:00Z'), { ...newYork, timezone: 'Mars/Olympus_Mons' }),
      RangeError,
    );
  });

  test('malformed hours in a hand-built calendar throw', () => {
    const bad: WeeklyHours = { ...DEFAULT_HOURS, wed: { open: '7am', close: '19:00' } };
    assert.throws(() => earliestAvailable(utc('2026-01-07T15:00:00Z'), { ...newYork, hours: bad }), RangeError);
  });
});

describe('parseWeeklyHours', () => {
  test('null means the default hours', () => {
    assert.equal(parseWeeklyHours(null), DEFAULT_HOURS);
  });

  test('parses a full week', () => {
    const week: WeeklyHours = {
      mon: { open: '08:00', close: '17:30' },
      tue: { open: '08:00', close: '17:30' },
      wed: null,
      thu: { open: '08:00', close: '17:30' },
      fri: { open: '08:00', close: '24:00' },
      sat: { open: '00:00', close: '12:00' },
      sun: null,
    };
    assert.deepEqual(parseWeeklyHours(JSON.stringify(week)), week);
  });

  const full = JSON.parse(JSON.stringify(DEFAULT_HOURS)) as Record<string, unknown>;
  const withDay = (day: string, value: unknown) => JSON.stringify({ ...full, [day]: value });
  const { sun: _omitted, ...missingSunday } = full;
  const rejects: Array<[string, string]> = [
    ['not JSON', '{mon:'],
    ['an array', '[]'],
    ['JSON null', 'null'],
    ['a string', '"07:00-19:00"'],
    ['a missing day', JSON.stringify(missingSunday)],
    ['an unknown day', JSON.stringify({ ...full, holiday: null })],
    ['a day that is a string', withDay('mon', '07:00-19:00')],
    ['a time without leading zero', withDay('mon', { open: '7:00', close: '19:00' })],
    ['hour 25', withDay('mon', { open: '07:00', close: '25:00' })],
    ['minute 60', withDay('mon', { open: '07:60', close: '19:00' })],
    ['24:30', withDay('mon', { open: '07:00', close: '24:30' })],
    ['open at 24:00', withDay('mon', { open: '24:00', close: '24:00' })],
    ['open equal to close', withDay('mon', { open: '07:00', close: '07:00' })],
    ['open after close (overnight hours are not supported)', withDay('mon', { open: '22:00', close: '06:00' })],
    ['a missing close', withDay('mon', { open: '07:00' })],
    ['numbers instead of strings', withDay('mon', { open: 7, close: 19 })],
  ];
  for (const [why, json] of rejects) {
    test(`rejects ${why}`, () => {
      assert.throws(() => parseWeeklyHours(json), /weekly hours/);
    });
  }
});
