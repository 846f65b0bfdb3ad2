// The charge desk's rules (spec §12.2): each command's adjustments, the refusals and disputes'
// history. The lines the desk writes are finalCharge's own (charge-reprice.ts finalInputOf), so the
// repricing of every transition finds nothing to change: test/api/charge-desk.test.ts checks one event each.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type FinalInput, finalCharge, quoteCharge } from '../../src/modules/billing/charges/charge-lines.ts';
import { NO_ADJUSTMENTS } from '../../src/modules/billing/charges/charge-record.ts';
import { applyCommand, type DeskCommand, disputed, resolved, stateRefusal } from '../../src/modules/billing/charge-desk/charge-desk-rules.ts';
import { CONTRACT, T0, stop } from '../support/charge-fixtures.ts';

const MIN = 60_000;
const actor = { by: 'ops:dana', now: T0 };
const unwrap = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
const command = (c: Partial<DeskCommand> & Pick<DeskCommand, 'code'>): DeskCommand => ({ name: null, amount: null, notes: null, ...c });

describe('commands', () => {
  test('ACCESSORIAL appends a line of ops; DISCOUNT replaces the discount, 0 removes it', () => {
    const one = unwrap(applyCommand(NO_ADJUSTMENTS, command({ code: 'ACCESSORIAL', name: 'Tolls', amount: 1250, notes: 'I-95' }), CONTRACT, actor));
    const two = unwrap(applyCommand(one, command({ code: 'ACCESSORIAL', amount: 300 }), CONTRACT, actor));
    assert.deepEqual(two.added.map((a) => [a.name, a.amount, a.by]), [['Tolls', 1250, 'ops:dana'], [null, 300, 'ops:dana']]);
    const discounted = unwrap(applyCommand(two, command({ code: 'DISCOUNT', amount: 500, notes: 'late' }), CONTRACT, actor));
    assert.deepEqual(discounted.discount, { amount: 500, reason: 'late', by: 'ops:dana', at_ms: T0 });
    const again = unwrap(applyCommand(discounted, command({ code: 'DISCOUNT', amount: 700, notes: 'later' }), CONTRACT, actor));
    assert.equal(again.discount?.amount, 700);
    assert.equal(unwrap(applyCommand(again, command({ code: 'DISCOUNT', amount: 0 }), CONTRACT, actor)).discount, null);
  });

  test("DRY_RUN: the contract's fee, sent or not; another amount, or a contract without the fee, is refused", () => {
    const marked = unwrap(applyCommand(NO_ADJUSTMENTS, command({ code: 'DRY_RUN', notes: 'no keys' }), CONTRACT, actor));
    assert.deepEqual(marked.dry_runs, [{ at_ms: T0, by: 'ops:dana', note: 'no keys' }]);
    assert.ok(applyCommand(NO_ADJUSTMENTS, command({ code: 'DRY_RUN', amount: 5000 }), CONTRACT, actor).ok);
    assert.deepEqual(applyCommand(NO_ADJUSTMENTS, command({ code: 'DRY_RUN', amount: 4999 }), CONTRACT, actor), {
      ok: false,
      field: 'amount',
      reason: 'must be the dry_run_fee of contract 11, 50.00, or be left out',
    });
    const free = { ...CONTRACT, accessorials: { ...CONTRACT.accessorials, dry_run_fee: 0 } };
    const refused = applyCommand(NO_ADJUSTMENTS, command({ code: 'DRY_RUN' }), free, actor);
    assert.equal(refused.ok ? null : refused.field, 'code');
  });

  test('a canceled move takes nothing; a partial one no dry run', () => {
    assert.match(stateRefusal({ code: 'ACCESSORIAL' }, 'canceled') ?? '', /charge is 0/);
    assert.match(stateRefusal({ code: 'DRY_RUN' }, 'partial') ?? '', /trip fee/);
    assert.equal(stateRefusal({ code: 'DISCOUNT' }, 'partial'), null);
    assert.equal(stateRefusal({ code: 'DRY_RUN' }, 'rescheduled'), null);
    assert.equal(stateRefusal({ code: 'DRY_RUN' }, null), null);
  });

  test('a dispute and its resolution are kept; a second dispute while open restates it', () => {
    const first = disputed(NO_ADJUSTMENTS, 'too much', actor);
    const restated = disputed(first, 'far too much', { by: 'dealer', now: T0 + 1 });
    assert.deepEqual(restated.disputes, [{ reason: 'far too much', by: 'dealer', at_ms: T0 + 1 }]);
    const done = resolved(restated, 'far too much', { notes: 'agreed', discountAmount: 800 }, { by: 'ops', now: T0 + 2 });
    assert.deepEqual(done.disputes?.[0], { reason: 'far too much', by: 'dealer', at_ms: T0 + 1, resolved_by: 'ops', resolved_at_ms: T0 + 2, notes: 'agreed', discount_amount: 800 });
    assert.deepEqual(done.discount, { amount: 800, reason: 'agreed', by: 'ops', at_ms: T0 + 2 });
    const next = disputed(done, 'again', actor);
    assert.equal(next.disputes?.length, 2, 'a resolved dispute stays in the history');
    const noDiscount = resolved(next, 'again', { notes: null, discountAmount: null }, actor);
    assert.deepEqual(noDiscount.discount, done.discount, 'resolving without a discount keeps the one there');
    const reasoned = resolved(next, 'again', { notes: null, discountAmount: 100 }, actor);
    assert.equal(reasoned.discount?.reason, 'dispute resolved: again');
  });
});
