// A photo's expiring links (spec §10.3): signed with the photo's own key, about an hour, and the same
// link for every render within a quarter of an hour (stored documents and events stay byte-stable).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { documentFreshUntil, LINK_LIFETIME_MS, linkExpiry, linkOpens, photoLink } from '../../src/modules/workflows/records/photo-links.ts';

const photo = { id: '0b6f3a52-8d9c-4d1e-9d55-3f1f1c3a9e10', url_key: 'k-of-this-photo-only-0123456789abcdef' };
const BASE = 'https://api.handoff.test';
const NOW = Date.parse('2026-03-18T12:07:00Z');

const parts = (link: string) => {
  const u = new URL(link);
  return { path: u.pathname, exp: u.searchParams.get('exp')!, sig: u.searchParams.get('sig')! };
};

describe('photo links', () => {
  test('a link works for at least an hour and at most a quarter more, then stops', () => {
    const expiry = linkExpiry(NOW);
    assert.ok(expiry - NOW >= LINK_LIFETIME_MS && expiry - NOW <= LINK_LIFETIME_MS + 15 * 60_000);
    const { exp, sig } = parts(photoLink(BASE, photo, 'original', NOW));
    assert.equal(Number(exp) * 1000, expiry);
    assert.ok(linkOpens(photo, 'original', { exp, sig }, expiry - 1));
    assert.ok(!linkOpens(photo, 'original', { exp, sig }, expiry));
  });

  test('links made within one quarter hour are the same bytes', () => {
    const a = photoLink(BASE, photo, 'original', Date.parse('2026-03-18T12:00:00Z'));
    const b = photoLink(BASE, photo, 'original', Date.parse('2026-03-18T12:14:59Z'));
    const c = photoLink(BASE, photo, 'original', Date.parse('2026-03-18T12:15:00Z'));
    assert.equal(a, b);
    assert.notEqual(b, c);
  });

  test('a link opens only its own photo and variant, and only as signed', () => {
    const original = parts(photoLink(BASE, photo, 'original', NOW));
    const thumbnail = parts(photoLink(BASE, photo, 'thumbnail', NOW));
    assert.equal(original.path, `/v1/photos/${photo.id}`);
    assert.equal(thumbnail.path, `/v1/photos/${photo.id}/thumbnail`);
    assert.ok(linkOpens(photo, 'thumbnail', thumbnail, NOW));
    assert.ok(!linkOpens(photo, 'thumbnail', original, NOW), "the original's signature does not open the thumbnail");
    const other = { ...photo, url_key: 'another-photo-key-0123456789abcdefgh' };
    assert.ok(!linkOpens(other, 'original', original, NOW), "another photo's key does not verify it");
    const flipped = original.sig.slice(0, -1) + (original.sig.endsWith('A') ? 'B' : 'A');
    assert.ok(!linkOpens(photo, 'original', { ...original, sig: flipped }, NOW));
    const later = String(Number(original.exp) + 3600);
    assert.ok(!linkOpens(photo, 'original', { ...original, exp: later }, NOW), 'a stretched expiry breaks the signature');
    for (const bad of [{ exp: '', sig: original.sig }, { exp: 'soon', sig: original.sig }, { exp: original.exp, sig: 'short' }]) {
      assert.ok(!linkOpens(photo, 'original', bad, NOW), JSON.stringify(bad));
    }
  });

  test('a stored document is served until its links have 45 minutes left', () => {
    assert.equal(linkExpiry(NOW) - documentFreshUntil(NOW), 45 * 60_000);
    assert.ok(documentFreshUntil(NOW) > NOW);
  });
});
