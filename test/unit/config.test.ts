import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  test('defaults run the embedded database on port 8080 with no other setup', () => {
    const c = loadConfig({});
    assert.deepEqual(c.database, { kind: 'sqlite', path: './data/handoff.sqlite' });
    assert.equal(c.port, 8080);
    assert.equal(c.publicUrl, 'http://127.0.0.1:8080');
    assert.equal(c.authSecret, null);
    assert.equal(c.tokenTtlSeconds, 3600);
    assert.equal(c.bodyLimitBytes, 65536);
    assert.equal(c.routing.maxDriveMiles, 250);
    assert.deepEqual(c.routing.speedBands.at(-1), { uptoMiles: Infinity, mph: 62 });
  });

  test('reads PostgreSQL and SQLite URLs and strips a trailing slash from PUBLIC_URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', PUBLIC_URL: 'https://api.example.com/' });
    assert.deepEqual(c.database, { kind: 'postgres', url: 'postgres://u@h:5432/db' });
    assert.equal(c.publicUrl, 'https://api.example.com');
    assert.deepEqual(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/h.db' }).database, { kind: 'sqlite', path: '/var/lib/h.db' });
  });

  test('lists every problem at once', () => {
    try {
      loadConfig({
        DATABASE_URL: 'mysql://x',
        PORT: '99999',
        PUBLIC_URL: 'not a url',
        AUTH_SECRET: 'short',
        ROUTE_SPEED_BANDS: '10:30,5:40',
        LOG_LEVEL: 'loud',
        SANDBOX: 'yes',
      });
      assert.fail('expected a ConfigError');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      const names = err.problems.map((p) => p.split(' ')[0]);
      assert.deepEqual(names.sort(), [
        'AUTH_SECRET',
        'DATABASE_URL',
        'LOG_LEVEL',
        'PORT',
        'PUBLIC_URL',
        'ROUTE_SPEED_BANDS',
        'SANDBOX',
      ]);
    }
  });

  test("V8's heap grows by 50 % between full collections unless set (0 = V8's own)", () => {
    assert.equal(loadConfig({}).heapGrowingPercent, 50);
    assert.equal(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent, 0);
    assert.equal(loadConfig({ HEAP_GROWING_PERCENT: '300' }).heapGrowingPercent, 300);
    for (const bad of ['-1', '301', '12.5', 'lots']) {
      assert.throws(
        () => loadConfig({ HEAP_GROWING_PERCENT: bad }),
        (err: ConfigError) => err.problems.length === 1 && err.problems[0]!.startsWith('HEAP_GROWING_PERCENT'),
        bad,
      );
    }
  });

  test('speed bands must increase and end with a catch-all', () => {
    assert.throws(() => loadConfig({ ROUTE_SPEED_BANDS: '3:20,15:35' }), ConfigError);
    assert.throws(() => loadConfig({ ROUTE_SPEED_BANDS: '*:20,15:35' }), ConfigError);
    assert.deepEqual(loadConfig({ ROUTE_SPEED_BANDS: '5:25, *:50' }).routing.speedBands, [
      { uptoMiles: 5, mph: 25 },
      { uptoMiles: Infinity, mph: 50 },
    ]);
  });
});

describe('SMS and webhook settings', () => {
  test('the log sender by default; Twilio when its three settings are given', () => {
    assert.deepEqual(loadConfig({}).sms, { provider: 'log', twilio: null });
    const twilio = loadConfig({ TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 'tok', TWILIO_FROM: '+18045550100' }).sms;
    assert.equal(twilio.provider, 'twilio');
    assert.deepEqual(twilio.twilio, { accountSid: 'AC1', authToken: 'tok', from: '+18045550100', apiBaseUrl: null });
    assert.equal(
      loadConfig({ SMS_PROVIDER: 'log', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: '+1' }).sms.provider,
      'log',
    );
  });

  test('half a Twilio configuration is an error naming what is missing', () => {
    assert.throws(
      () => loadConfig({ TWILIO_ACCOUNT_SID: 'AC1' }),
      (err: ConfigError) => err.problems.some((p) => /TWILIO_AUTH_TOKEN, TWILIO_FROM/.test(p)),
    );
    assert.throws(() => loadConfig({ SMS_PROVIDER: 'pigeon' }), ConfigError);
  });

  test('insecure loopback webhooks are off unless asked for', () => {
    assert.equal(loadConfig({}).webhooks.allowInsecureLoopback, false);
    assert.equal(loadConfig({ WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1' }).webhooks.allowInsecureLoopback, true);
    assert.throws(() => loadConfig({ WEBHOOK_ALLOW_INSECURE_LOOPBACK: 'yes' }), ConfigError);
  });
});

describe('job worker settings', () => {
  test('16 slots per process, webhooks 8 of them and 4 per host, a rooftop half of a kind', () => {
    const c = loadConfig({});
    assert.deepEqual(c.jobs, { concurrency: 16, rooftopShare: 0.5 });
    assert.deepEqual([c.webhooks.concurrency, c.webhooks.hostConcurrency], [8, 4]);
    const set = loadConfig({ JOB_CONCURRENCY: '32', JOB_ROOFTOP_SHARE: '1', WEBHOOK_CONCURRENCY: '12', WEBHOOK_HOST_CONCURRENCY: '2' });
    assert.deepEqual(set.jobs, { concurrency: 32, rooftopShare: 1 });
    assert.deepEqual([set.webhooks.concurrency, set.webhooks.hostConcurrency], [12, 2]);
  });

  test('refuses a share outside (0, 1] and counts below one', () => {
    for (const env of [{ JOB_ROOFTOP_SHARE: '0' }, { JOB_ROOFTOP_SHARE: '1.5' }, { JOB_CONCURRENCY: '0' }, { WEBHOOK_HOST_CONCURRENCY: '2.5' }]) {
      assert.throws(() => loadConfig(env), ConfigError, JSON.stringify(env));
    }
  });
});
