// The Handoff-Signature header (spec §8), checked against an HMAC computed here independently.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  deliveryHeaders,
  eventHeaderValue,
  signatureHeader,
  verifySignature,
} from '../../src/modules/webhooks/webhook-signature.ts';

const secret = 'whsec_0123456789abcdef';
const body = '{"id":"8a1c0c4e-2f37-4f1c-9a47-0f1e2d3c4b5a","object":"event","type":"move.created"}';
const t = 1_773_835_200_000;

describe('signatureHeader', () => {
  test('is t=<unix ms>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    assert.equal(signatureHeader(secret, t, body), `t=${t},v1=${expected}`);
    assert.match(signatureHeader(secret, t, body), /^t=\d{13},v1=[0-9a-f]{64}$/);
  });

  test('a different time, body or secret gives a different signature', () => {
    const base = signatureHeader(secret, t, body);
    assert.notEqual(signatureHeader(secret, t + 1, body).split(',')[1], base.split(',')[1]);
    assert.notEqual(signatureHeader(secret, t, `${body} `), base);
    assert.notEqual(signatureHeader(`${secret}x`, t, body), base);
  });

  test('signs the UTF-8 bytes of the body', () => {
    const unicode = '{"name":"Zoë – 5½"}';
    const expected = createHmac('sha256', secret).update(Buffer.from(`${t}.${unicode}`, 'utf8')).digest('hex');
    assert.equal(signatureHeader(secret, t, unicode), `t=${t},v1=${expected}`);
  });

  test('refuses a time that is not an epoch millisecond integer', () => {
    assert.throws(() => signatureHeader(secret, 1.5, body), RangeError);
    assert.throws(() => signatureHeader(secret, -1, body), RangeError);
  });
});

describe('verifySignature', () => {
  const header = signatureHeader(secret, t, body);

  test('accepts the header it was given', () => {
    assert.equal(verifySignature(secret, header, body), true);
    const [tPart, v1Part] = header.split(',');
    assert.equal(verifySignature(secret, `${v1Part},${tPart}`, body), true, 'in any order');
  });

  test('accepts one good v1 among several (secret rotation)', () => {
    const other = signatureHeader('another-secret-0000', t, body).split(',')[1];
    assert.equal(verifySignature(secret, `${header},${other}`, body), true);
  });

  test('refuses a changed body, secret, t, or a malformed header', () => {
    const [tPart, v1Part] = header.split(',');
    assert.equal(verifySignature(secret, header, `${body}\n`), false);
    assert.equal(verifySignature('wrong-secret-000000', header, body), false);
    assert.equal(verifySignature(secret, `t=${t + 1},${v1Part}`, body), false);
    for (const bad of [undefined, '', tPart!, v1Part!, `t=abc,${v1Part}`, `${tPart},v1=xyz`, `${tPart},${tPart},${v1Part}`, 'garbage']) {
      assert.equal(verifySignature(secret, bad, body), false, String(bad));
    }
  });

  test('with a tolerance, refuses an old signature (replay)', () => {
    assert.equal(verifySignature(secret, header, body, { toleranceMs: 300_000, now: t + 299_000 }), true);
    assert.equal(verifySignature(secret, header, body, { toleranceMs: 300_000, now: t + 301_000 }), false);
  });
});

describe('delivery headers', () => {
  test('Handoff-Event is the type with dots as underscores', () => {
    assert.equal(eventHeaderValue('move.pickup.started'), 'move_pickup_started');
    assert.equal(eventHeaderValue('move.created'), 'move_created');
    assert.equal(eventHeaderValue('webhook.test'), 'webhook_test');
  });

  test('every header of an attempt', () => {
    assert.deepEqual(deliveryHeaders(secret, 'move.cancel.pending', t, body), {
      'Content-Type': 'application/json',
      'User-Agent': 'Handoff-Webhooks/1.0.0',
      'Handoff-Event': 'move_cancel_pending',
      'Handoff-Signature': signatureHeader(secret, t, body),
    });
  });
});
