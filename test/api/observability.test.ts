// Health, readiness, Prometheus metrics and per-client rate limits.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';

for (const engine of engines()) {
  describe(`health and metrics on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    test('/healthz and /readyz answer without a token', async () => {
      assert.deepEqual((await t.request('GET', '/healthz', { token: null })).json(), { status: 'ok' });
      const ready = await t.request('GET', '/readyz', { token: null });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
    });

    test('/readyz is 503 while a migration this code knows is not applied', async () => {
      const db = t.deps.database.db;
      const last = await db.selectFrom('handoff_migrations' as never).selectAll().execute();
      const name = (last as { name: string }[]).map((r) => r.name).sort().at(-1)!;
      await db.deleteFrom('handoff_migrations' as never).where('name' as never, '=', name as never).execute();
      try {
        const res = await t.request('GET', '/readyz', { token: null });
        assert.equal(res.statusCode, 503);
        assert.equal(res.json().checks.migrations, `pending: ${name}`);
      } finally {
        await db.insertInto('handoff_migrations' as never).values({ name, applied_at: 0 } as never).execute();
      }
    });

    test('/metrics counts requests by route pattern and reports the job queue', async () => {
      await t.request('POST', '/v1/concierge-loaner-moves', { body: conciergeLoanerRequest() });
      await t.request('GET', '/v1/moves/987654');
      const res = await t.request('GET', '/metrics', { token: null });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain/);
      const text = res.body;
      assert.match(text, /handoff_http_requests_total\{route="\/v1\/concierge-loaner-moves",method="POST",status="200"\} 1/);
      assert.match(text, /handoff_http_requests_total\{route="\/v1\/moves\/:id",method="GET",status="404"\} 1/);
      assert.match(text, /handoff_http_request_duration_seconds_bucket\{le="0\.1",route="\/v1\/concierge-loaner-moves"/);
      assert.match(text, /handoff_jobs\{state="queued"\} \d+/);
      assert.match(text, /handoff_jobs_oldest_due_age_seconds \d/);
      assert.doesNotMatch(text, /987654/, 'ids never become labels');
    });
  });

  describe(`rate limits on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, { RATE_LIMIT_PER_MINUTE: '60', RATE_LIMIT_BURST: '3' });
    });
    after(() => t.close());

    test('a client over its limit gets 429 rate_limited with Retry-After; others are unaffected', async () => {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await t.request('GET', '/v1/moves/1')).statusCode);
      assert.deepEqual(codes, [404, 404, 404, 429]);
      const limited = await t.request('GET', '/v1/moves/1');
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.json().code, 'rate_limited');
      assert.equal(limited.headers['retry-after'], '1');

      const other = await t.addClient('dealer', [t.rooftopId]);
      assert.equal((await t.request('GET', '/v1/moves/1', { token: other.token })).statusCode, 404);

      t.clock.advance(1000); // one request per second refills
      assert.equal((await t.request('GET', '/v1/moves/1')).statusCode, 404);
      assert.equal((await t.request('GET', '/v1/moves/1')).statusCode, 429);
    });
  });
}
