// Reading webhook subscription requests: every problem listed with its code and field.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuthContext } from '../../src/modules/auth/auth-context.ts';
import { ApiError } from '../../src/lib/errors.ts';
import {
  readNewWebhook,
  readWebhookPatch,
  subscribesTo,
  type TargetCheck,
} from '../../src/modules/webhooks/webhook-request.ts';

const dealer: AuthContext = { clientId: 'c1', role: 'dealer', rooftopIds: [7], allRooftops: false, driverId: null };
const admin: AuthContext = { clientId: 'c2', role: 'dealer_admin', rooftopIds: [7, 9], allRooftops: false, driverId: null };
/** The DNS half, faked: hosts under .internal are refused. */
const check: TargetCheck = {
  allowInsecureLoopback: false,
  vet: async (url) => (new URL(url).hostname.endsWith('.internal') ? 'resolves to a private address' : null),
};

const valid = () => ({
  target_url: 'https://hooks.example.com/handoff',
  secret: 'a-long-random-secret-0001',
  event_types: ['move.created', 'move.pickup.started'],
  description: 'Our DMS',
});

async function problems(run: () => Promise<unknown>): Promise<[string, string | null][]> {
  try {
    await run();
  } catch (err) {
    assert.ok(err instanceof ApiError, String(err));
    return err.problems.length ? err.problems.map((p) => [p.code, p.field]) : [[err.code, null]];
  }
  return [];
}

describe('readNewWebhook', () => {
  test('a valid request, trimmed, with duplicate types dropped', async () => {
    const fields = await readNewWebhook(
      { ...valid(), target_url: '  https://hooks.example.com/handoff ', event_types: ['move.created', 'move.created', 'move.updated'] },
      dealer,
      check,
    );
    assert.deepEqual(fields, {
      targetUrl: 'https://hooks.example.com/handoff',
      secret: 'a-long-random-secret-0001',
      eventTypes: ['move.created', 'move.updated'],
      description: 'Our DMS',
      rooftopId: 7,
    });
    assert.deepEqual((await readNewWebhook({ ...valid(), event_types: ['*'], description: null }, dealer, check)).eventTypes, ['*']);
  });

  const rows: [name: string, body: Record<string, unknown>, auth: AuthContext, expected: [string, string][]][] = [
    ['an empty body', {}, dealer, [['field_missing', 'target_url'], ['field_missing', 'secret'], ['field_missing', 'event_types']]],
    [
      'every field wrong at once',
      { target_url: 42, secret: 'short', event_types: 'move.created', description: 'x'.repeat(501) },
      dealer,
      [['field_invalid', 'target_url'], ['field_invalid', 'secret'], ['field_invalid', 'event_types'], ['field_invalid', 'description']],
    ],
    ['a relative URL', { ...valid(), target_url: '/hooks' }, dealer, [['field_invalid', 'target_url']]],
    ['an http URL', { ...valid(), target_url: 'http://hooks.example.com/' }, dealer, [['field_invalid', 'target_url']]],
    ['a URL over 2000 characters', { ...valid(), target_url: `https://hooks.example.com/${'a'.repeat(2000)}` }, dealer, [['field_invalid', 'target_url']]],
    ['a target refused after DNS', { ...valid(), target_url: 'https://db.internal/', secret: '' }, dealer, [['field_invalid', 'target_url'], ['field_missing', 'secret']]],
    ['a secret of 15 characters', { ...valid(), secret: 'x'.repeat(15) }, dealer, [['field_invalid', 'secret']]],
    ['a secret of 201 characters', { ...valid(), secret: 'x'.repeat(201) }, dealer, [['field_invalid', 'secret']]],
    ['no event types', { ...valid(), event_types: [] }, dealer, [['field_missing', 'event_types']]],
    [
      'unknown event types, each named',
      { ...valid(), event_types: ['move.created', 'move.teleported', 7] },
      dealer,
      [['field_invalid', 'event_types.1'], ['field_invalid', 'event_types.2']],
    ],
    ['"*" with others', { ...valid(), event_types: ['*', 'move.created'] }, dealer, [['field_invalid', 'event_types']]],
    ['no rooftop from a client with several', valid(), admin, [['field_missing', 'rooftop']]],
    ['a rooftop that is not mine', { ...valid(), rooftop: 8 }, admin, [['field_invalid', 'rooftop']]],
  ];
  for (const [name, body, auth, expected] of rows) {
    test(`refuses ${name}`, async () => {
      const sort = (p: [string, string | null][]) => p.map((x) => x.join(' ')).sort();
      assert.deepEqual(sort(await problems(() => readNewWebhook(body, auth, check))), sort(expected));
    });
  }

  test('a client with several rooftops chooses one of them', async () => {
    assert.equal((await readNewWebhook({ ...valid(), rooftop: 9 }, admin, check)).rooftopId, 9);
  });

  test('asks DNS only about a URL that passed the other checks', async () => {
    const asked: string[] = [];
    const spy: TargetCheck = { allowInsecureLoopback: false, vet: async (u) => (asked.push(u), null) };
    await problems(() => readNewWebhook({ ...valid(), target_url: 'http://hooks.example.com/' }, dealer, spy));
    await problems(() => readNewWebhook({ ...valid(), target_url: 'https://metadata.google.internal/' }, dealer, spy));
    assert.deepEqual(asked, []);
  });
});

describe('readWebhookPatch', () => {
  test('absent means unchanged; description can be cleared; active toggles', async () => {
    assert.deepEqual(await readWebhookPatch({ description: null, active: true }, check), { description: null, active: true });
    assert.deepEqual(await readWebhookPatch({ event_types: ['*'] }, check), { eventTypes: ['*'] });
  });

  test('refuses an empty patch and lists every bad field', async () => {
    assert.deepEqual(await problems(() => readWebhookPatch({}, check)), [['field_missing', null]]);
    const sort = (p: [string, string | null][]) => p.map((x) => x.join(' ')).sort();
    assert.deepEqual(
      sort(await problems(() => readWebhookPatch({ target_url: null, secret: 'short', event_types: [], active: 'yes' }, check))),
      sort([['field_missing', 'target_url'], ['field_invalid', 'secret'], ['field_missing', 'event_types'], ['field_invalid', 'active']]),
    );
  });
});

test('subscribesTo: a listed type, or "*" for all', () => {
  assert.equal(subscribesTo(['move.created'], 'move.created'), true);
  assert.equal(subscribesTo(['move.created'], 'move.updated'), false);
  assert.equal(subscribesTo(['*'], 'move.cancel.failed'), true);
});
