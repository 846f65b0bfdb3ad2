// What the ops desk does to an invoice (spec §12.3): record a payment — spread over the charges,
// oldest first, each share added to the charge's paid_amount — and write an invoice off. Both run
// in one transaction that starts by locking the invoice, so they see it one after another; a
// processing invoice that is now paid in full (or written off) closes in that same transaction,
// with its invoice.closed. Nothing is written when the payment is refused.
import type { Transaction, WriteOptions } from '../../../db/executor.ts';
import { lockScenario } from '../../../db/locks.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, notFound } from '../../../lib/errors.ts';
import { storeScenarioDocument } from '../../moves/scenario-document.ts';
import { invoiceListDocument, type PaymentMethodType } from './invoice-document.ts';
import { closeIfDue, type InvoiceLifeDeps, viewOf } from './invoice-lifecycle.ts';
import { allocatePayment, invoiceAmounts, payableCharges, paymentProblems } from './invoice-rules.ts';
import { addPaidToCharge, type InvoiceRow, insertPayment, lockInvoice, markWrittenOff, type RooftopScope, scenariosOfCharges } from './invoices.repository.ts';

export interface PaymentInput {
  /** Cents. */
  amountCents: number;
  /** YYYY-MM-DD. */
  date: string;
  methodType: PaymentMethodType;
  last4: string | null;
}

export interface InvoiceDeskDeps extends InvoiceLifeDeps {
  clock: Clock;
}

/** A recorded payment's status: we record money that arrived; nothing here is pending. */
const POSTED = 'posted';

const invoiceClosed = () =>
  ApiError.fromProblems([{ code: 'invoice_closed', field: 'id', message: 'the invoice is closed (paid or written off): it is frozen' }]);

/** Locks the invoice of the scope, or not_found; another rooftop's invoice is as good as missing (spec §3). */
async function lockedOrMissing(trx: Transaction, id: number, scope: RooftopScope): Promise<InvoiceRow> {
  const locked = await lockInvoice(trx, id, scope);
  if (!locked) throw notFound('invoice');
  return locked;
}

/** `{ "invoices": [ invoice ] }` as the transaction now sees it. */
async function answer(trx: Transaction, deps: InvoiceLifeDeps, id: number): Promise<string> {
  const row = await lockInvoice(trx, id, null);
  return JSON.stringify(invoiceListDocument([await viewOf(trx, row!)], deps.publicUrl));
}

/**
 * Adds each share to its charge, a scenario at a time under the scenario's lock, and stores the
 * scenario's document again: the move document shows the charge's paid_amount and balance.
 */
async function applyToCharges(trx: Transaction, deps: InvoiceDeskDeps, shares: { id: number; amount: number }[], now: number): Promise<void> {
  const scenarioOf = await scenariosOfCharges(trx, shares.map((s) => s.id));
  // In scenario order, so two payments touching the same scenarios take their locks alike.
  const scenarios = [...new Set(scenarioOf.values())].sort((a, b) => a - b);
  for (const scenarioId of scenarios) {
    await lockScenario(trx, scenarioId);
    for (const share of shares.filter((s) => scenarioOf.get(s.id) === scenarioId)) await addPaidToCharge(trx, share.id, share.amount, now);
    await storeScenarioDocument(trx, scenarioId, { publicUrl: deps.publicUrl, now });
  }
}

/** POST /v1/ops/invoices/:id/payments: the invoice after the payment, serialized. */
export async function recordPayment(
  deps: InvoiceDeskDeps,
  scope: RooftopScope,
  id: number,
  payment: PaymentInput & { recordedBy: string },
  options: WriteOptions = {},
): Promise<string> {
  const now = deps.clock.now();
  return deps.database.db.transaction().execute(async (trx) => {
    const locked = await lockedOrMissing(trx, id, scope);
    const view = await viewOf(trx, locked);
    const problems = paymentProblems(payment.amountCents, invoiceAmounts(view.charges, view.payments).balance, view.status);
    if (problems.length) throw ApiError.fromProblems(problems);
    const shares = allocatePayment(payment.amountCents, payableCharges(view.charges));
    await insertPayment(trx, {
      invoice_id: id,
      amount: payment.amountCents,
      date: payment.date,
      method_type: payment.methodType,
      last4: payment.last4,
      allocations: JSON.stringify(shares.map((s) => ({ charge_id: s.id, amount: s.amount }))),
      status: POSTED,
      recorded_by: payment.recordedBy,
      created_at: now,
    });
    await applyToCharges(trx, deps, shares, now);
    await closeIfDue(trx, deps, locked, now);
    const json = await answer(trx, deps, id);
    await options.inTransaction?.(trx, json);
    return json;
  });
}

/**
 * POST /v1/ops/invoices/:id/write-off: nothing more is expected on it. A processing invoice closes
 * at once; an acquiring one closes as soon as its week is over and settled (the sweep), since
 * charges of its week may still come and belong on it.
 */
export async function writeOff(deps: InvoiceDeskDeps, scope: RooftopScope, id: number, reason: string, options: WriteOptions = {}): Promise<string> {
  const now = deps.clock.now();
  return deps.database.db.transaction().execute(async (trx) => {
    const locked = await lockedOrMissing(trx, id, scope);
    if (locked.status === 'closed') throw invoiceClosed();
    await markWrittenOff(trx, id, reason, now);
    await closeIfDue(trx, deps, { ...locked, written_off: 1, write_off_reason: reason }, now);
    const json = await answer(trx, deps, id);
    await options.inTransaction?.(trx, json);
    return json;
  });
}
