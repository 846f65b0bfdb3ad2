import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseInstant, formatInstant, floorToMinute } from '../../src/lib/instant.ts';

const utc = (iso: string) => new Date(iso).getTime(); // only for building expected values

describe('parseInstant accepts', () => {
  const cases: Array<[string, string]> = [
    ['2022-03-25T13:37:00Z', '2022-03-25T13:37:00.000Z'],
    ['2022-03-25t13:37:00z', '2022-03-25T13:37:00.000Z'],
    ['  2022-03-25T13:37:00Z\n', '2022-03-25T13:37:00.000Z'],
    // explicit offsets are converted to UTC
    ['2022-03-25T13:37:00+02:00', '2022-03-25T11:37:00.000Z'],
    ['2022-03-25T13:37:00-04:00', '2022-03-25T17:37:00.000Z'],
    ['2022-03-25T13:37:00+0530', '2022-03-25T08:07:00.000Z'],
    ['2022-03-25T13:37:00-0000', '2022-03-25T13:37:00.000Z'],
    ['2022-03-25T23:30:00-05:00', '2022-03-26T04:30:00.000Z'], // crosses the UTC date
    // space form: no offset means UTC; Z or an offset may follow
    ['2022-03-25 13:37:00', '2022-03-25T13:37:00.000Z'],
    ['2022-03-25 13:37:00Z', '2022-03-25T13:37:00.000Z'],
    ['2022-03-25 13:37:00+01:00', '2022-03-25T12:37:00.000Z'],
    // fractional seconds, truncated (not rounded) to milliseconds
    ['2022-03-25T13:37:00.5Z', '2022-03-25T13:37:00.500Z'],
    ['2022-03-25T13:37:00.12Z', '2022-03-25T13:37:00.120Z'],
    ['2022-03-25T13:37:00.123456Z', '2022-03-25T13:37:00.123Z'],
    ['2022-03-25T13:37:00.9999Z', '2022-03-25T13:37:00.999Z'],
    ['2022-03-25 13:37:00.999999', '2022-03-25T13:37:00.999Z'],
    ['2022-03-25T13:37:00.250+01:00', '2022-03-25T12:37:00.250Z'],
    // leap years and range edges
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'], // divisible by 400
    ['2022-12-31T23:59:59Z', '2022-12-31T23:59:59.000Z'],
    ['2022-04-30T12:00:00Z', '2022-04-30T12:00:00.000Z'],
    ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => {
      assert.equal(parseInstant(input), utc(expected));
    });
  }

  test('years below 100 are not shifted into the 1900s', () => {
    const ms = parseInstant('0050-06-01T00:00:00Z');
    assert.equal(ms, utc('0050-06-01T00:00:00Z'));
    assert.equal(new Date(ms!).getUTCFullYear(), 50);
  });
});

describe('parseInstant rejects', () => {
  const rejects: Array<[string, string]> = [
    ['2022-03-25', 'date without a time'],
    ['2022-03-25T', 'date with an empty time'],
    ['2022-03-25T13:37Z', 'time without seconds'],
    ['2022-03-25 13:37', 'space form without seconds'],
    ['2022-03-25T13:37:00', 'T form without Z or offset'],
    ['2022-03-25T13:37:00.5', 'T form with fraction but no zone'],
    ['2022-02-30T00:00:00Z', 'February 30'],
    ['2023-02-29T00:00:00Z', 'February 29 in a non-leap year'],
    ['1900-02-29T00:00:00Z', 'February 29 in a century non-leap year'],
    ['2022-04-31T00:00:00Z', 'April 31'],
    ['2022-13-01T00:00:00Z', 'month 13'],
    ['2022-00-10T00:00:00Z', 'month 0'],
    ['2022-03-00T00:00:00Z', 'day 0'],
    ['2022-03-32T00:00:00Z', 'day 32'],
    ['2022-03-25T24:00:00Z', 'hour 24'],
    ['2022-03-25T13:60:00Z', 'minute 60'],
    ['2022-03-25T13:37:60Z', 'second 60'],
    ['2022-03-25T13:37:00+24:00', 'offset hour 24'],
    ['2022-03-25T13:37:00+02:60', 'offset minute 60'],
    ['2022-03-25T13:37:00+2:00', 'one-digit offset hour'],
    ['2022-03-25T13:37:00+02', 'offset without minutes'],
    ['2022-03-25T13:37:00.Z', 'dot without fraction digits'],
    ['2022-03-25 13:37:00 Z', 'space before the zone'],
    ['2022-3-25T13:37:00Z', 'one-digit month'],
    ['22-03-25T13:37:00Z', 'two-digit year'],
    ['2022/03/25 13:37:00', 'slashes'],
    ['Fri, 25 Mar 2022 13:37:00 GMT', 'RFC 2822 text that Date.parse accepts'],
    ['1648215420000', 'epoch milliseconds as text'],
    ['2022-03-25T13:37:00ZZ', 'trailing garbage'],
    ['now', 'other text'],
    ['', 'empty string'],
  ];
  for (const [input, why] of rejects) {
    test(`${why}: ${JSON.stringify(input)}`, () => {
      assert.equal(parseInstant(input), null);
    });
  }
});

describe('formatInstant', () => {
  test('UTC with second precision', () => {
    assert.equal(formatInstant(utc('2022-03-25T13:37:00.000Z')), '2022-03-25T13:37:00Z');
  });
  test('drops the fraction instead of rounding', () => {
    assert.equal(formatInstant(utc('2022-03-25T13:37:59.999Z')), '2022-03-25T13:37:59Z');
  });
  test('pre-1970 instants also drop the fraction', () => {
    assert.equal(formatInstant(-1), '1969-12-31T23:59:59Z');
  });
  test('round-trips with parseInstant', () => {
    const ms = parseInstant('2022-03-25T09:37:00-04:00');
    assert.notEqual(ms, null);
    assert.equal(formatInstant(ms!), '2022-03-25T13:37:00Z');
    assert.equal(parseInstant(formatInstant(ms!)), ms);
  });
  test('throws on non-finite input', () => {
    assert.throws(() => formatInstant(Number.NaN), RangeError);
  });
});

describe('floorToMinute', () => {
  const cases: Array<[string, string]> = [
    ['2022-03-25T13:37:00.000Z', '2022-03-25T13:37:00.000Z'],
    ['2022-03-25T13:37:59.999Z', '2022-03-25T13:37:00.000Z'],
    ['2022-03-25T13:37:00.001Z', '2022-03-25T13:37:00.000Z'],
    ['1969-12-31T23:59:30.000Z', '1969-12-31T23:59:00.000Z'],
  ];
  for (const [input, expected] of cases) {
    test(input, () => {
      assert.equal(floorToMinute(utc(input)), utc(expected));
    });
  }
});
