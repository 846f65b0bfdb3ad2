import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffMs } from '../../src/jobs/backoff.ts';

const top = () => 0.999999999;
const bottom = () => 0;

describe('backoffMs', () => {
  test('doubles from the base with each attempt (at the top of the jitter range)', () => {
    const delays = [1, 2, 3, 4, 5].map((a) => backoffMs(a, { baseMs: 1000, random: top }));
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000]);
  });

  test('equal jitter: never less than half the nominal delay', () => {
    const delays = [1, 2, 3, 4, 5].map((a) => backoffMs(a, { baseMs: 1000, random: bottom }));
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000]);
    assert.equal(backoffMs(3, { baseMs: 1000, random: () => 0.5 }), 3000);
  });

  test('stays within [nominal / 2, nominal] whatever the random number', () => {
    for (let attempt = 1; attempt <= 30; attempt++) {
      const nominal = Math.min(60_000, 100 * 2 ** (attempt - 1));
      for (const r of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999]) {
        const d = backoffMs(attempt, { baseMs: 100, maxMs: 60_000, random: () => r });
        assert.ok(d >= nominal / 2 && d <= nominal, `attempt ${attempt}, r ${r}: ${d} outside [${nominal / 2}, ${nominal}]`);
      }
    }
  });

  test('is capped at maxMs, even for absurd attempt numbers', () => {
    assert.equal(backoffMs(13, { baseMs: 1000, maxMs: 3_600_000, random: top }), 3_600_000);
    assert.equal(backoffMs(50, { random: top }), 3_600_000);
    assert.equal(backoffMs(5000, { random: top }), 3_600_000);
    assert.equal(backoffMs(5000, { random: bottom }), 1_800_000);
    assert.equal(backoffMs(Number.POSITIVE_INFINITY, { random: top }), 3_600_000);
  });

  test('defaults: one second base, one hour cap, Math.random', () => {
    for (let i = 0; i < 100; i++) {
      const first = backoffMs(1);
      assert.ok(first >= 500 && first <= 1000, String(first));
      const late = backoffMs(40);
      assert.ok(late >= 1_800_000 && late <= 3_600_000, String(late));
    }
  });

  test('treats attempts below 1, and NaN, as the first', () => {
    assert.equal(backoffMs(Number.NaN, { random: top }), 1000);
    assert.equal(backoffMs(0, { random: top }), 1000);
    assert.equal(backoffMs(-3, { random: top }), 1000);
  });

  test('a random number outside [0, 1) cannot push the delay out of range', () => {
    assert.equal(backoffMs(2, { baseMs: 1000, random: () => 7 }), 2000);
    assert.equal(backoffMs(2, { baseMs: 1000, random: () => -1 }), 1000);
  });
});
