// Idempotency-Key (spec §9): replay byte for byte, refuse a reused key, and let racing duplicates
// create exactly one scenario — on SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';

const PATH = '/v1/concierge-loaner-moves';
let keySeq = 0;
const newKey = () => `key-${process.pid}-${++keySeq}`;

for (const engine of engines()) {
  describe(`Idempotency-Key on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    const post = (key: string | undefined, body: unknown, token?: string) =>
      t.request('POST', PATH, { body, token, headers: key === undefined ? {} : { 'idempotency-key': key } });

    test('a repeat with the same body gets the first response back, byte for byte, and books nothing', async () => {
      const key = newKey();
      const first = await post(key, conciergeLoanerRequest());
      assert.equal(first.statusCode, 200);
      assert.equal(first.headers['idempotent-replayed'], undefined);
      const scenarios = await t.count('scenarios');
      const again = await post(key, conciergeLoanerRequest());
      assert.equal(again.statusCode, 200);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.body, first.body);
      assert.match(String(again.headers['content-type']), /^application\/json/);
      assert.equal(await t.count('scenarios'), scenarios);
    });

    test('a 400 stays a 400 under its key, even after the request is fixed', async () => {
      const key = newKey();
      const bad = conciergeLoanerRequest();
      delete bad.customer_name;
      const first = await post(key, bad);
      assert.equal(first.statusCode, 400);
      const again = await post(key, bad);
      assert.equal(again.statusCode, 400);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.body, first.body, 'the stored error, request_id included');
      const fixed = await post(key, conciergeLoanerRequest());
      assert.equal(fixed.statusCode, 422);
      assert.equal(fixed.json().code, 'idempotency_key_reused');
    });

    test('the same key with a different body is idempotency_key_reused and changes nothing', async () => {
      const key = newKey();
      await post(key, conciergeLoanerRequest());
      const scenarios = await t.count('scenarios');
      const other = conciergeLoanerRequest();
      other.customer_name = 'Someone Else';
      const res = await post(key, other);
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().code, 'idempotency_key_reused');
      assert.equal(await t.count('scenarios'), scenarios);
    });

    test('keys are per client: another client may use the same key', async () => {
      const key = newKey();
      const other = await t.addClient('dealer', [t.rooftopId]);
      const a = await post(key, conciergeLoanerRequest());
      const b = await post(key, conciergeLoanerRequest(), other.token);
      assert.equal(a.statusCode, 200);
      assert.equal(b.statusCode, 200);
      assert.equal(b.headers['idempotent-replayed'], undefined);
      assert.notEqual(a.json().customer_move.move_id, b.json().customer_move.move_id);
    });

    const ageRecord = (key: string, ageMs: number) =>
      t.deps.database.db
        .updateTable('idempotency_keys')
        .set({ created_at: t.clock.now() - ageMs })
        .where('key', '=', key)
        .execute();

    test('a stored response is replayed for 24 hours, then the key is free again', async () => {
      const key = newKey();
      const first = await post(key, conciergeLoanerRequest());
      await ageRecord(key, 23 * 3600_000);
      const within = await post(key, conciergeLoanerRequest());
      assert.equal(within.headers['idempotent-replayed'], 'true');
      assert.equal(within.body, first.body);
      await ageRecord(key, 25 * 3600_000);
      const later = await post(key, conciergeLoanerRequest());
      assert.equal(later.statusCode, 200);
      assert.equal(later.headers['idempotent-replayed'], undefined);
      assert.notEqual(later.json().customer_move.move_id, first.json().customer_move.move_id);
    });

    test('a bad key is refused', async () => {
      for (const key of ['', 'has space', 'ü', 'x'.repeat(256)]) {
        const res = await post(key, conciergeLoanerRequest());
        assert.equal(res.statusCode, 400, JSON.stringify(key));
        assert.deepEqual(
          res.json().errors.map((e: { code: string; field: string }) => [e.code, e.field]),
          [['field_invalid', 'Idempotency-Key']],
        );
      }
    });

    /** Turn a finished key back into one whose first request is still running. */
    const markRunning = (key: string, lockedUntil: number) =>
      t.deps.database.db
        .updateTable('idempotency_keys')
        .set({ state: 'running', status_code: null, content_type: null, response_body: null, locked_until: lockedUntil })
        .where('key', '=', key)
        .execute();

    test('a repeat while the first is running waits for its result', async () => {
      const key = newKey();
      const first = await post(key, conciergeLoanerRequest());
      const stored = await t.deps.database.db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
      await markRunning(key, t.clock.now() + 60_000);
      const waiting = post(key, conciergeLoanerRequest());
      // The first request finishes while the repeat waits.
      await new Promise((r) => setTimeout(r, 100));
      await t.deps.database.db
        .updateTable('idempotency_keys')
        .set({ state: 'done', status_code: stored.status_code, content_type: stored.content_type, response_body: stored.response_body })
        .where('key', '=', key)
        .execute();
      const res = await waiting;
      assert.equal(res.headers['idempotent-replayed'], 'true');
      assert.equal(res.body, first.body);
    });

    test('a repeat that outwaits the running first request is idempotency_in_progress', async () => {
      const quick = await startTestApp(engine, { IDEMPOTENCY_WAIT_MS: '150' });
      try {
        const key = newKey();
        const opts = { body: conciergeLoanerRequest(), headers: { 'idempotency-key': key } };
        await quick.request('POST', PATH, opts);
        const scenarios = await quick.count('scenarios');
        await quick.deps.database.db.updateTable('idempotency_keys').set({ state: 'running', locked_until: quick.clock.now() + 60_000 }).execute();
        const res = await quick.request('POST', PATH, opts);
        assert.equal(res.statusCode, 409);
        assert.equal(res.json().code, 'idempotency_in_progress');
        assert.equal(await quick.count('scenarios'), scenarios);
      } finally {
        await quick.close();
      }
    });

    test('a claim whose process died (lease lapsed) is taken over by the repeat', async () => {
      const key = newKey();
      const first = await post(key, conciergeLoanerRequest());
      await markRunning(key, t.clock.now() - 1);
      const res = await post(key, conciergeLoanerRequest());
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['idempotent-replayed'], undefined, 'it ran again');
      assert.notEqual(res.json().customer_move.move_id, first.json().customer_move.move_id);
    });

    test('20 identical requests racing with one key create one scenario and 20 identical bodies', async () => {
      const key = newKey();
      const scenarios = await t.count('scenarios');
      const responses = await Promise.all(Array.from({ length: 20 }, () => post(key, conciergeLoanerRequest())));
      assert.deepEqual(
        responses.map((r) => r.statusCode),
        Array(20).fill(200),
      );
      assert.equal(new Set(responses.map((r) => r.body)).size, 1, 'identical bodies');
      assert.equal(responses.filter((r) => r.headers['idempotent-replayed'] === 'true').length, 19);
      assert.equal(await t.count('scenarios'), scenarios + 1);
    });
  });
}
