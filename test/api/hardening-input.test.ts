// Bad input that used to be accepted or answered out of proportion (issue 10, items 1, 4, 7, 9), on
// SQLite and PostgreSQL: bounded error answers and stored answers, an Idempotency-Key tied to its
// path, lone surrogates, premium-rate phones, target_url normalization and bodiless POSTs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ERROR_ANSWER_LIMITS } from '../../src/http/error-handler.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { assertError } from '../support/lifecycle.ts';
import { conciergeLoanerRequest, oneWayRequest } from '../support/requests.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const SECRET = 's'.repeat(32);
/** The largest error answer: the listed problems plus the envelope (code, message, doc_url, request_id). */
const ERROR_ANSWER_MAX = ERROR_ANSWER_LIMITS.listBytes + 1024;
let keySeq = 0;
const newKey = () => `hardening-${process.pid}-${++keySeq}`;

for (const engine of engines()) {
  describe(`bounded and strict input handling on ${engine}`, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    before(async () => {
      receiver = await startReceiver(SECRET);
      t = await startTestApp(engine, { WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1' });
    });
    after(async () => {
      await t.close();
      await receiver.stop();
    });

    const subscribe = async (extra: Record<string, unknown> = {}) => {
      const res = await t.request('POST', '/v1/webhooks', {
        body: { target_url: receiver.url(), secret: SECRET, event_types: ['move.created'], ...extra },
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const storedAnswer = async (key: string) =>
      t.deps.database.db.selectFrom('idempotency_keys').select(['status_code', 'response_body']).where('key', '=', key).executeTakeFirstOrThrow();

    test('20,000 bad list elements: a bounded answer that lists the first problems and counts the rest, stored bounded', async () => {
      const key = newKey();
      const body = JSON.stringify({ target_url: receiver.url(), secret: SECRET, event_types: new Array(20_000).fill(7) });
      const res = await t.request('POST', '/v1/webhooks', { body, headers: { 'content-type': 'application/json', 'idempotency-key': key } });
      assert.equal(res.statusCode, 400);
      assert.ok(res.body.length <= ERROR_ANSWER_MAX, `answer of ${res.body.length} bytes for a request of ${body.length}`);
      const answer = res.json();
      assert.equal(answer.code, 'field_invalid');
      const listed = answer.errors.slice(0, -1);
      assert.ok(listed.length >= 10 && listed.length <= ERROR_ANSWER_LIMITS.listedProblems, `${listed.length} listed`);
      assert.deepEqual(
        listed.map((e: { field: string }) => e.field),
        listed.map((_: unknown, i: number) => `event_types.${i}`),
        'the first problems, in order',
      );
      const last = answer.errors.at(-1);
      assert.equal(last.field, null);
      assert.match(last.message, new RegExp(`^${20_000 - listed.length} more problems are not listed \\(${listed.length} of 20000 shown\\)`));
      const stored = await storedAnswer(key);
      assert.equal(stored.response_body, res.body, 'the stored answer is the bounded one');
      assert.equal(await t.deps.database.db.selectFrom('webhooks').select('id').executeTakeFirst(), undefined, 'nothing subscribed');
    });

    test('long messages and field paths are cut', async () => {
      const res = await t.request('GET', `/v1/${'x'.repeat(5_000)}`);
      assert.equal(res.statusCode, 404);
      const answer = res.json();
      assert.ok(answer.message.length <= ERROR_ANSWER_LIMITS.messageChars, `${answer.message.length} characters`);
      assert.ok(answer.message.endsWith('…'));
    });

    test('an answer over IDEMPOTENCY_MAX_STORED_BYTES is not stored: its key keeps the status, and a replay says so', async () => {
      const t = await startTestApp(engine, { IDEMPOTENCY_MAX_STORED_BYTES: '2048' });
      after(() => t.close());
      const storedAnswer = async (key: string) =>
        t.deps.database.db.selectFrom('idempotency_keys').select(['status_code', 'response_body']).where('key', '=', key).executeTakeFirstOrThrow();
      const key = newKey();
      const first = await t.request('POST', '/v1/concierge-loaner-moves', { body: conciergeLoanerRequest(), headers: { 'idempotency-key': key } });
      assert.equal(first.statusCode, 200, first.body);
      assert.ok(first.body.length > 2048, 'a booking answer is over the 2 KiB this app keeps');
      assert.deepEqual(await storedAnswer(key), { status_code: 200, response_body: null });
      const scenarios = await t.count('scenarios');
      const again = await t.request('POST', '/v1/concierge-loaner-moves', { body: conciergeLoanerRequest(), headers: { 'idempotency-key': key } });
      assert.equal(again.statusCode, 200);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.headers['idempotent-response-omitted'], 'true');
      const note = again.json();
      assert.equal(note.idempotent_replay, true);
      assert.equal(note.status_code, 200);
      assert.match(note.message, /larger than 2048 bytes and was not kept/);
      assert.equal(await t.count('scenarios'), scenarios, 'the replay booked nothing');
    });

    test('an Idempotency-Key reused on another path is idempotency_key_reused, and the second resource is untouched', async () => {
      const [one, two] = [await subscribe(), await subscribe()];
      const key = newKey();
      const first = await t.request('POST', `/v1/webhooks/${one.webhook_id}/test`, { headers: { 'idempotency-key': key } });
      assert.equal(first.statusCode, 200, first.body);
      const deliveries = async (id: number) => (await t.request('GET', `/v1/webhooks/${id}/deliveries`)).json().deliveries.length;
      const before = await deliveries(two.webhook_id);
      const reused = await t.request('POST', `/v1/webhooks/${two.webhook_id}/test`, { headers: { 'idempotency-key': key } });
      assertError(reused, 422, 'idempotency_key_reused');
      assert.equal(await deliveries(two.webhook_id), before, 'no test event was sent to the second subscription');
      // The same body to another booking endpoint is another request too.
      const bookKey = newKey();
      const body = oneWayRequest();
      assert.equal((await t.request('POST', '/v1/one-way-moves', { body, headers: { 'idempotency-key': bookKey } })).statusCode, 200);
      assertError(await t.request('POST', '/v1/concierge-moves', { body, headers: { 'idempotency-key': bookKey } }), 422, 'idempotency_key_reused');
    });

    test('a POST that takes no body accepts an empty JSON body; one that needs a body says it is empty', async () => {
      const hook = await subscribe();
      const res = await t.request('POST', `/v1/webhooks/${hook.webhook_id}/test`, { body: '', headers: { 'content-type': 'application/json' } });
      assert.equal(res.statusCode, 200, res.body);
      const empty = await t.request('POST', '/v1/one-way-moves', { body: '', headers: { 'content-type': 'application/json' } });
      assertError(empty, 400, 'invalid_json');
      assert.match(empty.json().message, /empty/);
    });

    test('a lone surrogate in any string is field_invalid at its field, and nothing is stored', async () => {
      const scenarios = await t.count('scenarios');
      const body = JSON.stringify(conciergeLoanerRequest())
        .replace('"Harry Stevens"', '"Harry \\ud800Stevens"')
        .replace('"Enclave"', '"Encl\\udfffave"')
        .replace('"Vehicle parked in spot 13C"', '"spot \\ud83d\\ude97 13C \\ud83d"');
      const res = await t.request('POST', '/v1/concierge-loaner-moves', { body, headers: { 'content-type': 'application/json' } });
      assertError(res, 400, 'field_invalid', [
        ['field_invalid', 'customer_name'],
        ['field_invalid', 'customer_move.vehicle.model'],
        ['field_invalid', 'customer_move.special_instructions'],
      ]);
      assert.match(res.json().errors[0].message, /lone UTF-16 surrogate/);
      assert.equal(await t.count('scenarios'), scenarios);
      // A well-formed pair (an emoji) is fine.
      const ok = JSON.stringify(conciergeLoanerRequest()).replace('"Vehicle parked in spot 13C"', '"spot \\ud83d\\ude97 13C"');
      const booked = await t.request('POST', '/v1/concierge-loaner-moves', { body: ok, headers: { 'content-type': 'application/json' } });
      assert.equal(booked.statusCode, 200, booked.body);
      assert.equal(booked.json().customer_move.special_instructions, 'spot 🚗 13C');
    });

    test('premium-rate customer phones are refused; toll-free and ordinary numbers are not', async () => {
      for (const phone of ['1-900-555-0134', '(900) 234-5678', '804-976-1234', '+1 212 976 5555']) {
        const body = { ...conciergeLoanerRequest(), customer_phone: phone };
        const res = await t.request('POST', '/v1/concierge-loaner-moves', { body });
        assertError(res, 400, 'field_invalid', [['field_invalid', 'customer_phone']]);
        assert.match(res.json().message, /premium-rate/, phone);
      }
      for (const phone of ['888-888-8888', '804-555-0134']) {
        const res = await t.request('POST', '/v1/concierge-loaner-moves', { body: { ...conciergeLoanerRequest(), customer_phone: phone } });
        assert.equal(res.statusCode, 200, `${phone}: ${res.body}`);
      }
    });

    test('target_url is stored, shown and delivered to in its normalized form', async () => {
      const raw = receiver.url('/hooks/\nnormal\tized');
      const created = await subscribe({ target_url: raw });
      assert.equal(created.target_url, receiver.url('/hooks/normalized'));
      const row = await t.deps.database.db.selectFrom('webhooks').select('target_url').where('id', '=', created.webhook_id).executeTakeFirstOrThrow();
      assert.equal(row.target_url, receiver.url('/hooks/normalized'));
      const patched = await t.request('PATCH', `/v1/webhooks/${created.webhook_id}`, { body: { target_url: receiver.url('/a b') } });
      assert.equal(patched.json().target_url, receiver.url('/a%20b'));
    });
  });
}
