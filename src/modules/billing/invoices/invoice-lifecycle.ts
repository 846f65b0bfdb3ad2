// An invoice's life (spec §12.3), as the billing sweep and the payment desk drive it: opened for a
// payer's week when its first charge comes (invoice.created), acquiring → processing once the
// week is over and everything in it settled, processing → closed once paid in full or written off
// (invoice.closed). Each step is its own short transaction, and each is a conditional write whose
// loser changes nothing: the event goes with the write, so it is written once however many
// processes take the same step at the same time.
import type { Database } from '../../../db/database.ts';
import type { Executor, Transaction } from '../../../db/executor.ts';
import type { EventLog } from '../../events/event-log.ts';
import type { EventType } from '../../events/event-types.ts';
import { type InvoiceView, renderInvoice } from './invoice-document.ts';
import { invoiceAmounts, nextStatus, payerKey } from './invoice-rules.ts';
import type { InvoiceWeek } from './invoice-week.ts';
import {
  findInvoiceOfWeek,
  type InvoiceRow,
  insertInvoiceIfMissing,
  loadInvoiceViews,
  lockInvoice,
  markClosed,
  markProcessing,
} from './invoices.repository.ts';

export interface InvoiceLifeDeps {
  database: Database;
  events: EventLog;
  publicUrl: string;
}

/** The view of one invoice row, as the transaction sees it. */
export async function viewOf(trx: Executor, row: InvoiceRow): Promise<InvoiceView> {
  const [view] = await loadInvoiceViews(trx, [row]);
  return view!;
}

/** Writes an invoice event whose data is the invoice object as it now stands. */
async function appendInvoiceEvent(trx: Transaction, deps: InvoiceLifeDeps, row: InvoiceRow, type: EventType, now: number): Promise<void> {
  const data = JSON.stringify(renderInvoice(await viewOf(trx, row), deps.publicUrl));
  await deps.events.appendOfInvoice(trx, { invoice: { id: Number(row.id), rooftop_id: Number(row.rooftop_id) }, type, data, now });
}

export interface InvoiceKey {
  rooftopId: number;
  payerId: number | null;
  /** The rooftop's zone: the week's bounds are counted in it. */
  timezone: string;
  week: InvoiceWeek;
}

/**
 * The invoice of a payer's week, opened (with its invoice.created) when there is none. The unique
 * index decides who opens it: an insert that meets an existing row does nothing, and only the
 * transaction that inserted writes the event.
 */
export async function ensureInvoice(deps: InvoiceLifeDeps, key: InvoiceKey, now: number): Promise<{ row: InvoiceRow; created: boolean }> {
  const pk = payerKey(key.payerId);
  return deps.database.db.transaction().execute(async (trx) => {
    const inserted = await insertInvoiceIfMissing(trx, {
      rooftop_id: key.rooftopId,
      payer_id: key.payerId,
      payer_key: pk,
      start_date: key.week.start_date,
      start_ms: key.week.start_ms,
      end_ms: key.week.end_ms,
      timezone: key.timezone,
      status: 'acquiring',
      write_off_reason: null,
      closed_at: null,
      created_at: now,
      updated_at: now,
    });
    if (inserted) {
      await appendInvoiceEvent(trx, deps, inserted, 'invoice.created', now);
      return { row: inserted, created: true };
    }
    const existing = await findInvoiceOfWeek(trx, { rooftopId: key.rooftopId, payerKey: pk, startDate: key.week.start_date });
    if (!existing) throw new Error(`invoice of ${pk} for ${key.week.start_date} neither inserted nor found`);
    return { row: existing, created: false };
  });
}

/**
 * Closes a processing invoice when nextStatus says so (nothing owed and nothing disputed, or
 * written off), with its invoice.closed. `locked` is the invoice as lockInvoice returned it in
 * this transaction. True when this call closed it.
 */
export async function closeIfDue(trx: Transaction, deps: InvoiceLifeDeps, locked: InvoiceRow, now: number): Promise<boolean> {
  if (locked.status !== 'processing') return false;
  const view = await viewOf(trx, locked);
  const amounts = invoiceAmounts(view.charges, view.payments);
  const next = nextStatus({
    status: 'processing',
    now_ms: now,
    end_ms: view.week.end_ms,
    all_settled: true,
    any_disputed: view.charges.some((c) => c.disputed),
    balance: amounts.balance,
    written_off: locked.written_off === 1,
  });
  if (next !== 'closed' || !(await markClosed(trx, Number(locked.id), now))) return false;
  await appendInvoiceEvent(trx, deps, { ...locked, status: 'closed', closed_at: now, updated_at: now }, 'invoice.closed', now);
  return true;
}

export interface AdvanceReport {
  processing: number;
  closed: number;
}

/** Moves one invoice as far as it goes now, a step per transaction. */
export async function advanceInvoice(deps: InvoiceLifeDeps, invoice: InvoiceRow, now: number): Promise<AdvanceReport> {
  const report = { processing: 0, closed: 0 };
  const { db } = deps.database;
  if (invoice.status === 'acquiring') {
    if (!(await db.transaction().execute((trx) => markProcessing(trx, invoice, now)))) return report;
    report.processing = 1;
  }
  const closed = await db.transaction().execute(async (trx) => {
    const locked = await lockInvoice(trx, Number(invoice.id), null);
    return locked ? closeIfDue(trx, deps, locked, now) : false;
  });
  if (closed) report.closed = 1;
  return report;
}
