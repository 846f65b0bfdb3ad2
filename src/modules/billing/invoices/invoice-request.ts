// Reading the invoice endpoints' requests (spec §2/§4: strings trimmed, an empty required field
// field_missing, a wrong type or value field_invalid, every problem at its path at once).
import { parseInstant } from '../../../lib/instant.ts';
import { MAX_AMOUNT_CENTS, parseDollars, renderCents } from '../../../lib/money.ts';
import { type FieldReader, INTEGER_RANGE, pageLimit, queryInteger, readFields, readFieldsAsync } from '../../../lib/validation.ts';
import type { RooftopCheck } from '../../rooftops/rooftop-choice.ts';
import { isCalendarDate } from '../contracts/contract-request.ts';
import { PAYMENT_METHOD_TYPES } from './invoice-document.ts';
import type { FromFilter } from './invoices.repository.ts';
import type { InvoiceListQuery, PaymentInput } from './invoices.service.ts';

export const INVOICE_LIMITS = {
  /** Pages of GET /v1/invoices: far beyond any real history at the largest page. */
  pageMax: 100_000,
  fromMax: 40,
  /** The smallest and largest payment, dollars. */
  amountMin: 0.01,
  amountMax: renderCents(MAX_AMOUNT_CENTS),
  reasonMax: 500,
} as const;

const LAST4 = /^\d{4}$/;

/** `from`: a local date (the week's Sunday or any day before it) or an instant; a lower bound on the week's start. */
function readFrom(q: FieldReader): FromFilter {
  const raw = q.string('from', { required: false, max: INVOICE_LIMITS.fromMax });
  if (raw === null || raw === undefined) return null;
  if (isCalendarDate(raw)) return { date: raw };
  const ms = parseInstant(raw);
  if (ms !== null) return { ms };
  q.invalid('from', 'from must be a date such as "2023-04-09" or a date and time such as "2023-04-09T04:00:00Z"');
  return null;
}

/** GET /v1/invoices?limit=&page=&rooftop=&from= */
export async function readInvoiceListQuery(query: unknown, check: RooftopCheck): Promise<InvoiceListQuery> {
  return readFieldsAsync(query, async (q) => {
    const limit = pageLimit(q);
    const page = queryInteger(q, 'page', 1, INVOICE_LIMITS.pageMax) ?? 1;
    const rooftopId = queryInteger(q, 'rooftop', INTEGER_RANGE.min, INTEGER_RANGE.max);
    if (rooftopId !== null) {
      const problem = await check(rooftopId);
      if (problem !== null) q.invalid('rooftop', problem);
    }
    return { limit, page, rooftopId, from: readFrom(q) };
  });
}

function readAmount(r: FieldReader): number | undefined {
  const dollars = r.number('amount', { required: true, min: INVOICE_LIMITS.amountMin, max: INVOICE_LIMITS.amountMax });
  if (dollars === undefined) return undefined;
  const parsed = parseDollars(dollars);
  if (parsed.ok) return parsed.cents;
  r.invalid('amount', `amount ${parsed.reason}`);
  return undefined;
}

function readMethod(r: FieldReader): Pick<PaymentInput, 'methodType' | 'last4'> | undefined {
  const method = r.object('method', { required: true });
  if (!method) return undefined;
  const methodType = method.oneOf('type', PAYMENT_METHOD_TYPES, { required: true });
  const last4 = method.string('last4', { required: false });
  if (typeof last4 === 'string' && !LAST4.test(last4)) method.invalid('last4', 'method.last4 must be the last four digits, such as "6789", or null');
  return methodType === undefined || last4 === undefined ? undefined : { methodType, last4 };
}

/** POST /v1/ops/invoices/:id/payments `{ amount, date, method: { type, last4 } }`. */
export function readPayment(body: Record<string, unknown>): PaymentInput {
  const read = readFields(body, (r) => {
    const amountCents = readAmount(r);
    const date = r.string('date', { required: true });
    if (typeof date === 'string' && !isCalendarDate(date)) r.invalid('date', 'date must be a real date written YYYY-MM-DD, such as "2026-03-20"');
    return { amountCents, date, method: readMethod(r) };
  });
  if (read.amountCents === undefined || read.date === undefined || !read.method) throw new Error('readPayment: validation let a missing field through');
  return { amountCents: read.amountCents, date: read.date, ...read.method };
}

/** POST /v1/ops/invoices/:id/write-off `{ reason }`. */
export function readWriteOff(body: Record<string, unknown>): string {
  const reason = readFields(body, (r) => r.string('reason', { required: true, max: INVOICE_LIMITS.reasonMax }));
  if (reason === undefined) throw new Error('readWriteOff: validation let a missing field through');
  return reason;
}
