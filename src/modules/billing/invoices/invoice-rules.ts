// The invoice's rules (spec §12.3), pure: its amounts from its charges and payments, when its status
// moves on, how a payment spreads over its charges and when a payment is refused. Cents throughout.
import { chargeAmounts } from '../charges/charge-document.ts';
import type { ChargeLine } from '../charges/charge-types.ts';
import type { FieldProblem } from '../../../lib/errors.ts';
import { renderCents, sumCents } from '../../../lib/money.ts';

/** A charge as the invoice sees it. */
export interface InvoiceCharge {
  id: number;
  move_id: number | null;
  /** 'quoted' | 'final' | 'settled'. */
  status: string;
  disputed: boolean;
  dispute_reason: string | null;
  /** Cents paid against this charge (the sum of the payments' allocations to it). */
  paid_amount: number;
  lines: ChargeLine[];
}

export interface InvoiceAmounts {
  /** The non-disputed charges' lines other than DISCOUNT. */
  due: number;
  /** The disputed charges' net totals: out of due until the dispute is resolved. */
  disputed: number;
  /** The non-disputed charges' discounts, as a positive amount. */
  discount: number;
  paid: number;
  /** due − paid − discount: negative when overpaid. */
  balance: number;
  /** Every line of every charge: due + disputed − discount. */
  total: number;
}

/** A charge's net total: the integer sum of all its lines, discounts included. */
export const chargeTotal = (lines: readonly ChargeLine[]): number => sumCents(lines.map((l) => l.amount));

/**
 * The invoice's amounts. A disputed charge moves its whole net total (discount included) out of due
 * into disputed, so it neither counts towards the balance nor can be paid until it is resolved.
 * `paid` is every payment passed in, whatever charge it went to: a caller leaves out a payment that
 * did not go through (a returned ACH), the one place that knows what a payment status means.
 */
export function invoiceAmounts(charges: readonly InvoiceCharge[], payments: readonly { amount: number }[]): InvoiceAmounts {
  let due = 0;
  let disputed = 0;
  let discount = 0;
  for (const charge of charges) {
    if (charge.disputed) {
      disputed += chargeTotal(charge.lines);
      continue;
    }
    const amounts = chargeAmounts(charge.lines, 0);
    due += amounts.due;
    discount += amounts.discount;
  }
  const paid = sumCents(payments.map((p) => p.amount));
  const total = sumCents(charges.map((c) => chargeTotal(c.lines)));
  return { due, disputed, discount, paid, balance: due - paid - discount, total };
}

export const INVOICE_STATUSES = ['acquiring', 'processing', 'closed'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface StatusFacts {
  status: InvoiceStatus;
  now_ms: number;
  /** The week's exclusive end (InvoiceWeek.end_ms). */
  end_ms: number;
  /** Every charge on the invoice is settled (true for an invoice with no charge). */
  all_settled: boolean;
  any_disputed: boolean;
  /** InvoiceAmounts.balance. */
  balance: number;
  written_off: boolean;
}

/**
 * The status an invoice should have now, one step at a time: acquiring → processing once its week
 * is over and every charge is settled; processing → closed once nothing is owed and nothing is
 * disputed, or once written off; closed is frozen. One step per call, so that every transition the
 * job makes is its own write and its own event (`invoice.closed` never skips the processing step);
 * resolvedStatus loops it for a caller that wants where the invoice ends up.
 */
export function nextStatus(facts: StatusFacts): InvoiceStatus {
  switch (facts.status) {
    case 'acquiring':
      return facts.now_ms >= facts.end_ms && facts.all_settled ? 'processing' : 'acquiring';
    case 'processing':
      return facts.written_off || (facts.balance <= 0 && !facts.any_disputed) ? 'closed' : 'processing';
    case 'closed':
      return 'closed';
  }
}

/** nextStatus repeated until it holds still (at most two steps), with every status passed through. */
export function resolvedStatus(facts: StatusFacts): { status: InvoiceStatus; path: InvoiceStatus[] } {
  const path: InvoiceStatus[] = [];
  let status = facts.status;
  for (let next = nextStatus(facts); next !== status; next = nextStatus({ ...facts, status })) {
    status = next;
    path.push(next);
  }
  return { status, path };
}

/**
 * The charges a payment may go to, with what each still owes: the non-disputed ones (a disputed
 * charge is not due, so it is not paid until the dispute is resolved).
 */
export function payableCharges(charges: readonly InvoiceCharge[]): { id: number; balance: number }[] {
  return charges.filter((c) => !c.disputed).map((c) => ({ id: c.id, balance: chargeAmounts(c.lines, c.paid_amount).balance }));
}

/**
 * How a payment spreads over the charges: oldest charge (lowest id) first, each up to what it still
 * owes, as a bookkeeper applies a remittance to the oldest open items first. A payment larger than
 * the invoice's balance is refused before this runs (paymentProblems); should the charges still owe
 * less than the amount (e.g. a paid charge became disputed since), the rest goes on the newest
 * charge as a credit rather than vanish: a payment's allocations always add up to the payment,
 * which is what the doc's `payments[].charges` must show. A charge that gets nothing is not listed.
 */
export function allocatePayment(amountCents: number, charges: readonly { id: number; balance: number }[]): { id: number; amount: number }[] {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) throw new RangeError(`a payment is a positive number of cents: ${amountCents}`);
  const ordered = [...charges].sort((a, b) => a.id - b.id);
  const newest = ordered.at(-1);
  if (!newest) throw new RangeError('a payment needs a charge to go to');
  const out = new Map<number, number>();
  let left = amountCents;
  for (const charge of ordered) {
    const amount = Math.min(left, Math.max(charge.balance, 0));
    if (amount > 0) out.set(charge.id, amount);
    left -= amount;
  }
  if (left > 0) out.set(newest.id, (out.get(newest.id) ?? 0) + left);
  return [...out].map(([id, amount]) => ({ id, amount }));
}

/**
 * Why a payment of `amountCents` cannot be recorded on an invoice: a closed invoice is frozen
 * (409 invoice_closed, alone: the amount is moot then); otherwise the amount must be positive and at
 * most the balance, since an overpayment is a credit to agree with the payer, not a payment to
 * spread silently.
 */
export function paymentProblems(amountCents: number, balance: number, status: InvoiceStatus): FieldProblem[] {
  if (status === 'closed') {
    return [{ code: 'invoice_closed', field: 'id', message: 'the invoice is closed (paid or written off): it takes no payment' }];
  }
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
    return [{ code: 'field_invalid', field: 'amount', message: 'amount must be more than 0 dollars' }];
  }
  if (amountCents > balance) {
    const owed = renderCents(Math.max(balance, 0)).toFixed(2);
    return [{ code: 'field_invalid', field: 'amount', message: `amount must be at most the invoice's balance_remaining, ${owed} dollars` }];
  }
  return [];
}

/**
 * The payer as the invoices' unique key holds it: 'rooftop' for the rooftop itself (payer_id
 * null), `payer:<id>` for a third-party payer — a NULL in a unique index would never conflict, and
 * two invoices for the rooftop's own week would slip in.
 */
export const payerKey = (payerId: number | null): string => (payerId === null ? 'rooftop' : `payer:${payerId}`);
