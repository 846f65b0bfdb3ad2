// /v1/webhooks (spec §8): subscriptions of a rooftop — create, list, read, change, delete — their
// validation (every problem, nothing written), SSRF refusals, rooftop scoping and roles, the test
// delivery and the delivery log.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const SECRET = 'whsec_test_0123456789_abcd';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DOCUMENT_KEYS = [
  'webhook_id',
  'rooftop',
  'target_url',
  'event_types',
  'description',
  'secret_last4',
  'active',
  'disabled_reason',
  'failing_since',
  'created_at',
  'updated_at',
];

type Problem = [code: string, field: string | null];
const problemsOf = (res: LightMyRequestResponse): Problem[] =>
  (res.json().errors as { code: string; field: string | null }[]).map((e) => [e.code, e.field]);
const sorted = (p: Problem[]) => p.map((x) => JSON.stringify(x)).sort();

function assertError(res: LightMyRequestResponse, status: number, code: string, problems: Problem[] = [[code, null]]): void {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json();
  assert.equal(body.code, code, res.body);
  assert.ok(body.message.length > 0);
  assert.deepEqual(sorted(problemsOf(res)), sorted(problems), res.body);
}

async function webhookCount(t: TestApp): Promise<number> {
  const row = await t.deps.database.db.selectFrom('webhooks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const engine of engines()) {
  describe(`webhook subscriptions on ${engine}`, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    before(async () => {
      t = await startTestApp(engine, { WEBHOOK_ALLOW_INSECURE_LOOPBACK: '1' });
      receiver = await startReceiver(SECRET);
    });
    after(async () => {
      await receiver.stop();
      await t.close();
    });

    const create = (body: Record<string, unknown>, token?: string) => t.request('POST', '/v1/webhooks', { body, token });
    const valid = (over: Record<string, unknown> = {}) => ({
      target_url: receiver.url(),
      secret: SECRET,
      event_types: ['move.created', 'move.pickup.started'],
      description: 'DMS integration',
      ...over,
    });
    const createOk = async (over: Record<string, unknown> = {}, token?: string) => {
      const res = await create(valid(over), token);
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };

    test('create: the document, without the secret; the secret is stored sealed', async () => {
      const res = await create(valid());
      assert.equal(res.statusCode, 200, res.body);
      const doc = res.json();
      assert.deepEqual(Object.keys(doc), DOCUMENT_KEYS);
      assert.equal(typeof doc.webhook_id, 'number');
      assert.deepEqual(
        { ...doc, webhook_id: 0, created_at: 'x', updated_at: 'x' },
        {
          webhook_id: 0,
          rooftop: t.rooftopId,
          target_url: receiver.url(),
          event_types: ['move.created', 'move.pickup.started'],
          description: 'DMS integration',
          secret_last4: 'abcd',
          active: true,
          disabled_reason: null,
          failing_since: null,
          created_at: 'x',
          updated_at: 'x',
        },
      );
      assert.match(doc.created_at, ISO);
      assert.ok(!res.body.includes(SECRET), 'the secret is never returned');

      const row = await t.deps.database.db.selectFrom('webhooks').selectAll().where('id', '=', doc.webhook_id).executeTakeFirstOrThrow();
      assert.ok(row.secret.startsWith('sealed:v1:'));
      assert.ok(!row.secret.includes(SECRET));

      const read = await t.request('GET', `/v1/webhooks/${doc.webhook_id}`);
      assert.equal(read.statusCode, 200);
      assert.deepEqual(read.json(), doc);
      assert.ok(!read.body.includes(SECRET));
    });

    test('"*" subscribes to every event type; description is optional', async () => {
      const doc = await createOk({ event_types: ['*'], description: undefined });
      assert.deepEqual(doc.event_types, ['*']);
      assert.equal(doc.description, null);
    });

    test('list: the rooftop\'s subscriptions in id order, deleted ones left out', async () => {
      const a = await createOk({ description: 'a' });
      const b = await createOk({ description: 'b' });
      assert.equal((await t.request('DELETE', `/v1/webhooks/${a.webhook_id}`)).statusCode, 204);
      const res = await t.request('GET', '/v1/webhooks');
      assert.equal(res.statusCode, 200);
      const ids = res.json().webhooks.map((w: any) => w.webhook_id);
      assert.ok(ids.includes(b.webhook_id));
      assert.ok(!ids.includes(a.webhook_id));
      assert.deepEqual(ids, [...ids].sort((x: number, y: number) => x - y));
      for (const w of res.json().webhooks) assert.deepEqual(Object.keys(w), DOCUMENT_KEYS);
      assert.ok(!res.body.includes(SECRET));
    });

    test('patch: URL, secret (rotated), event types, description cleared, active', async () => {
      const doc = await createOk();
      t.clock.advance(1000);
      const res = await t.request('PATCH', `/v1/webhooks/${doc.webhook_id}`, {
        body: {
          target_url: receiver.url('/v2'),
          secret: 'a-brand-new-secret-WXYZ',
          event_types: ['move.cancel.pending'],
          description: null,
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      const patched = res.json();
      assert.equal(patched.target_url, receiver.url('/v2'));
      assert.equal(patched.secret_last4, 'WXYZ');
      assert.deepEqual(patched.event_types, ['move.cancel.pending']);
      assert.equal(patched.description, null);
      assert.equal(patched.created_at, doc.created_at);
      assert.notEqual(patched.updated_at, doc.updated_at);
      assert.ok(!res.body.includes('a-brand-new-secret'));

      const off = await t.request('PATCH', `/v1/webhooks/${doc.webhook_id}`, { body: { active: false } });
      assert.equal(off.json().active, false);
      assert.equal(off.json().disabled_reason, null, 'disabled by hand: no automatic reason');
      const on = await t.request('PATCH', `/v1/webhooks/${doc.webhook_id}`, { body: { active: true } });
      assert.equal(on.json().active, true);
    });

    test('delete is a soft delete: 204, then 404 everywhere', async () => {
      const doc = await createOk();
      const del = await t.request('DELETE', `/v1/webhooks/${doc.webhook_id}`);
      assert.equal(del.statusCode, 204);
      assert.equal(del.body, '');
      for (const [method, url, body] of [
        ['GET', `/v1/webhooks/${doc.webhook_id}`],
        ['PATCH', `/v1/webhooks/${doc.webhook_id}`, { description: 'x' }],
        ['DELETE', `/v1/webhooks/${doc.webhook_id}`],
        ['POST', `/v1/webhooks/${doc.webhook_id}/test`],
        ['GET', `/v1/webhooks/${doc.webhook_id}/deliveries`],
      ] as const) {
        assertError(await t.request(method, url, { body }), 404, 'not_found');
      }
      const row = await t.deps.database.db.selectFrom('webhooks').selectAll().where('id', '=', doc.webhook_id).executeTakeFirstOrThrow();
      assert.notEqual(row.deleted_at, null);
      assert.equal(Number(row.active), 0);
    });

    test('ids that are not ids are not found', async () => {
      for (const id of ['abc', '0', '-1', '1.5', '99999999']) assertError(await t.request('GET', `/v1/webhooks/${id}`), 404, 'not_found');
    });

    const badCreates: [name: string, body: unknown, code: string, problems: Problem[]][] = [
      ['an empty object', {}, 'field_missing', [['field_missing', 'target_url'], ['field_missing', 'secret'], ['field_missing', 'event_types']]],
      [
        'every field of the wrong type',
        { target_url: 42, secret: true, event_types: 'move.created', description: 5 },
        'field_invalid',
        [['field_invalid', 'target_url'], ['field_invalid', 'secret'], ['field_invalid', 'event_types'], ['field_invalid', 'description']],
      ],
      ['blank strings', { target_url: '  ', secret: '', event_types: [] }, 'field_missing', [['field_missing', 'target_url'], ['field_missing', 'secret'], ['field_missing', 'event_types']]],
      ['not an absolute URL', { target_url: 'hooks.example.com/x' }, 'field_invalid', [['field_invalid', 'target_url']]],
      ['a URL over 2000 characters', { target_url: `https://example.com/${'a'.repeat(1990)}` }, 'field_invalid', [['field_invalid', 'target_url']]],
      ['a short secret', { secret: '0123456789abcde' }, 'field_invalid', [['field_invalid', 'secret']]],
      ['a long secret', { secret: 's'.repeat(201) }, 'field_invalid', [['field_invalid', 'secret']]],
      [
        'unknown event types',
        { event_types: ['move.created', 'move.exploded', ''] },
        'field_invalid',
        [['field_invalid', 'event_types.1'], ['field_invalid', 'event_types.2']],
      ],
      ['"*" with another type', { event_types: ['*', 'move.created'] }, 'field_invalid', [['field_invalid', 'event_types']]],
      ['a long description', { description: 'd'.repeat(501) }, 'field_invalid', [['field_invalid', 'description']]],
      ['a rooftop that is not mine', { rooftop: 999_999 }, 'field_invalid', [['field_invalid', 'rooftop']]],
      [
        'a private target and a short secret together',
        { target_url: 'https://10.0.0.1/hook', secret: 'short' },
        'field_invalid',
        [['field_invalid', 'target_url'], ['field_invalid', 'secret']],
      ],
    ];
    for (const [name, change, code, problems] of badCreates) {
      test(`create refuses ${name}, listing every problem and writing nothing`, async () => {
        const before = await webhookCount(t);
        const body = name === 'an empty object' ? {} : { ...valid(), ...(change as object) };
        assertError(await create(body), 400, code, problems);
        assert.equal(await webhookCount(t), before);
      });
    }

    test('create refuses a body that is not a JSON object', async () => {
      const before = await webhookCount(t);
      assertError(await t.request('POST', '/v1/webhooks', { body: '[1]', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
      assertError(await t.request('POST', '/v1/webhooks', { body: 'x=1', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
      assert.equal(await webhookCount(t), before);
    });

    test('patch refuses bad fields, listing every problem and changing nothing', async () => {
      const doc = await createOk();
      const url = `/v1/webhooks/${doc.webhook_id}`;
      assertError(await t.request('PATCH', url, { body: {} }), 400, 'field_missing');
      assertError(
        await t.request('PATCH', url, { body: { target_url: 'ftp://x.example.com/', secret: 'short', event_types: ['nope'], active: 'no' } }),
        400,
        'field_invalid',
        [['field_invalid', 'target_url'], ['field_invalid', 'secret'], ['field_invalid', 'event_types.0'], ['field_invalid', 'active']],
      );
      assertError(await t.request('PATCH', url, { body: { target_url: 'https://169.254.169.254/latest' } }), 400, 'field_invalid', [
        ['field_invalid', 'target_url'],
      ]);
      assert.deepEqual((await t.request('GET', url)).json(), doc);
    });

    // SSRF through the API (the full table is in test/unit/webhook-target-guard.test.ts).
    const refusedTargets: [string, RegExp][] = [
      ['http://93.184.216.34/hook', /http is allowed only to a loopback address/],
      ['https://10.0.0.1/hook', /10\.0\.0\.1, a private address/],
      ['https://192.168.1.1/hook', /a private address/],
      ['https://169.254.169.254/latest/meta-data/', /a metadata address/],
      ['https://metadata.google.internal/computeMetadata/v1/', /cloud metadata service/],
      ['https://[fe80::1]/hook', /a link-local address/],
      ['https://[::ffff:10.0.0.1]/hook', /\(10\.0\.0\.1\), a private address/],
      ['https://0.0.0.0/hook', /an unspecified address/],
    ];
    for (const [url, message] of refusedTargets) {
      test(`refuses the target ${url}`, async () => {
        const before = await webhookCount(t);
        const res = await create(valid({ target_url: url }));
        assertError(res, 400, 'field_invalid', [['field_invalid', 'target_url']]);
        assert.match(res.json().errors[0].message, message);
        assert.equal(await webhookCount(t), before);
      });
    }

    test('a dealer_admin with several rooftops names one; another rooftop\'s subscription is not found', async () => {
      const second = await t.addRooftop({ name: 'Second Lot' });
      const third = await t.addRooftop({ name: 'Elsewhere Motors' });
      const admin = await t.addClient('dealer_admin', [t.rooftopId, second]);
      assertError(await create(valid(), admin.token), 400, 'field_missing', [['field_missing', 'rooftop']]);
      assertError(await create(valid({ rooftop: third }), admin.token), 400, 'field_invalid', [['field_invalid', 'rooftop']]);
      const mine = await createOk({ rooftop: second }, admin.token);
      assert.equal(mine.rooftop, second);

      // The dealer of the first rooftop does not see the second rooftop's subscription…
      const dealerList = (await t.request('GET', '/v1/webhooks')).json().webhooks.map((w: any) => w.webhook_id);
      assert.ok(!dealerList.includes(mine.webhook_id));
      for (const [method, url, body] of [
        ['GET', `/v1/webhooks/${mine.webhook_id}`],
        ['PATCH', `/v1/webhooks/${mine.webhook_id}`, { description: 'mine now' }],
        ['DELETE', `/v1/webhooks/${mine.webhook_id}`],
        ['POST', `/v1/webhooks/${mine.webhook_id}/test`],
        ['GET', `/v1/webhooks/${mine.webhook_id}/deliveries`],
      ] as const) {
        assertError(await t.request(method, url, { body }), 404, 'not_found');
      }
      // …the admin sees both rooftops', and a dealer of a third rooftop sees none of them.
      const adminList = (await t.request('GET', '/v1/webhooks', { token: admin.token })).json().webhooks;
      assert.ok(adminList.some((w: any) => w.rooftop === second) && adminList.some((w: any) => w.rooftop === t.rooftopId));
      const outsider = await t.addClient('dealer', [third]);
      assert.deepEqual((await t.request('GET', '/v1/webhooks', { token: outsider.token })).json(), { webhooks: [] });
      assert.equal((await t.request('GET', `/v1/webhooks/${mine.webhook_id}`, { token: admin.token })).statusCode, 200);
    });

    test('roles: dealer and dealer_admin only; a token is required', async () => {
      const doc = await createOk();
      const ops = await t.addClient('ops', [t.rooftopId]);
      const driver = await t.addClient('driver', []);
      for (const token of [ops.token, driver.token]) {
        assertError(await create(valid(), token), 403, 'missing_scope');
        assertError(await t.request('GET', '/v1/webhooks', { token }), 403, 'missing_scope');
        assertError(await t.request('GET', `/v1/webhooks/${doc.webhook_id}`, { token }), 403, 'missing_scope');
        assertError(await t.request('POST', `/v1/webhooks/${doc.webhook_id}/test`, { token }), 403, 'missing_scope');
      }
      assertError(await t.request('GET', '/v1/webhooks', { token: null }), 401, 'access_denied');
      assertError(await create(valid(), 'not-a-token'), 401, 'access_denied');
    });

    test('test delivery: a signed webhook.test event, sent now and recorded', async () => {
      const doc = await createOk();
      const before = receiver.requests.length;
      const res = await t.request('POST', `/v1/webhooks/${doc.webhook_id}/test`);
      assert.equal(res.statusCode, 200, res.body);
      const result = res.json();
      assert.deepEqual(Object.keys(result), ['event_id', 'delivered', 'status_code', 'duration_ms', 'error']);
      assert.equal(result.delivered, true);
      assert.equal(result.status_code, 200);
      assert.equal(result.error, null);
      assert.ok(Number.isInteger(result.duration_ms) && result.duration_ms >= 0);

      assert.equal(receiver.requests.length, before + 1);
      const got = receiver.requests.at(-1)!;
      assert.equal(got.signatureValid, true);
      assert.equal(got.t, t.clock.now());
      assert.equal(got.headers['handoff-event'], 'webhook_test');
      assert.equal(got.headers['user-agent'], 'Handoff-Webhooks/1.0.0');
      assert.equal(got.headers['content-type'], 'application/json');
      assert.deepEqual(Object.keys(got.json), ['id', 'object', 'type', 'version', 'created', 'sequence', 'data']);
      assert.equal(got.json.id, result.event_id);
      assert.match(got.json.id, UUID);
      assert.equal(got.json.type, 'webhook.test');
      assert.equal(got.json.object, 'event');
      assert.equal(typeof got.json.data.message, 'string');

      const log = (await t.request('GET', `/v1/webhooks/${doc.webhook_id}/deliveries`)).json();
      assert.deepEqual(log.deliveries.map((d: any) => [d.event_id, d.event_type, d.attempt, d.delivered, d.status_code, d.error]), [
        [result.event_id, 'webhook.test', 1, true, 200, null],
      ]);
      assert.equal(log.next_cursor, null);
    });

    test('test delivery to a failing or unreachable receiver says why', async () => {
      const doc = await createOk();
      receiver.failFirst(1, 503);
      const failed = (await t.request('POST', `/v1/webhooks/${doc.webhook_id}/test`)).json();
      assert.equal(failed.delivered, false);
      assert.equal(failed.status_code, 503);
      assert.match(failed.error, /503/);

      const gone = await startReceiver(SECRET);
      const url = gone.url();
      await gone.stop();
      await t.request('PATCH', `/v1/webhooks/${doc.webhook_id}`, { body: { target_url: url } });
      const unreachable = (await t.request('POST', `/v1/webhooks/${doc.webhook_id}/test`)).json();
      assert.deepEqual([unreachable.delivered, unreachable.status_code], [false, null]);
      assert.match(unreachable.error, /ECONNREFUSED/);

      const log = (await t.request('GET', `/v1/webhooks/${doc.webhook_id}/deliveries`)).json().deliveries;
      assert.deepEqual(log.map((d: any) => d.status_code), [null, 503], 'newest first');
      // A test says nothing about real deliveries: the subscription is not marked failing.
      assert.equal((await t.request('GET', `/v1/webhooks/${doc.webhook_id}`)).json().failing_since, null);
    });

    test('deliveries page newest first with a cursor, and refuse a bad limit or cursor', async () => {
      const doc = await createOk();
      for (let i = 0; i < 3; i++) await t.request('POST', `/v1/webhooks/${doc.webhook_id}/test`);
      const all = (await t.request('GET', `/v1/webhooks/${doc.webhook_id}/deliveries`)).json().deliveries;
      assert.equal(all.length, 3);
      const ids = all.map((d: any) => d.delivery_id);
      assert.deepEqual(ids, [...ids].sort((a: number, b: number) => b - a));
      assert.deepEqual(Object.keys(all[0]), [
        'delivery_id',
        'event_id',
        'event_type',
        'attempt',
        'delivered',
        'status_code',
        'duration_ms',
        'error',
        'created_at',
      ]);

      const first = (await t.request('GET', `/v1/webhooks/${doc.webhook_id}/deliveries?limit=2`)).json();
      assert.deepEqual(first.deliveries.map((d: any) => d.delivery_id), ids.slice(0, 2));
      assert.equal(typeof first.next_cursor, 'string');
      const second = (await t.request('GET', `/v1/webhooks/${doc.webhook_id}/deliveries?limit=2&cursor=${first.next_cursor}`)).json();
      assert.deepEqual(second.deliveries.map((d: any) => d.delivery_id), ids.slice(2));
      assert.equal(second.next_cursor, null);

      assertError(await t.request('GET', `/v1/webhooks/${doc.webhook_id}/deliveries?limit=0&cursor=zzz`), 400, 'field_invalid', [
        ['field_invalid', 'limit'],
        ['field_invalid', 'cursor'],
      ]);
    });
  });

  describe(`webhook targets without WEBHOOK_ALLOW_INSECURE_LOOPBACK on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine);
    });
    after(() => t.close());

    const targets: [string, RegExp][] = [
      ['http://127.0.0.1:9999/hook', /must be an https URL/],
      ['https://127.0.0.1/hook', /127\.0\.0\.1, a loopback address/],
      ['https://[::1]/hook', /::1, a loopback address/],
      ['https://localhost/hook', /localhost resolves to .*a loopback address/],
    ];
    for (const [url, message] of targets) {
      test(`refuses ${url}`, async () => {
        const res = await t.request('POST', '/v1/webhooks', { body: { target_url: url, secret: SECRET, event_types: ['*'] } });
        assertError(res, 400, 'field_invalid', [['field_invalid', 'target_url']]);
        assert.match(res.json().errors[0].message, message);
        assert.equal(await webhookCount(t), 0);
      });
    }
  });
}
