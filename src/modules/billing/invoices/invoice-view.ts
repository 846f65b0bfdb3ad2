// An invoice as the document, the CSV and the PDF read it (InvoiceView), put together from its
// stored rows. Pure: the repository hands the rows over (invoices.repository.ts loadInvoiceViews).
import type { ChargeRow, InvoicePaymentRow, InvoiceRow } from '../../../db/schema.ts';
import { chargeRecordOf } from '../charges/charge-record.ts';
import type { InvoiceView, PaymentMethodType, PaymentRecord } from './invoice-document.ts';
import type { InvoiceCharge, InvoiceStatus } from './invoice-rules.ts';
import { weekStarting } from './invoice-week.ts';

export interface InvoiceParts {
  row: InvoiceRow;
  /** The charges whose invoice_id is this invoice. */
  charges: ChargeRow[];
  payments: InvoicePaymentRow[];
  rooftop: { id: number; name: string };
  /** The third-party payer billed; null when the rooftop pays for itself. */
  payer: { id: number; name: string } | null;
}

export function invoiceChargeOf(row: ChargeRow): InvoiceCharge {
  const record = chargeRecordOf(row);
  return { ...record, move_id: Number(row.move_id), lines: [...record.lines] };
}

export function paymentRecordOf(row: InvoicePaymentRow): PaymentRecord {
  const allocations = JSON.parse(row.allocations) as { charge_id: number; amount: number }[];
  // Written only by recordPayment, from a checked request: the stored type is one of the types.
  const method_type = row.method_type as PaymentMethodType;
  return { id: Number(row.id), amount: Number(row.amount), date: row.date, method_type, last4: row.last4, allocations, status: row.status };
}


export function invoiceViewOf(parts: InvoiceParts): InvoiceView {
  const { row, rooftop, payer } = parts;
  return {
    id: Number(row.id),
    status: row.status as InvoiceStatus,
    // The zone the week was counted in when the invoice was opened: a rooftop that moves later
    // does not shift the bounds of the weeks it was already billed for.
    rooftop: { id: Number(rooftop.id), name: rooftop.name, timezone: row.timezone },
    customer: payer
      ? { id: Number(payer.id), name: payer.name, kind: 'third_party_payer' }
      : { id: Number(rooftop.id), name: rooftop.name, kind: 'rooftop' },
    week: weekStarting(row.start_date, row.timezone),
    charges: [...parts.charges].sort((a, b) => Number(a.id) - Number(b.id)).map(invoiceChargeOf),
    payments: [...parts.payments].sort((a, b) => Number(a.id) - Number(b.id)).map(paymentRecordOf),
  };
}
