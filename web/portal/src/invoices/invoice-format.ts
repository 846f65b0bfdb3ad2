// The invoice documents as the typed client knows them, and how the page says their numbers: money
// as the API sent it (dollars, two decimals; never added up or recomputed here), a week in the
// rooftop's own time zone (the zone the API counted it in).
import type { operations } from '@handoff/client';
import { formatDayRange } from '../zoned-time.ts';

export type InvoiceList = operations['listInvoices']['responses'][200]['content']['application/json'];
export type Invoice = InvoiceList['invoices'][number];
export type InvoiceCharge = Invoice['charges'][number];
export type InvoicePayment = Invoice['payments'][number];


/** "Nov 29 – Dec 5, 2026": the invoice's Sunday-to-Saturday week where the rooftop is. */
export function weekLabel(invoice: Pick<Invoice, 'start_datetime' | 'end_datetime' | 'rooftop'>): string {
  return formatDayRange(invoice.start_datetime, invoice.end_datetime, invoice.rooftop.timezone);
}

const STATUS_LABELS: Record<Invoice['status'], string> = {
  acquiring: 'Open',
  processing: 'Due',
  closed: 'Closed',
};

const STATUS_HINTS: Record<Invoice['status'], string> = {
  acquiring: 'still taking the charges of its week',
  processing: 'the week is over and every charge settled',
  closed: 'paid or written off',
};

export const statusLabel = (s: Invoice['status']): string => STATUS_LABELS[s];
export const statusHint = (s: Invoice['status']): string => STATUS_HINTS[s];

export const payerLabel = (c: Invoice['customer']): string => (c.kind === 'rooftop' ? c.name : `${c.name} (third-party payer)`);

const METHOD_LABELS: Record<InvoicePayment['method']['type'], string> = { ach: 'ACH', card: 'Card', check: 'Check' };
export const methodLabel = (m: InvoicePayment['method']): string => `${METHOD_LABELS[m.type]}${m.last4 ? ` ending ${m.last4}` : ''}`;

/** The same-origin address of an invoice's CSV or PDF: the session cookie authenticates it like any /v1 GET. */
export const downloadPath = (id: number, kind: 'csv' | 'pdf'): string => `/v1/invoices/${id}.${kind}`;
