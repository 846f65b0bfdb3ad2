import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ODOMETER_RULE, odometerWarning, readingDelta } from '../../src/modules/workflows/condition/readings-check.ts';

describe('readingDelta', () => {
  test('is the second reading minus the first', () => {
    assert.equal(readingDelta(10_500, 10_523), 23);
    assert.equal(readingDelta(80, 35), -45);
    assert.equal(readingDelta(0, 0), 0);
  });

  test('is null when either reading is missing or not a number', () => {
    assert.equal(readingDelta(null, 5), null);
    assert.equal(readingDelta(5, null), null);
    assert.equal(readingDelta(Number.NaN, 5), null);
    assert.equal(readingDelta(5, Number.POSITIVE_INFINITY), null);
  });
});

describe('odometerWarning', () => {
  test('the rule is 1.5 × lane miles + 5', () => {
    assert.deepEqual(ODOMETER_RULE, { factor: 1.5, plusMiles: 5 });
  });

  test('a plausible delta, up to and including the limit, gives no warning', () => {
    assert.equal(odometerWarning(10_000, 10_012, 10), null);
    assert.equal(odometerWarning(10_000, 10_020, 10), null, '1.5 × 10 + 5 = 20 is still allowed');
    assert.equal(odometerWarning(10_000, 10_000, 10), null, 'no miles at all is not a warning');
  });

  test('one mile over the limit warns, saying both numbers', () => {
    assert.equal(
      odometerWarning(10_000, 10_021, 10),
      'the odometer advanced 21 mi, more than the 20 mi expected for a 10 mi lane (1.5 × lane miles + 5)',
    );
  });

  test('decimal lane miles are shown without float noise (1.5 × 12.3 + 5 is 23.450000000000003 in floats)', () => {
    const warning = odometerWarning(500, 600, 12.3);
    assert.match(warning ?? '', /advanced 100 mi, more than the 23\.45 mi expected for a 12\.3 mi lane/);
  });

  test('a reading that went backwards warns, naming both readings', () => {
    assert.equal(odometerWarning(10_500, 10_400, 10), 'the odometer went backwards: 10500 mi at pickup, 10400 mi at delivery');
    assert.match(odometerWarning(10_000, 9_999, 10) ?? '', /went backwards/, 'one mile back is enough');
  });

  test('a reading that went backwards warns even when the lane distance is unknown', () => {
    assert.match(odometerWarning(10_500, 10_400, null) ?? '', /went backwards/);
  });

  test('a missing reading gives no warning', () => {
    assert.equal(odometerWarning(null, 99_999, 10), null);
    assert.equal(odometerWarning(10_000, null, 10), null);
    assert.equal(odometerWarning(10_000, 99_999, null), null, 'without a lane distance there is no limit to exceed');
    assert.equal(odometerWarning(10_000, 99_999, Number.NaN), null);
  });

  test('another rule can be passed in', () => {
    const strict = { factor: 1, plusMiles: 0 };
    assert.match(odometerWarning(0, 11, 10, strict) ?? '', /advanced 11 mi, more than the 10 mi expected .*\(1 × lane miles \+ 0\)/);
    assert.equal(odometerWarning(0, 10, 10, strict), null);
  });
});
