// The invoice's pure rules (spec §12.3): amounts, the status steps, how a payment spreads over the
// charges and when one is refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChargeCode, ChargeLine } from '../../src/modules/billing/charges/charge-types.ts';
import {
  type InvoiceCharge,
  type StatusFacts,
  allocatePayment,
  invoiceAmounts,
  nextStatus,
  payableCharges,
  paymentProblems,
  resolvedStatus,
} from '../../src/modules/billing/invoices/invoice-rules.ts';

const line = (code: ChargeCode, amount: number, notes: string | null = null): ChargeLine => ({ code, name: code, amount, notes, basis: { rule: 'test' }, evidence: {} });

function charge(id: number, lines: ChargeLine[], extra: Partial<InvoiceCharge> = {}): InvoiceCharge {
  return { id, move_id: id * 10, status: 'settled', disputed: false, dispute_reason: null, paid_amount: 0, lines, ...extra };
}

describe('invoiceAmounts', () => {
  const plain = charge(1, [line('TRANSPORT', 4500), line('WAIT', 250)]);
  const discounted = charge(2, [line('TRANSPORT', 3075), line('RUSH', 2500), line('DISCOUNT', -1001)]);
  const disputed = charge(3, [line('TRANSPORT', 6000), line('FUEL', 1197), line('DISCOUNT', -500)], { disputed: true, dispute_reason: 'never picked up' });

  const cases: Array<[string, InvoiceCharge[], number[], Record<string, number>]> = [
    ['no charges, no payments', [], [], { due: 0, disputed: 0, discount: 0, paid: 0, balance: 0, total: 0 }],
    ['one plain charge', [plain], [], { due: 4750, disputed: 0, discount: 0, paid: 0, balance: 4750, total: 4750 }],
    ['a discount is positive and comes off the balance', [discounted], [], { due: 5575, disputed: 0, discount: 1001, paid: 0, balance: 4574, total: 4574 }],
    ["a disputed charge's net total moves out of due into disputed", [plain, disputed], [], { due: 4750, disputed: 6697, discount: 0, paid: 0, balance: 4750, total: 11447 }],
    ['payments come off the balance', [plain, discounted], [2000, 3000], { due: 10325, disputed: 0, discount: 1001, paid: 5000, balance: 4324, total: 9324 }],
    ['overpaid: the balance goes negative', [plain], [5000], { due: 4750, disputed: 0, discount: 0, paid: 5000, balance: -250, total: 4750 }],
    ['all three with a payment', [plain, discounted, disputed], [4750], { due: 10325, disputed: 6697, discount: 1001, paid: 4750, balance: 4574, total: 16021 }],
  ];
  for (const [name, charges, payments, expected] of cases) {
    test(name, () => assert.deepEqual(invoiceAmounts(charges, payments.map((amount) => ({ amount }))), expected));
  }

  test('property: total is the sum of every line and due + disputed − discount; balance is due − paid − discount', () => {
    let seed = 12;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const int = (max: number) => Math.floor(random() * (max + 1));
    const codes: ChargeCode[] = ['TRANSPORT', 'WAIT', 'FUEL', 'CANCEL_PARTIAL', 'DRY_RUN', 'RUSH', 'ACCESSORIAL'];
    for (let round = 0; round < 500; round += 1) {
      const charges = Array.from({ length: int(8) }, (_, i) =>
        charge(i + 1, [
          ...Array.from({ length: int(6) }, () => line(codes[int(codes.length - 1)]!, int(500_000))),
          ...(random() < 0.4 ? [line('DISCOUNT', -int(50_000))] : []),
        ], { disputed: random() < 0.25 }));
      const payments = Array.from({ length: int(3) }, () => ({ amount: 1 + int(300_000) }));
      const a = invoiceAmounts(charges, payments);
      const everyLine = charges.flatMap((c) => c.lines).reduce((sum, l) => sum + l.amount, 0);
      assert.equal(a.total, everyLine, `round ${round}`);
      assert.equal(a.due + a.disputed - a.discount, a.total, `round ${round}`);
      assert.equal(a.balance, a.due - a.paid - a.discount, `round ${round}`);
      assert.equal(a.paid, payments.reduce((sum, p) => sum + p.amount, 0));
      for (const value of Object.values(a)) assert.ok(Number.isSafeInteger(value));
    }
  });
});

