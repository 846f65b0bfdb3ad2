import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signToken, verifyToken } from '../../src/lib/tokens.ts';

const secret = 'x'.repeat(40);

describe('bearer tokens', () => {
  test('round-trip the payload', () => {
    const token = signToken({ sub: 'hc_abc', exp: 2_000_000_000 }, secret);
    assert.deepEqual(verifyToken(token, secret), { sub: 'hc_abc', exp: 2_000_000_000 });
  });

  test('reject another secret, a tampered payload, and junk', () => {
    const token = signToken({ sub: 'hc_abc', exp: 2_000_000_000 }, secret);
    assert.equal(verifyToken(token, 'y'.repeat(40)), null);
    const [, sig] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ sub: 'hc_admin', exp: 2_000_000_000 })).toString('base64url')}.${sig}`;
    assert.equal(verifyToken(forged, secret), null);
    for (const junk of ['', '.', 'abc', 'a.b', `${token}x`, '.'.repeat(2000)]) assert.equal(verifyToken(junk, secret), null);
  });
});
