// The charge object (spec §12.2, doc shape): the doc's keys in order, then ours; dollars with two
// decimals; due before the discount, balance after it and payments; `{}` for no charge.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderCharge } from '../../src/modules/billing/charges/charge-document.ts';
import { finalCharge, quoteCharge } from '../../src/modules/billing/charges/charge-lines.ts';
import { CONTRACT, T0, VERSION, stop } from '../support/charge-fixtures.ts';

const MIN = 60_000;

function sampleLines() {
  const quote = quoteCharge({ contract: CONTRACT, kind: 'one-way', cardinality: 0, leg: { miles: 12.3, evidence: { lane_id: 7 } }, notice: { booked_at_ms: T0, ready_by_ms: T0 + 10 * MIN, min_notice_minutes: 120 } });
  assert.ok(quote.ok);
  const final = finalCharge({
    contract: CONTRACT,
    quote: quote.value,
    cardinality: 0,
    cancel_status: null,
    stops: [stop('delivery', 20 * MIN)],
    fuel: null,
    dry_runs: [],
    added: [],
    discount: { amount: 1001, reason: 'late pickup', by: 'ops:dana', at_ms: T0 },
  });
  assert.ok(final.ok);
  return final.value.lines;
}

test('no charge renders as {}', () => assert.deepEqual(renderCharge(null), {}));

test('the charge object: doc keys in order, amounts in dollars, our keys after the doc ones', () => {
  const lines = sampleLines();
  lines[0]!.documents = [{ name: 'bol.pdf', url: 'https://x/bol.pdf', created_at: '2026-03-18T12:00:00Z', mime_type: 'application/pdf' }];
  const doc = renderCharge({ id: 5, invoice_id: null, status: 'final', disputed: false, dispute_reason: null, paid_amount: 2000, lines });
  assert.deepEqual(Object.keys(doc), ['id', 'invoice_id', 'type', 'status', 'disputed', 'dispute_reason', 'discount_amount', 'discount_reason', 'due_amount', 'paid_amount', 'balance_remaining', 'details']);
  // 3075 transport + 2500 rush + 250 wait = 5825 due; − 20.00 paid − 10.01 discount
  assert.deepEqual(
    [doc.type, doc.due_amount, doc.discount_amount, doc.discount_reason, doc.paid_amount, doc.balance_remaining],
    ['move', 58.25, 10.01, 'late pickup', 20, 28.24],
  );
  const details = doc.details as Record<string, unknown>[];
  assert.deepEqual(details.map((d) => [d.code, d.amount]), [['TRANSPORT', 30.75], ['RUSH', 25], ['WAIT', 2.5], ['DISCOUNT', -10.01]]);
  assert.deepEqual(Object.keys(details[0]!), ['name', 'amount', 'notes', 'mileage_band', 'documents', 'code', 'basis', 'evidence']);
  assert.deepEqual(Object.keys(details[1]!), ['name', 'amount', 'notes', 'code', 'basis', 'evidence']);
  assert.deepEqual(details[0]!.mileage_band, { rate: 2.5, type: 'per', distance_start: 10, distance_end: 50, contract: { begin_date: '2026-01-01', end_date: '2026-12-31', workflowset_id: 3 } });
  assert.deepEqual(details[0]!.documents, [{ name: 'bol.pdf', url: 'https://x/bol.pdf', created_at: '2026-03-18T12:00:00Z', 'mime-type': 'application/pdf' }]);
  const basis = details[0]!.basis as Record<string, unknown>;
  assert.deepEqual([basis.rate_used, (basis.band as { rate: number }).rate, basis.miles, basis.contract], [2.5, 2.5, 12.3, { id: 11, version: VERSION }]);
  assert.deepEqual((details[2]!.basis as Record<string, unknown>).per_minute, 0.5);
  assert.deepEqual(details[0]!.evidence, { distance_miles: 12.3, lane_id: 7 });
});

test("a canceled move's charge: zero, no lines", () => {
  const doc = renderCharge({ id: 6, invoice_id: 2, status: 'final', disputed: false, dispute_reason: null, paid_amount: 0, lines: [] });
  assert.deepEqual([doc.due_amount, doc.discount_amount, doc.balance_remaining, doc.discount_reason, doc.details], [0, 0, 0, null, []]);
});
