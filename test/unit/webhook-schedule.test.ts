// The retry schedule of webhook deliveries: exponential backoff with equal jitter that keeps trying
// for at least 24 hours (spec §8) even when every delay lands at the bottom of its jitter range.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DISABLE_AFTER_FAILING_MS,
  WEBHOOK_BACKOFF,
  WEBHOOK_MAX_ATTEMPTS,
  webhookRetryDelayMs,
} from '../../src/modules/webhooks/webhook-delivery.ts';
import { DEFAULT_TIMEOUT_MS } from '../../src/modules/webhooks/webhook-transport.ts';

const HOUR = 3600_000;
const lowest = () => 0;
const highest = () => 0.999999999;

/** The waits between the attempts of one event: after attempt 1, 2, …, max − 1. */
const retryDelays = (random: () => number, maxAttempts = WEBHOOK_MAX_ATTEMPTS) =>
  Array.from({ length: maxAttempts - 1 }, (_, i) => webhookRetryDelayMs(i + 1, random));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('webhook retry schedule', () => {
  test('30 s after the first failure, doubling, capped at 2 hours', () => {
    assert.deepEqual(WEBHOOK_BACKOFF, { baseMs: 30_000, maxMs: 2 * HOUR });
    assert.deepEqual(retryDelays(highest).slice(0, 9), [30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_840_000, 2 * HOUR]);
    assert.ok(retryDelays(highest).slice(8).every((d) => d === 2 * HOUR));
  });

  test('jitter keeps each wait within [half, all] of its nominal delay', () => {
    const low = retryDelays(lowest);
    const high = retryDelays(highest);
    low.forEach((d, i) => assert.equal(d, high[i]! / 2));
    for (let i = 0; i < 50; i++) {
      const attempt = 1 + (i % (WEBHOOK_MAX_ATTEMPTS - 1));
      const d = webhookRetryDelayMs(attempt);
      assert.ok(d >= webhookRetryDelayMs(attempt, lowest) && d <= webhookRetryDelayMs(attempt, highest));
    }
  });

  test('retries for at least 24 hours even with the jitter at its minimum', () => {
    const shortest = sum(retryDelays(lowest));
    assert.ok(shortest >= 24 * HOUR, `the shortest schedule lasts ${shortest / HOUR} h`);
    // …and not needlessly more attempts: one fewer would fall short of 24 hours.
    assert.ok(sum(retryDelays(lowest, WEBHOOK_MAX_ATTEMPTS - 1)) < 24 * HOUR);
  });

  test('the longest schedule (jitter at its maximum) ends within about two days', () => {
    const longest = sum(retryDelays(highest));
    assert.ok(longest <= 49 * HOUR, `the longest schedule lasts ${longest / HOUR} h`);
  });

  test('a subscription is disabled after 3 days of failures; an attempt waits 10 s at most', () => {
    assert.equal(DISABLE_AFTER_FAILING_MS, 3 * 24 * HOUR);
    assert.equal(DEFAULT_TIMEOUT_MS, 10_000);
  });
});
