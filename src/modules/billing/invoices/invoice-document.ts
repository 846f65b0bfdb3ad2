// The invoice object (spec §12.3): the doc's keys in the doc's order — id, status, due_amount,
// paid_amount, discount_amount, balance_remaining, payments, start_datetime, end_datetime, customer,
// charges — then ours: disputed_amount, total_amount, rooftop, csv_url, pdf_url. Pure: from an
// InvoiceView (what storage hands over) to JSON. Money in dollars with two decimals.
import Type from 'typebox';
import { ChargeProperties } from '../charges/charge-schema.ts';
import { renderCharge } from '../charges/charge-document.ts';
import { formatInstant } from '../../../lib/instant.ts';
import { renderCents } from '../../../lib/money.ts';
import { Instant, Nullable, NullableString } from '../../../lib/schema-types.ts';
import { INVOICE_STATUSES, type InvoiceCharge, type InvoiceStatus, invoiceAmounts } from './invoice-rules.ts';
import type { InvoiceWeek } from './invoice-week.ts';

export const PAYMENT_METHOD_TYPES = ['ach', 'card', 'check'] as const;
export type PaymentMethodType = (typeof PAYMENT_METHOD_TYPES)[number];

export interface PaymentRecord {
  id: number;
  /** Cents. */
  amount: number;
  /** YYYY-MM-DD, the day the money arrived. */
  date: string;
  method_type: PaymentMethodType;
  last4: string | null;
  /** Where the payment went; adds up to amount (allocatePayment). */
  allocations: { charge_id: number; amount: number }[];
  status: string;
}

export interface InvoiceView {
  id: number;
  status: InvoiceStatus;
  rooftop: { id: number; name: string; timezone: string };
  customer: { id: number; name: string; kind: 'rooftop' | 'third_party_payer' };
  week: InvoiceWeek;
  charges: InvoiceCharge[];
  payments: PaymentRecord[];
}

const Amount = (description: string) => Type.Number({ description: `${description}; dollars, two decimals` });

export const InvoicePaymentSchema = Type.Object({
  amount: Amount('The payment'),
  date: Type.String({ description: 'YYYY-MM-DD' }),
  status: Type.String(),
  method: Type.Object({
    id: Type.Integer({ description: "Ours: the payment's own id (we keep no stored methods: each payment records its own)" }),
    type: Type.String({ enum: [...PAYMENT_METHOD_TYPES] }),
    last4: NullableString({ description: 'The last four digits of the account or card, when given; we take no card data' }),
  }),
  charges: Type.Array(Type.Object({ id: Type.Integer(), amount: Amount('The part of the payment that went to this charge') }), {
    description: 'Where the payment went, oldest charge first; adds up to amount',
  }),
});

const { id: chargeId, ...chargeRest } = ChargeProperties;

/**
 * A charge on an invoice: the charge object with the move it is for right after its id (doc:
 * `"move_id"?`). Always sent, null for a charge with no move: fast-json-stringify writes optional
 * keys after the required ones, so an optional move_id would go out at the end of the charge.
 */
export const InvoiceChargeSchema = Type.Object({
  id: chargeId,
  move_id: Nullable(Type.Integer({ description: 'The move the charge is for; null for a charge with no move' })),
  ...chargeRest,
});

export const InvoiceSchema = Type.Object({
  id: Type.Integer(),
  status: Type.String({ enum: [...INVOICE_STATUSES], description: 'acquiring: still taking charges; processing: the week is over and every charge settled; closed: paid or written off, frozen' }),
  due_amount: Amount('The non-disputed charges, before their discounts'),
  paid_amount: Amount('Every payment recorded'),
  discount_amount: Amount("The non-disputed charges' discounts, as a positive amount"),
  balance_remaining: Amount('Ours (the examples disagree): due − paid − discount; negative when overpaid'),
  payments: Type.Array(InvoicePaymentSchema),
  start_datetime: Instant(),
  end_datetime: Instant(),
  customer: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    kind: Type.String({ enum: ['rooftop', 'third_party_payer'], description: 'Ours: whether id is a rooftop or a payer (GET /v1/payers)' }),
  }),
  charges: Type.Array(InvoiceChargeSchema),
  disputed_amount: Amount('Ours: the disputed charges, out of due until resolved; a dispute keeps the invoice from closing'),
  total_amount: Amount('Ours: every line of every charge, = due + disputed − discount'),
  rooftop: Type.Object({ id: Type.Integer(), name: Type.String(), timezone: Type.String({ description: 'The zone the week is counted in' }) }),
  csv_url: Type.String({ description: 'Ours: one row per charge line' }),
  pdf_url: Type.String(),
});

export const InvoiceListSchema = Type.Object({ invoices: Type.Array(InvoiceSchema) });

export type InvoiceDocument = Type.Static<typeof InvoiceSchema>;

/** A charge of the invoice: renderCharge's object with move_id placed right after id. */
export function renderInvoiceCharge(charge: InvoiceCharge, invoiceId: number): Record<string, unknown> {
  const { id, ...rest } = renderCharge({ ...charge, invoice_id: invoiceId });
  return { id, move_id: charge.move_id, ...rest };
}

function renderPayment(p: PaymentRecord) {
  return {
    amount: renderCents(p.amount),
    date: p.date,
    status: p.status,
    method: { id: p.id, type: p.method_type, last4: p.last4 },
    charges: p.allocations.map((a) => ({ id: a.charge_id, amount: renderCents(a.amount) })),
  };
}

/** The invoice object; `publicUrl` is the API's base URL without a trailing slash. */
export function renderInvoice(view: InvoiceView, publicUrl: string): InvoiceDocument {
  const a = invoiceAmounts(view.charges, view.payments);
  const base = `${publicUrl.replace(/\/+$/, '')}/v1/invoices/${view.id}`;
  return {
    id: view.id,
    status: view.status,
    due_amount: renderCents(a.due),
    paid_amount: renderCents(a.paid),
    discount_amount: renderCents(a.discount),
    balance_remaining: renderCents(a.balance),
    payments: view.payments.map(renderPayment),
    start_datetime: formatInstant(view.week.start_ms),
    // The last whole second of the Saturday (doc: "Saturday 23:59:59"); the week itself ends at end_ms.
    end_datetime: formatInstant(view.week.end_ms - 1000),
    customer: { id: view.customer.id, name: view.customer.name, kind: view.customer.kind },
    charges: view.charges.map((c) => renderInvoiceCharge(c, view.id)) as InvoiceDocument['charges'],
    disputed_amount: renderCents(a.disputed),
    total_amount: renderCents(a.total),
    rooftop: { id: view.rooftop.id, name: view.rooftop.name, timezone: view.rooftop.timezone },
    csv_url: `${base}.csv`,
    pdf_url: `${base}.pdf`,
  };
}

/** `{ invoices: [...] }`, the wrapper the doc uses for the list and for one invoice alike. */
export const invoiceListDocument = (views: readonly InvoiceView[], publicUrl: string) => ({ invoices: views.map((v) => renderInvoice(v, publicUrl)) });
