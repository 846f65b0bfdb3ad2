// The rule that redeems a quote at booking (spec §12.2): the quoted lines for the client, rooftop
// and body it was made for, within its life; otherwise quote_expired at quote_id, with one answer
// for unknown, another client's and expired (nothing leaks), another for a different body.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonBodySha256 } from '../../src/lib/canonical-json.ts';
import type { BookingQuote } from '../../src/modules/billing/charges/booking-price.ts';
import { QUOTE_LIFETIME_MS, quoteExpiresAt, redeemQuote } from '../../src/modules/billing/charges/quote-redeem.ts';

const T0 = Date.parse('2026-03-18T12:00:00Z');
const QUOTE: BookingQuote = [
  { contractId: 7, contractVersion: T0 - 1000, lines: [{ code: 'TRANSPORT', name: 'Transport', amount: 4501, notes: null, basis: { rule: 'band' }, evidence: {} }] },
  null,
];
const row = { client_id: 'dealer-1', rooftop_id: 3, body_sha256: 'abc', quote: JSON.stringify(QUOTE), expires_at: quoteExpiresAt(T0) };
const claim = { clientId: 'dealer-1', rooftopId: 3, bodySha256: 'abc', now: T0 + QUOTE_LIFETIME_MS - 1 };

describe('redeemQuote', () => {
  test('the quote of this client, rooftop and body, within its life: its lines exactly, nulls kept', () => {
    assert.deepEqual(redeemQuote(row, claim), { ok: true, quote: QUOTE });
  });

  test('15 minutes, counted from the quote; at expires_at it is expired', () => {
    assert.equal(QUOTE_LIFETIME_MS, 15 * 60_000);
    const expired = redeemQuote(row, { ...claim, now: T0 + QUOTE_LIFETIME_MS });
    assert.equal(expired.ok, false);
  });

  test('unknown, another client\'s and expired: the same problem, quote_expired at quote_id', () => {
    const answers = [redeemQuote(undefined, claim), redeemQuote(row, { ...claim, clientId: 'dealer-2' }), redeemQuote(row, { ...claim, now: T0 + 16 * 60_000 })];
    for (const a of answers) assert.deepEqual(a, answers[0]);
    assert.ok(!answers[0]!.ok && answers[0]!.problem.code === 'quote_expired' && answers[0]!.problem.field === 'quote_id');
    assert.ok(!answers[0]!.ok && /expired or was not issued to you/.test(answers[0]!.problem.message));
  });

  test('another body or rooftop: "made for a different booking" — told only to the client it was issued to', () => {
    for (const other of [{ bodySha256: 'abd' }, { rooftopId: 4 }]) {
      const r = redeemQuote(row, { ...claim, ...other });
      assert.ok(!r.ok && r.problem.code === 'quote_expired' && /made for a different booking/.test(r.problem.message));
    }
    const stranger = redeemQuote(row, { ...claim, clientId: 'dealer-2', bodySha256: 'abd' });
    assert.ok(!stranger.ok && /not issued to you/.test(stranger.problem.message));
  });
});

describe('jsonBodySha256', () => {
  test('keys in any order, at any depth, hash the same; a changed value does not', () => {
    const a = jsonBodySha256({ move: { vehicle: { make: 'Honda', year: 2003 }, ref: 'x' }, ready_by: 't' });
    assert.equal(jsonBodySha256({ ready_by: 't', move: { ref: 'x', vehicle: { year: 2003, make: 'Honda' } } }), a);
    assert.notEqual(jsonBodySha256({ ready_by: 't', move: { ref: 'x', vehicle: { year: 2004, make: 'Honda' } } }), a);
    assert.match(a, /^[0-9a-f]{64}$/);
  });

  test('a number too large for a double (JSON.parse gives Infinity) hashes as null instead of failing', () => {
    assert.equal(jsonBodySha256(JSON.parse('{"x":1e400,"y":[-1e400]}')), jsonBodySha256({ x: null, y: [null] }));
  });
});
