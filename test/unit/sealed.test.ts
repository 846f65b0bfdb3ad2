import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seal, sealingKey, unseal } from '../../src/lib/sealed.ts';

test('sealed text round-trips, hides the plain text, and refuses a wrong key or tampering', () => {
  const key = sealingKey('x'.repeat(40), 'test');
  const sealed = seal('{"client_secret":"hs_abc"}', key);
  assert.ok(!sealed.includes('hs_abc'));
  assert.notEqual(seal('same', key), seal('same', key), 'a fresh IV each time');
  assert.equal(unseal(sealed, key), '{"client_secret":"hs_abc"}');
  assert.equal(unseal('plain text', key), 'plain text', 'unsealed text passes through');
  assert.throws(() => unseal(sealed, sealingKey('y'.repeat(40), 'test')));
  const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
  assert.throws(() => unseal(tampered, key));
});
