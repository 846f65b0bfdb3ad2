import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  isVinFormatValid,
  vinWarnings,
  computeCheckDigit,
  modelYearCandidates,
} from '../../src/modules/moves/vin.ts';

/** Replaces position 10 (model year code) and re-derives position 9 so only the year differs. */
function withYearCode(vin: string, code: string): string {
  const draft = vin.slice(0, 9) + code + vin.slice(10);
  return draft.slice(0, 8) + computeCheckDigit(draft) + draft.slice(9);
}

describe('isVinFormatValid', () => {
  const valid = ['5GAKRBED5BJ262438', '1M8GDM9AXKP042788', '11111111111111111', 'ABCDEFGHJKLMNPRST'];
  for (const vin of valid) {
    test(`accepts ${vin}`, () => assert.equal(isVinFormatValid(vin), true));
  }

  const invalid: Array<[string, string]> = [
    ['5GAKRBED5BJ26243', '16 characters'],
    ['5GAKRBED5BJ2624381', '18 characters'],
    ['5GAKRBED5BJ26243I', 'contains I'],
    ['5GAKRBED5BJ26243O', 'contains O'],
    ['5GAKRBED5BJ26243Q', 'contains Q'],
    ['5gakrbed5bj262438', 'lowercase (callers uppercase first)'],
    ['5GAKRBED5BJ-62438', 'punctuation'],
    [' 5GAKRBED5BJ26243', 'whitespace'],
    ['', 'empty'],
  ];
  for (const [vin, why] of invalid) {
    test(`rejects ${why}: ${JSON.stringify(vin)}`, () => assert.equal(isVinFormatValid(vin), false));
  }
});

describe('computeCheckDigit', () => {
  test('5GAKRBED5BJ262438: worked by hand, the check digit 5 is correct', () => {
    // Transliterated values × weights:
    // 5·8 + G7·7 + A1·6 + K2·5 + R9·4 + B2·3 + E5·2 + D4·10 + 5·0
    //   + B2·9 + J1·8 + 2·7 + 6·6 + 2·5 + 4·4 + 3·3 + 8·2
    // = 40+49+6+10+36+6+10+40+0 + 18+8+14+36+10+16+9+16 = 324; 324 mod 11 = 5.
    assert.equal(computeCheckDigit('5GAKRBED5BJ262438'), '5');
  });

  const known: Array<[string, string]> = [
    ['1HGCM82633A004352', '3'], // 311 mod 11
    ['JH4KA7561PC008269', '1'], // 364 mod 11
    ['1M8GDM9AXKP042788', 'X'], // 351 mod 11 = 10 -> X
    ['11111111111111111', '1'], // 89 mod 11
  ];
  for (const [vin, digit] of known) {
    test(`${vin} -> ${digit}`, () => assert.equal(computeCheckDigit(vin), digit));
  }
});

describe('modelYearCandidates', () => {
  const cases: Array<[string, [number, number] | null]> = [
    ['A', [1980, 2010]],
    ['B', [1981, 2011]],
    ['H', [1987, 2017]],
    ['J', [1988, 2018]], // I is skipped
    ['N', [1992, 2022]],
    ['P', [1993, 2023]], // O is skipped
    ['R', [1994, 2024]], // Q is skipped
    ['T', [1996, 2026]],
    ['V', [1997, 2027]], // U is skipped
    ['Y', [2000, 2030]],
    ['1', [2001, 2031]],
    ['9', [2009, 2039]],
    ['U', null],
    ['Z', null],
    ['0', null],
    ['I', null],
    ['O', null],
    ['Q', null],
    ['', null],
    ['AB', null],
  ];
  for (const [code, expected] of cases) {
    test(`${JSON.stringify(code)} -> ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(modelYearCandidates(code), expected);
    });
  }
});

describe('vinWarnings', () => {
  test('5GAKRBED5BJ262438 with year 2011 has no warnings', () => {
    assert.deepEqual(vinWarnings('5GAKRBED5BJ262438', '2011'), []);
  });

  test('no year given: only the check digit is checked', () => {
    assert.deepEqual(vinWarnings('5GAKRBED5BJ262438', null), []);
  });

  test('wrong check digit', () => {
    assert.deepEqual(vinWarnings('5GAKRBED7BJ262438', '2011'), ['check digit is 5 but the VIN has 7']);
  });

  test('wrong check digit where the correct one is X', () => {
    assert.deepEqual(vinWarnings('1M8GDM9A1KP042788', null), ['check digit is X but the VIN has 1']);
  });

  test('X check digit that is correct', () => {
    assert.deepEqual(vinWarnings('1M8GDM9AXKP042788', '1989'), []);
    assert.deepEqual(vinWarnings('1M8GDM9AXKP042788', '2019'), []);
  });

  test('model year disagreement', () => {
    assert.deepEqual(vinWarnings('5GAKRBED5BJ262438', '2014'), [
      'VIN model year code B means 1981 or 2011, not 2014',
    ]);
  });

  test('the earlier cycle year is accepted too', () => {
    assert.deepEqual(vinWarnings('5GAKRBED5BJ262438', '1981'), []);
  });

  test('both warnings at once', () => {
    assert.deepEqual(vinWarnings('5GAKRBED7BJ262438', '2014'), [
      'check digit is 5 but the VIN has 7',
      'VIN model year code B means 1981 or 2011, not 2014',
    ]);
  });

  const yearCases: Array<[string, string, boolean]> = [
    ['Y', '2000', true],
    ['Y', '2030', true],
    ['1', '2001', true],
    ['1', '2031', true],
    ['9', '2039', true],
    ['9', '2019', false],
    ['L', '2020', true],
    ['L', '2021', false],
  ];
  for (const [code, year, agrees] of yearCases) {
    test(`year code ${code} with ${year} ${agrees ? 'agrees' : 'disagrees'}`, () => {
      const warnings = vinWarnings(withYearCode('5GAKRBED5BJ262438', code), year);
      assert.equal(warnings.length, agrees ? 0 : 1, warnings.join('; '));
    });
  }

  for (const code of ['U', 'Z', '0']) {
    test(`unused year code ${code} is reported when a year is given`, () => {
      const vin = withYearCode('5GAKRBED5BJ262438', code);
      assert.equal(isVinFormatValid(vin), true);
      assert.deepEqual(vinWarnings(vin, '2011'), [`VIN model year code ${code} is not a valid model year code`]);
      assert.deepEqual(vinWarnings(vin, null), []);
    });
  }

  test('a year that is not 4 digits skips the model-year comparison', () => {
    assert.deepEqual(vinWarnings('5GAKRBED5BJ262438', ''), []);
    assert.deepEqual(vinWarnings('5GAKRBED5BJ262438', 'unknown'), []);
  });

  test('surrounding whitespace in the year is ignored', () => {
    assert.deepEqual(vinWarnings('5GAKRBED5BJ262438', ' 2011 '), []);
  });

  test('format-invalid VINs give no warnings (format is validated separately)', () => {
    assert.deepEqual(vinWarnings('5GAKRBED5BJ26243', '2014'), []);
    assert.deepEqual(vinWarnings('5gakrbed7bj262438', '2014'), []);
  });
});
