// The HTTP transport of webhook deliveries against a real receiver on loopback: what it sends, the
// timeout, refused targets, and that it connects to the vetted address rather than asking DNS again.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Resolver, TargetGuard } from '../../src/modules/webhooks/target-guard.ts';
import { deliveryHeaders } from '../../src/modules/webhooks/webhook-signature.ts';
import { DEFAULT_TIMEOUT_MS, HttpWebhookTransport } from '../../src/modules/webhooks/webhook-transport.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const SECRET = 'transport-test-secret-0001';
const body = JSON.stringify({ id: 'e1', object: 'event', type: 'move.created', sequence: 1, data: {} });

/** Names that exist only here: the transport must connect where this says, not where DNS would. */
const resolver: Resolver = {
  resolve: async (hostname) => {
    if (hostname === 'receiver.handoff.test') return [{ address: '127.0.0.1', family: 4 }];
    throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  },
};
const loopbackGuard = new TargetGuard({ allowInsecureLoopback: true, resolver });

describe('HttpWebhookTransport', () => {
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startReceiver(SECRET);
  });
  after(() => receiver.stop());

  const post = (transport: HttpWebhookTransport, url: string) =>
    transport.post({ url, headers: deliveryHeaders(SECRET, 'move.created', Date.now(), body), body });

  test('POSTs the body with the headers, and reports the status and duration', async () => {
    const before = receiver.requests.length;
    const res = await post(new HttpWebhookTransport({ guard: loopbackGuard }), receiver.url('/in?x=1'));
    assert.equal(res.statusCode, 200);
    assert.equal(res.error, null);
    assert.ok(res.durationMs >= 0 && res.durationMs < DEFAULT_TIMEOUT_MS);
    const got = receiver.requests[before]!;
    assert.equal(got.method, 'POST');
    assert.equal(got.path, '/in?x=1');
    assert.equal(got.rawBody, body);
    assert.equal(got.headers['content-type'], 'application/json');
    assert.equal(got.headers['content-length'], String(Buffer.byteLength(body)));
    assert.equal(got.headers['user-agent'], 'Handoff-Webhooks/1.0.0');
    assert.equal(got.headers['handoff-event'], 'move_created');
    assert.equal(got.signatureValid, true);
  });

  test('a non-2xx answer is a status, not an error of the transport', async () => {
    receiver.failFirst(1, 503);
    const res = await post(new HttpWebhookTransport({ guard: loopbackGuard }), receiver.url());
    assert.deepEqual({ statusCode: res.statusCode, error: res.error }, { statusCode: 503, error: null });
  });

  test('connects to the address the guard vetted (a name DNS does not know), with the name as Host', async () => {
    const before = receiver.requests.length;
    const url = receiver.url('/pinned').replace('127.0.0.1', 'receiver.handoff.test');
    const res = await post(new HttpWebhookTransport({ guard: loopbackGuard }), url);
    assert.equal(res.statusCode, 200, res.error ?? '');
    assert.equal(receiver.requests[before]!.headers.host, new URL(url).host);
  });

  test('gives up after the timeout (10 s by default) when the receiver does not answer', async () => {
    assert.equal(new HttpWebhookTransport({ guard: loopbackGuard }).timeoutMs, 10_000);
    assert.equal(DEFAULT_TIMEOUT_MS, 10_000);
    receiver.hang();
    try {
      const before = receiver.requests.length;
      const res = await post(new HttpWebhookTransport({ guard: loopbackGuard, timeoutMs: 150 }), receiver.url());
      assert.equal(res.statusCode, null);
      assert.equal(res.error, 'timed out after 150 ms');
      assert.ok(res.durationMs >= 140 && res.durationMs < 2000, String(res.durationMs));
      assert.equal(receiver.requests.length, before + 1, 'the request did reach the receiver');
    } finally {
      receiver.hang(false);
    }
  });

  test('sends nothing to a refused target, and says why', async () => {
    const before = receiver.requests.length;
    const strict = new HttpWebhookTransport({ guard: new TargetGuard({ allowInsecureLoopback: false, resolver }) });
    const http = await post(strict, receiver.url());
    assert.equal(http.statusCode, null);
    assert.match(http.error!, /^target refused: target_url must be an https URL/);
    const https = await post(strict, receiver.url().replace('http:', 'https:'));
    assert.match(https.error!, /^target refused: target_url is 127\.0\.0\.1, a loopback address/);
    const unknown = await post(strict, 'https://nowhere.handoff.test/');
    assert.match(unknown.error!, /could not be resolved \(ENOTFOUND\)/);
    assert.equal(receiver.requests.length, before);
  });

  test('a connection error is reported, not thrown', async () => {
    const closed = await startReceiver(SECRET);
    const url = closed.url();
    await closed.stop();
    const res = await post(new HttpWebhookTransport({ guard: loopbackGuard }), url);
    assert.equal(res.statusCode, null);
    assert.match(res.error!, /ECONNREFUSED/);
  });
});