describe('nextStatus', () => {
  const END = Date.parse('2026-03-15T04:00:00Z');
  const base: StatusFacts = { status: 'acquiring', now_ms: END, end_ms: END, all_settled: true, any_disputed: false, balance: 0, written_off: false };
  const cases: Array<[string, Partial<StatusFacts>, StatusFacts['status']]> = [
    ['acquiring during the week stays acquiring', { now_ms: END - 1 }, 'acquiring'],
    ['acquiring after the week with a move unsettled stays acquiring', { all_settled: false }, 'acquiring'],
    ['acquiring at the week end with every move settled → processing', {}, 'processing'],
    ['acquiring goes one step only, even with nothing owed', { balance: 0, written_off: true }, 'processing'],
    ['processing with a balance stays processing', { status: 'processing', balance: 1 }, 'processing'],
    ['processing, paid but disputed, stays processing', { status: 'processing', any_disputed: true }, 'processing'],
    ['processing, paid, no dispute → closed', { status: 'processing' }, 'closed'],
    ['processing, overpaid → closed', { status: 'processing', balance: -250 }, 'closed'],
    ['processing, written off with a balance and a dispute → closed', { status: 'processing', balance: 9999, any_disputed: true, written_off: true }, 'closed'],
    ['closed stays closed, whatever happens', { status: 'closed', balance: 5000, any_disputed: true, all_settled: false }, 'closed'],
  ];
  for (const [name, facts, expected] of cases) test(name, () => assert.equal(nextStatus({ ...base, ...facts }), expected));

  test('resolvedStatus walks the steps until the status holds', () => {
    assert.deepEqual(resolvedStatus(base), { status: 'closed', path: ['processing', 'closed'] });
    assert.deepEqual(resolvedStatus({ ...base, balance: 10 }), { status: 'processing', path: ['processing'] });
    assert.deepEqual(resolvedStatus({ ...base, now_ms: END - 1 }), { status: 'acquiring', path: [] });
  });
});

describe('allocatePayment', () => {
  test('oldest charge first, each up to what it owes; a charge that gets nothing is not listed', () => {
    const charges = [{ id: 9, balance: 3000 }, { id: 4, balance: 1000 }, { id: 7, balance: 0 }, { id: 5, balance: 2500 }];
    assert.deepEqual(allocatePayment(2000, charges), [{ id: 4, amount: 1000 }, { id: 5, amount: 1000 }]);
    assert.deepEqual(allocatePayment(6500, charges), [{ id: 4, amount: 1000 }, { id: 5, amount: 2500 }, { id: 9, amount: 3000 }]);
  });

  test('a charge that owes less than nothing (overpaid) takes nothing', () => {
    assert.deepEqual(allocatePayment(500, [{ id: 1, balance: -300 }, { id: 2, balance: 800 }]), [{ id: 2, amount: 500 }]);
  });

  test('more than the charges owe: the rest goes on the newest charge, so the allocations add up to the payment', () => {
    const out = allocatePayment(5000, [{ id: 2, balance: 1000 }, { id: 3, balance: 1500 }]);
    assert.deepEqual(out, [{ id: 2, amount: 1000 }, { id: 3, amount: 4000 }]);
    assert.deepEqual(allocatePayment(700, [{ id: 8, balance: 0 }]), [{ id: 8, amount: 700 }]);
  });

  test('property: the allocations always add up to the payment, and none is zero or negative', () => {
    let seed = 99;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let round = 0; round < 500; round += 1) {
      const charges = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => ({ id: 100 - i * 3, balance: Math.floor(random() * 10_000) - 1000 }));
      const amount = 1 + Math.floor(random() * 30_000);
      const out = allocatePayment(amount, charges);
      assert.equal(out.reduce((sum, a) => sum + a.amount, 0), amount);
      assert.ok(out.every((a) => a.amount > 0));
      assert.deepEqual(out.map((a) => a.id), [...out.map((a) => a.id)].sort((a, b) => a - b));
    }
  });

  test('a payment of nothing, or with no charge to go to, is a programming error', () => {
    assert.throws(() => allocatePayment(0, [{ id: 1, balance: 10 }]), RangeError);
    assert.throws(() => allocatePayment(10.5, [{ id: 1, balance: 10 }]), RangeError);
    assert.throws(() => allocatePayment(10, []), RangeError);
  });

  test('payableCharges: the non-disputed charges with what each still owes', () => {
    const charges = [
      charge(1, [line('TRANSPORT', 4500), line('DISCOUNT', -500)], { paid_amount: 1000 }),
      charge(2, [line('TRANSPORT', 9000)], { disputed: true }),
      charge(3, [line('WAIT', 250)]),
    ];
    assert.deepEqual(payableCharges(charges), [{ id: 1, balance: 3000 }, { id: 3, balance: 250 }]);
  });
});

describe('paymentProblems', () => {
  test('a payment up to the balance is fine while the invoice is acquiring or processing', () => {
    assert.deepEqual(paymentProblems(4574, 4574, 'processing'), []);
    assert.deepEqual(paymentProblems(1, 4574, 'acquiring'), []);
  });

  test('an amount of zero or less is field_invalid at amount', () => {
    for (const amount of [0, -100]) {
      assert.deepEqual(paymentProblems(amount, 4574, 'processing'), [{ code: 'field_invalid', field: 'amount', message: 'amount must be more than 0 dollars' }]);
    }
  });

  test('more than the balance is field_invalid at amount, naming the balance', () => {
    const [problem, ...rest] = paymentProblems(4575, 4574, 'processing');
    assert.deepEqual(rest, []);
    assert.deepEqual([problem?.code, problem?.field], ['field_invalid', 'amount']);
    assert.match(problem!.message, /at most the invoice's balance_remaining, 45\.74 dollars/);
    assert.match(paymentProblems(100, -250, 'processing')[0]!.message, /0\.00 dollars/, 'an overpaid invoice owes nothing');
  });

  test('a closed invoice: invoice_closed at id, alone', () => {
    assert.deepEqual(paymentProblems(-5, 0, 'closed'), [{ code: 'invoice_closed', field: 'id', message: 'the invoice is closed (paid or written off): it takes no payment' }]);
  });
});
