// The RETENTION_* settings (config.ts): the documented defaults, fractions for short horizons, and
// every bad value reported by name like the other settings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('retention settings', () => {
  test('default to 30 days for jobs, deliveries and positions, 24 hours for idempotency keys, 90 days for events', () => {
    assert.deepEqual(loadConfig({}).retention, {
      jobsMs: 30 * DAY,
      webhookDeliveriesMs: 30 * DAY,
      idempotencyMs: 24 * HOUR,
      driverPositionsMs: 30 * DAY,
      eventsMs: 90 * DAY,
      intervalMs: HOUR,
      batchSize: 500,
    });
  });

  test('take fractions, so a test or a small disk can keep minutes', () => {
    const r = loadConfig({
      RETENTION_JOBS_DAYS: '7',
      RETENTION_WEBHOOK_DELIVERIES_DAYS: '0.5',
      RETENTION_IDEMPOTENCY_HOURS: '0.25',
      RETENTION_DRIVER_POSITIONS_DAYS: '1',
      RETENTION_EVENTS_DAYS: '365',
      RETENTION_PURGE_INTERVAL_MINUTES: '0.5',
      RETENTION_PURGE_BATCH_SIZE: '1000',
    }).retention;
    assert.deepEqual(r, {
      jobsMs: 7 * DAY,
      webhookDeliveriesMs: 12 * HOUR,
      idempotencyMs: 15 * 60_000,
      driverPositionsMs: DAY,
      eventsMs: 365 * DAY,
      intervalMs: 30_000,
      batchSize: 1000,
    });
  });

  test('refuse zero, negatives, words and out-of-range batch sizes, naming each setting', () => {
    const bad = {
      RETENTION_JOBS_DAYS: '0',
      RETENTION_WEBHOOK_DELIVERIES_DAYS: '-1',
      RETENTION_IDEMPOTENCY_HOURS: 'a day',
      RETENTION_DRIVER_POSITIONS_DAYS: 'Infinity',
      RETENTION_EVENTS_DAYS: '0',
      RETENTION_PURGE_INTERVAL_MINUTES: '-5',
      RETENTION_PURGE_BATCH_SIZE: '10001',
    };
    assert.throws(
      () => loadConfig(bad),
      (err: ConfigError) => {
        assert.deepEqual(err.problems.map((p) => p.split(' ')[0]).sort(), Object.keys(bad).sort());
        return true;
      },
    );
    for (const size of ['0', '2.5']) {
      assert.throws(() => loadConfig({ RETENTION_PURGE_BATCH_SIZE: size }), /RETENTION_PURGE_BATCH_SIZE must be an integer from 1 to 10000/);
    }
  });
});
