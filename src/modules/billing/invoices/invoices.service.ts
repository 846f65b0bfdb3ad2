// Invoices to their readers (spec §12.3): the list and one invoice, always wrapped as
// `{ "invoices": [ … ] }` (doc), the CSV and the PDF for accounting; and the ops desk's payments
// and write-offs (invoice-payments.ts). A dealer sees its rooftops' invoices, a scoped ops client
// its rooftops', the all-rooftops desk any; another rooftop's invoice is not found (spec §3).
import type { Database } from '../../../db/database.ts';
import type { WriteOptions } from '../../../db/executor.ts';
import type { Clock } from '../../../lib/clock.ts';
import { notFound } from '../../../lib/errors.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import type { EventLog } from '../../events/event-log.ts';
import type { RooftopCheck } from '../../rooftops/rooftop-choice.ts';
import { rooftopExists } from '../../rooftops/rooftops.repository.ts';
import { invoiceCsv } from './invoice-csv.ts';
import { invoiceListDocument, type InvoiceView } from './invoice-document.ts';
import { type PaymentInput, recordPayment, writeOff } from './invoice-payments.ts';
import { invoicePdf } from './invoice-pdf.ts';
import { findInvoice, type FromFilter, listInvoiceRows, loadInvoiceViews, type RooftopScope } from './invoices.repository.ts';

export type { PaymentInput } from './invoice-payments.ts';

export interface InvoiceListQuery {
  limit: number;
  /** 1 = the first page. */
  page: number;
  /** One of the caller's rooftops, or null for all of them. */
  rooftopId: number | null;
  /** A lower bound on the week's start: a local date (the Sunday's YYYY-MM-DD) or an instant. */
  from: FromFilter;
}

export interface InvoiceServiceDeps {
  database: Database;
  clock: Clock;
  events: EventLog;
  publicUrl: string;
}

/** The caller's rooftops as the invoice queries scope them: null for the all-rooftops desk. */
export const invoiceScopeOf = (auth: AuthContext): RooftopScope => (auth.allRooftops ? null : auth.rooftopIds);

export class InvoiceService {
  constructor(private readonly d: InvoiceServiceDeps) {}

  /** The rooftop check of `?rooftop=`: one of the caller's, or (the desk) one that exists. */
  rooftopCheck(auth: AuthContext): RooftopCheck {
    return async (id) => {
      if (!auth.allRooftops) return auth.rooftopIds.includes(id) ? null : `rooftop must be one of your rooftops: ${auth.rooftopIds.join(', ')}`;
      return (await rooftopExists(this.d.database.db, [id])).length ? null : `rooftop ${id} does not exist`;
    };
  }

  /** GET /v1/invoices, serialized. */
  async list(scope: RooftopScope, q: InvoiceListQuery): Promise<string> {
    const { db } = this.d.database;
    const rooftops = q.rooftopId === null ? scope : [q.rooftopId];
    const rows = await listInvoiceRows(db, { scope: rooftops, from: q.from, limit: q.limit, offset: (q.page - 1) * q.limit });
    return JSON.stringify(invoiceListDocument(await loadInvoiceViews(db, rows), this.d.publicUrl));
  }

  /** One invoice as the CSV and the PDF read it; not_found outside the scope. */
  async view(scope: RooftopScope, id: number): Promise<InvoiceView> {
    const { db } = this.d.database;
    const row = await findInvoice(db, id, scope);
    if (!row) throw notFound('invoice');
    const [view] = await loadInvoiceViews(db, [row]);
    return view!;
  }

  /** GET /v1/invoices/:id: `{ "invoices": [ invoice ] }`, serialized. */
  async get(scope: RooftopScope, id: number): Promise<string> {
    return JSON.stringify(invoiceListDocument([await this.view(scope, id)], this.d.publicUrl));
  }

  async csv(scope: RooftopScope, id: number): Promise<string> {
    return invoiceCsv(await this.view(scope, id));
  }

  async pdf(scope: RooftopScope, id: number): Promise<Buffer> {
    return invoicePdf(await this.view(scope, id));
  }

  pay(scope: RooftopScope, id: number, payment: PaymentInput, recordedBy: string, options: WriteOptions = {}): Promise<string> {
    return recordPayment(this.d, scope, id, { ...payment, recordedBy }, options);
  }

  writeOff(scope: RooftopScope, id: number, reason: string, options: WriteOptions = {}): Promise<string> {
    return writeOff(this.d, scope, id, reason, options);
  }
}
