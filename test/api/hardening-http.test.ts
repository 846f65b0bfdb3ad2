// The HTTP edge (issue 10, items 6 and 9), on SQLite and PostgreSQL: malformed HTTP answered in the
// §4 shape, the unauthenticated endpoints limited per address, altered bearer tokens refused, and
// an Idempotency-Key claim of a dead process released at once instead of after its lease.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { assertError } from '../support/lifecycle.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

/** Writes raw bytes to the server and reads until it closes the connection. */
function rawExchange(port: number, bytes: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head, body });
    });
  });
}

/** A pid that no longer runs: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

const SECRET = 's'.repeat(32);

for (const engine of engines()) {
  describe(`the HTTP edge on ${engine}`, () => {
    let t: TestApp;
    let port: number;
    let receiver: WebhookReceiver;
    before(async () => {
      receiver = await startReceiver(SECRET);
      t = await startTestApp(engine, {
        RATE_LIMIT_ADDRESS_PER_MINUTE: '60',
        RATE_LIMIT_ADDRESS_BURST: '3',
        WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1',
        IDEMPOTENCY_WAIT_MS: '300',
      });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as { port: number }).port;
    });
    after(async () => {
      await t.close();
      await receiver.stop();
    });

    const assertSection4 = (body: string, code: string) => {
      const doc = JSON.parse(body);
      assert.equal(doc.code, code);
      assert.equal(doc.doc_url, `https://api.handoff.test/docs/errors#${code}`);
      assert.deepEqual(doc.errors, [{ code, field: null, message: doc.message }]);
      assert.match(doc.request_id, /^[0-9a-f-]{36}$/);
    };

    test('malformed HTTP and oversized headers get §4 error bodies', async () => {
      const broken = await rawExchange(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nThis is not a header\r\n\r\n');
      assert.equal(broken.status, 400);
      assert.match(broken.headers, /content-type: application\/json; charset=utf-8/i);
      assertSection4(broken.body, 'bad_request');
      const huge = await rawExchange(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      assert.equal(huge.status, 431);
      assertSection4(huge.body, 'headers_too_large');
      const badChunk = await rawExchange(
        port,
        'POST /v1/authorize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      );
      assert.equal(badChunk.status, 400);
      assertSection4(badChunk.body, 'bad_request');
    });

    test('the unauthenticated endpoints are limited per remote address; others, and other addresses, are not', async () => {
      const from = (remoteAddress: string, method: 'GET' | 'POST', url: string) =>
        t.app.inject({ method, url, remoteAddress, ...(method === 'POST' ? { payload: { client_id: 'hc_x', client_secret: 'nope' } } : {}) });
      for (let i = 0; i < 3; i++) assert.equal((await from('203.0.113.7', 'POST', '/v1/authorize')).statusCode, 401);
      const limited = await from('203.0.113.7', 'GET', '/track/NoSuchTrackingToken123/status');
      assertError(limited as never, 429, 'rate_limited');
      assert.equal(limited.headers['retry-after'], '1');
      assert.equal((await from('203.0.113.7', 'POST', '/v1/sms/inbound')).statusCode, 429);
      assert.equal((await from('203.0.113.8', 'GET', '/track/NoSuchTrackingToken123/status')).statusCode, 404, 'another address');
      assert.equal((await from('203.0.113.7', 'GET', '/healthz')).statusCode, 200, 'health checks are not limited');
      assert.equal((await from('203.0.113.7', 'GET', '/track/assets/tracking.css')).statusCode, 200, 'static assets are not limited');
      t.clock.advance(1_000); // 60 a minute: one more token a second
      assert.equal((await from('203.0.113.7', 'POST', '/v1/authorize')).statusCode, 401, 'a token came back');
    });

    test('a bearer token that is not exactly as issued is access_denied', async () => {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = t.token.at(-1)!;
      const flipped = t.token.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
      for (const variant of [`${t.token}==`, `${t.token}!!`, flipped, `${t.token}.`]) {
        const res = await t.request('GET', '/v1/moves?limit=1', { token: variant });
        assertError(res, 401, 'access_denied');
      }
      assert.equal((await t.request('GET', '/v1/moves?limit=1')).statusCode, 200, 'the token as issued works');
    });

    test("a running Idempotency-Key claim of a process that died is released at once; a live process's claim is waited for", async () => {
      const hook = (await t.request('POST', '/v1/webhooks', { body: { target_url: receiver.url(), secret: SECRET, event_types: ['*'] } })).json();
      const path = `/v1/webhooks/${hook.webhook_id}/test`;
      const claimBy = async (key: string, owner: string) => {
        // The first request's record, as it would be had its process been killed mid-request.
        assert.equal((await t.request('POST', path, { headers: { 'idempotency-key': key } })).statusCode, 200);
        await t.deps.database.db
          .updateTable('idempotency_keys')
          .set({ state: 'running', status_code: null, response_body: null, locked_by: owner, locked_until: t.clock.now() + 60_000 })
          .where('key', '=', key)
          .execute();
      };
      await claimBy('killed-9', `${hostname()}:${await deadPid()}:0badf00d`);
      const retried = await t.request('POST', path, { headers: { 'idempotency-key': 'killed-9' } });
      assert.equal(retried.statusCode, 200, retried.body);
      assert.equal(retried.headers['idempotent-replayed'], undefined, 'it ran again');

      await claimBy('still-running', `${hostname()}:${process.ppid}:0badf00d`);
      assertError(await t.request('POST', path, { headers: { 'idempotency-key': 'still-running' } }), 409, 'idempotency_in_progress');
      await claimBy('other-host', `some-other-host:${await deadPid()}:0badf00d`);
      assertError(await t.request('POST', path, { headers: { 'idempotency-key': 'other-host' } }), 409, 'idempotency_in_progress');
    });
  });
}
