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

describe('bearer tokens are parsed strictly', () => {
  const token = signToken({ sub: 'hc_abc', exp: 2_000_000_000 }, secret);
  const [body, sig] = token.split('.') as [string, string];
  const flipSpareBits = (part: string) => {
    // A 32-byte MAC is 43 characters: the last one carries 4 data bits and 2 spare bits.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(part.at(-1)!);
    return part.slice(0, -1) + alphabet[last ^ 1];
  };

  test('the spare bits of the last character are really spare: the lenient decoder gives the same bytes', () => {
    assert.deepEqual(Buffer.from(flipSpareBits(sig), 'base64url'), Buffer.from(sig, 'base64url'));
  });

  test('padding, foreign characters, spare bits, whitespace and a third part are refused', () => {
    const variants = [
      `${token}==`,
      `${token}!!`,
      `${body}.${flipSpareBits(sig)}`,
      `${body}=.${sig}`,
      `${body}.${sig.slice(0, 10)}+${sig.slice(11)}`,
      `${body}.${sig.slice(0, 10)}/${sig.slice(11)}`,
      ` ${token}`,
      `${token}\n`,
      `${token}.${sig}`,
      `${body}..${sig}`,
    ];
    for (const variant of variants) assert.equal(verifyToken(variant, secret), null, variant);
    assert.notEqual(verifyToken(token, secret), null, 'the canonical token still verifies');
  });
});
