// An invoice put together from its stored rows (invoice-view.ts): the customer is the payer when
// there is one, else the rooftop; the week comes from the stored Sunday and zone; charges and
// payments in id order, amounts in cents; and the payer key the unique index holds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChargeRow, InvoicePaymentRow, InvoiceRow } from '../../src/db/schema.ts';
import { payerKey } from '../../src/modules/billing/invoices/invoice-rules.ts';
import { invoiceViewOf } from '../../src/modules/billing/invoices/invoice-view.ts';

const line = { code: 'TRANSPORT', name: 'Transport', amount: 4501, notes: null, basis: { rule: 'flat band' }, evidence: {} };
const invoice: InvoiceRow = {
  id: 9, rooftop_id: 3, payer_id: 7, payer_key: 'payer:7', start_date: '2026-03-08', start_ms: 0, end_ms: 0, timezone: 'America/New_York',
  status: 'processing', written_off: 0, write_off_reason: null, event_sequence: 1, closed_at: null, created_at: 0, updated_at: 0,
};
const charge = (id: number, extra: Partial<ChargeRow> = {}): ChargeRow => ({
  id, move_id: 100 + id, scenario_id: 50, rooftop_id: 3, payer_id: 7, contract_id: 1, contract_version: 1, status: 'settled',
  quote_lines: '[]', lines: JSON.stringify([line]), total: 4501, adjustments: JSON.stringify({ discount: { amount: 500, reason: 'loyalty' } }),
  disputed: 0, dispute_reason: null, paid_amount: 1000, invoice_id: 9, completed_at: 1, settled_at: 2, created_at: 0, updated_at: 0, ...extra,
});
const payment = (id: number): InvoicePaymentRow => ({
  id, invoice_id: 9, amount: 1000, date: '2026-03-20', method_type: 'check', last4: null, allocations: JSON.stringify([{ charge_id: 2, amount: 1000 }]),
  status: 'posted', recorded_by: 'desk', created_at: 0,
});

describe('invoiceViewOf', () => {
  const view = invoiceViewOf({
    row: invoice,
    charges: [charge(2, { disputed: 1, dispute_reason: 'never moved' }), charge(1)],
    payments: [payment(5), payment(4)],
    rooftop: { id: 3, name: 'Lindqvist Honda' },
    payer: { id: 7, name: 'Fleet Partners' },
  });

  test('the payer is the customer; the rooftop keeps the zone the invoice was opened in', () => {
    assert.deepEqual(view.customer, { id: 7, name: 'Fleet Partners', kind: 'third_party_payer' });
    assert.deepEqual(view.rooftop, { id: 3, name: 'Lindqvist Honda', timezone: 'America/New_York' });
    assert.deepEqual([view.week.start_date, view.week.end_date], ['2026-03-08', '2026-03-14']);
    assert.equal(view.week.end_ms - view.week.start_ms, 167 * 3600_000, 'the week of the spring change is an hour short');
  });

  test('charges and payments in id order, with what the document needs', () => {
    assert.deepEqual(view.charges.map((c) => [c.id, c.move_id, c.disputed, c.paid_amount]), [[1, 101, false, 1000], [2, 102, true, 1000]]);
    assert.equal((view.charges[0] as { discount_reason?: string | null }).discount_reason, 'loyalty');
    assert.deepEqual(view.payments.map((p) => [p.id, p.method_type, p.last4, p.allocations]), [[4, 'check', null, [{ charge_id: 2, amount: 1000 }]], [5, 'check', null, [{ charge_id: 2, amount: 1000 }]]]);
  });

  test('without a payer the rooftop is the customer', () => {
    const own = invoiceViewOf({ row: { ...invoice, payer_id: null, payer_key: 'rooftop' }, charges: [], payments: [], rooftop: { id: 3, name: 'Lindqvist Honda' }, payer: null });
    assert.deepEqual(own.customer, { id: 3, name: 'Lindqvist Honda', kind: 'rooftop' });
  });

  test('the payer key: never null, so the unique index holds the rooftop\'s own week too', () => {
    assert.deepEqual([payerKey(null), payerKey(7)], ['rooftop', 'payer:7']);
  });
});
