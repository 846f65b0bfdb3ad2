// The mileage band rules of a contract (spec §12.1): which band prices a distance, and every gap,
// overlap and short table of a band set, named by band and miles. Pure, no database.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bandFor, bandRate, bandSetProblems } from '../../src/modules/billing/contracts/band-rules.ts';
import type { MileageBand } from '../../src/modules/billing/contracts/contract.ts';
import { isCalendarDate } from '../../src/modules/billing/contracts/contract-request.ts';

const MAX = 250;
const band = (cls: MileageBand['class'], start: number, end: number, rate = 1000, over: Partial<MileageBand> = {}): MileageBand => ({
  rate,
  type: 'flat',
  class: cls,
  distance_start: start,
  distance_end: end,
  class_rates: {},
  ...over,
});
const stranded = [band('stranded', 0, 25, 4500), band('stranded', 25, 100, 150, { type: 'per' }), band('stranded', 100, MAX, 120, { type: 'per' })];

describe('bandFor', () => {
  test('the band holding the distance: start included, end excluded', () => {
    assert.equal(bandFor(stranded, 'stranded', 0), stranded[0]);
    assert.equal(bandFor(stranded, 'stranded', 24.9), stranded[0]);
    assert.equal(bandFor(stranded, 'stranded', 25), stranded[1]);
    assert.equal(bandFor(stranded, 'stranded', 99.99), stranded[1]);
  });

  test('the top band also holds its end, so a drive of exactly the maximum is priced; beyond it nothing is', () => {
    assert.equal(bandFor(stranded, 'stranded', MAX), stranded[2]);
    assert.equal(bandFor(stranded, 'stranded', MAX + 0.1), undefined);
  });

  test('base uses its own table, or the stranded one when the contract has no base bands', () => {
    const base = [band('base', 0, 50, 6000), band('base', 50, MAX, 9000)];
    assert.equal(bandFor([...stranded, ...base], 'base', 30), base[0]);
    assert.equal(bandFor([...stranded, ...base], 'stranded', 30), stranded[1]);
    assert.equal(bandFor(stranded, 'base', 30), stranded[1]);
  });

  test('the bands need not be sorted', () => {
    const shuffled = [stranded[2]!, stranded[0]!, stranded[1]!];
    assert.equal(bandFor(shuffled, 'stranded', 10), stranded[0]);
  });

  test("bandRate: the vehicle class's own rate, else the band's", () => {
    const b = band('stranded', 0, MAX, 5000, { class_rates: { '4': 7500 } });
    assert.equal(bandRate(b), 5000);
    assert.equal(bandRate(b, '4'), 7500);
    assert.equal(bandRate(b, '6'), 5000);
  });
});

describe('bandSetProblems', () => {
  test('a stranded table covering 0 to the maximum is fine, with or without a base table', () => {
    assert.deepEqual(bandSetProblems(stranded, MAX), []);
    assert.deepEqual(bandSetProblems([...stranded, band('base', 0, 300)], MAX), []);
  });

  test('a gap names the band after it and the missing miles', () => {
    const problems = bandSetProblems([band('stranded', 0, 25), band('stranded', 30, MAX)], MAX);
    assert.deepEqual(problems, [{ index: 1, key: 'distance_start', message: 'a gap: no stranded band holds 25 to 30 miles' }]);
  });

  test('a table not starting at 0 is a gap from 0', () => {
    const problems = bandSetProblems([band('stranded', 5, MAX)], MAX);
    assert.deepEqual(problems, [{ index: 0, key: 'distance_start', message: 'a gap: no stranded band holds 0 to 5 miles' }]);
  });

  test('an overlap names both bands and the miles they share, whatever their order in the list', () => {
    const problems = bandSetProblems([band('stranded', 20, MAX), band('stranded', 0, 30)], MAX);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.index, 0);
    assert.equal(problems[0]!.key, 'distance_start');
    assert.match(problems[0]!.message, /mileage_bands\.0 \(20 to 250 miles\) overlaps mileage_bands\.1 \(0 to 30 miles\) from 20 to 30 miles/);
  });

  test('a table stopping short of the maximum is named at its last band', () => {
    const problems = bandSetProblems([band('stranded', 0, 100), band('stranded', 100, 200)], MAX);
    assert.deepEqual(problems.map((p) => [p.index, p.key]), [[1, 'distance_end']]);
    assert.match(problems[0]!.message, /must reach 250 miles.*200 to 250/);
  });

  test('each class is checked on its own', () => {
    const problems = bandSetProblems([...stranded, band('base', 0, 40), band('base', 50, MAX)], MAX);
    assert.deepEqual(problems, [{ index: 4, key: 'distance_start', message: 'a gap: no base band holds 40 to 50 miles' }]);
  });

  test('stranded bands are required', () => {
    const problems = bandSetProblems([band('base', 0, MAX)], MAX);
    assert.deepEqual(problems.map((p) => [p.index, p.key]), [[null, null]]);
    assert.match(problems[0]!.message, /stranded bands are required/);
  });

  test('an empty band is named, and its class is not checked for gaps it would only repeat', () => {
    const problems = bandSetProblems([band('stranded', 0, 25), band('stranded', 30, 30), band('stranded', 30, MAX)], MAX);
    assert.deepEqual(problems.map((p) => [p.index, p.key]), [[1, 'distance_end']]);
  });
});

describe('dates', () => {
  test('only real calendar dates written YYYY-MM-DD', () => {
    assert.ok(isCalendarDate('2026-02-28'));
    assert.ok(isCalendarDate('2028-02-29'));
    assert.ok(!isCalendarDate('2026-02-30'));
    assert.ok(!isCalendarDate('2026-2-3'));
    assert.ok(!isCalendarDate('2026-13-01'));
    assert.ok(!isCalendarDate('2026-03-18T00:00:00Z'));
  });
});
