// Money (spec §12): dollars in, cents inside, two-decimal dollars out, and computed amounts rounded
// half up once, exactly — never by a floating-point product.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_AMOUNT_CENTS, parseDollars, renderCents, roundedProduct, sumCents } from '../../src/lib/money.ts';

describe('parseDollars', () => {
  const cases: [unknown, number][] = [
    [45.01, 4501],
    [0, 0],
    [0.29, 29],
    [1.1, 110],
    [19.99, 1999],
    [1_000_000, MAX_AMOUNT_CENTS],
    [1e3, 100_000],
  ];
  for (const [input, cents] of cases) {
    test(`${String(input)} → ${cents} cents`, () => assert.deepEqual(parseDollars(input), { ok: true, cents }));
  }

  const refused: [unknown, RegExp][] = [
    [45.001, /more than two decimals/],
    [1e-7, /more than two decimals/],
    ['45.01', /must be a number of dollars/],
    [null, /must be a number of dollars/],
    [Number.NaN, /must be a number of dollars/],
    [Number.POSITIVE_INFINITY, /must be a number of dollars/],
    [-1, /not negative/],
    [1_000_000.01, /at most 1000000.00 dollars/],
    [1e21, /at most/],
  ];
  for (const [input, reason] of refused) {
    test(`${String(input)} is refused`, () => {
      const r = parseDollars(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.reason, reason);
    });
  }

  test('a negative amount when allowed', () => assert.deepEqual(parseDollars(-12.5, { allowNegative: true }), { ok: true, cents: -1250 }));
});

describe('renderCents', () => {
  const cases: [number, number, string][] = [
    [4501, 45.01, '45.01'],
    [0, 0, '0'],
    [5, 0.05, '0.05'],
    [110, 1.1, '1.1'],
    [29, 0.29, '0.29'],
    [-1250, -12.5, '-12.5'],
    [123456789, 1234567.89, '1234567.89'],
  ];
  for (const [cents, dollars, json] of cases) {
    test(`${cents} → ${json}`, () => {
      assert.equal(renderCents(cents), dollars);
      assert.equal(JSON.stringify(renderCents(cents)), json);
    });
  }
  test('every cent up to $100 renders to the decimal that reads back as itself', () => {
    for (let c = 0; c <= 10_000; c++) {
      const text = `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
      assert.equal(renderCents(c), Number(text));
      assert.deepEqual(parseDollars(renderCents(c)), { ok: true, cents: c });
    }
  });
  test('refuses a fraction of a cent', () => assert.throws(() => renderCents(1.5), RangeError));
});

describe('roundedProduct: exact, half up, once', () => {
  const cases: [number[], number, string][] = [
    [[250, 12.5], 3125, 'per-mile 2.50 × 12.5 mi'],
    [[199, 12.5], 2488, '2487.5 rounds up'],
    [[199, 12.3], 2448, '2447.7'],
    [[199, 12.1], 2408, '2407.9'],
    [[100, 1.005], 101, '100.5 exactly — a double would say 100.49999…'],
    [[29, 100], 2900, ''],
    [[0.29, 100, 100], 2900, '0.29 × 100 is 28.999… in a double'],
    [[1, 0.5], 1, 'half a cent rounds up'],
    [[1, 0.49], 0, ''],
    [[-1, 0.5], -1, 'away from zero'],
  ];
  for (const [factors, want, why] of cases) {
    test(`${factors.join(' × ')} → ${want} ${why}`, () => assert.equal(roundedProduct(...factors), want));
  }
});

test('a total is the integer sum of its parts', () => assert.equal(sumCents([3125, 2488, -500]), 5113));
