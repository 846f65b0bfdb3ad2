// The SQL of invoices (spec §12.3): weekly invoices per rooftop and payer, their payments, and the
// charge columns the invoice owns (invoice_id, paid_amount). Status changes are conditional
// UPDATEs naming the status they leave, so two sweeps (or a sweep and a payment) never make the
// same change twice: the loser touches no row and writes no event.
import { type Insertable, sql } from 'kysely';
import type { Executor, Transaction } from '../../../db/executor.ts';
import type { ChargeRow, InvoicePaymentRow, InvoicePaymentTable, InvoiceRow, InvoiceTable } from '../../../db/schema.ts';
import { SETTLED } from '../charges/charge-status.ts';
import type { InvoiceView } from './invoice-document.ts';
import { invoiceViewOf } from './invoice-view.ts';

export type { InvoiceRow } from '../../../db/schema.ts';

/** Whose invoices a caller may see: null for any rooftop (the all-rooftops desk), else these rooftops. */
export type RooftopScope = number[] | null;

/** Inserts the invoice unless its rooftop, payer and week has one: the row when this call made it. */
export function insertInvoiceIfMissing(db: Executor, values: Insertable<InvoiceTable>): Promise<InvoiceRow | undefined> {
  return db
    .insertInto('invoices')
    .values(values)
    .onConflict((oc) => oc.columns(['rooftop_id', 'payer_key', 'start_date']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function findInvoiceOfWeek(db: Executor, key: { rooftopId: number; payerKey: string; startDate: string }): Promise<InvoiceRow | undefined> {
  return db
    .selectFrom('invoices')
    .selectAll()
    .where('rooftop_id', '=', key.rooftopId)
    .where('payer_key', '=', key.payerKey)
    .where('start_date', '=', key.startDate)
    .executeTakeFirst();
}

export function findInvoice(db: Executor, id: number, scope: RooftopScope): Promise<InvoiceRow | undefined> {
  if (scope !== null && !scope.length) return Promise.resolve(undefined);
  return db
    .selectFrom('invoices')
    .selectAll()
    .where('id', '=', id)
    .$if(scope !== null, (q) => q.where('rooftop_id', 'in', scope!))
    .executeTakeFirst();
}

/**
 * The invoice, its row locked until the transaction ends (an UPDATE that changes nothing: a row
 * lock on PostgreSQL, and SQLite's writers take turns anyway). A payment, a write-off and the
 * sweep's closing step each start here, so they read the invoice one after another.
 */
export function lockInvoice(trx: Transaction, id: number, scope: RooftopScope): Promise<InvoiceRow | undefined> {
  if (scope !== null && !scope.length) return Promise.resolve(undefined);
  return trx
    .updateTable('invoices')
    .set({ updated_at: sql`updated_at` })
    .where('id', '=', id)
    .$if(scope !== null, (q) => q.where('rooftop_id', 'in', scope!))
    .returningAll()
    .executeTakeFirst();
}

export type FromFilter = { date: string } | { ms: number } | null;

/** A page of invoices, oldest week first (then by id); `from` is a lower bound on the week's start. */
export function listInvoiceRows(db: Executor, q: { scope: RooftopScope; from: FromFilter; limit: number; offset: number }): Promise<InvoiceRow[]> {
  if (q.scope !== null && !q.scope.length) return Promise.resolve([]);
  const from = q.from;
  return db
    .selectFrom('invoices')
    .selectAll()
    .$if(q.scope !== null, (b) => b.where('rooftop_id', 'in', q.scope!))
    .$if(from !== null && 'date' in from, (b) => b.where('start_date', '>=', (from as { date: string }).date))
    .$if(from !== null && 'ms' in from, (b) => b.where('start_ms', '>=', (from as { ms: number }).ms))
    .orderBy('start_ms')
    .orderBy('id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
}

/** The invoices as views: their charges, payments, rooftops and payers read in one query each. */
export async function loadInvoiceViews(db: Executor, rows: InvoiceRow[]): Promise<InvoiceView[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => Number(r.id));
  const rooftopIds = [...new Set(rows.map((r) => Number(r.rooftop_id)))];
  const payerIds = [...new Set(rows.flatMap((r) => (r.payer_id === null ? [] : [Number(r.payer_id)])))];
  const [charges, payments, rooftops, payers] = await Promise.all([
    db.selectFrom('charges').selectAll().where('invoice_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('invoice_payments').selectAll().where('invoice_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('rooftops').select(['id', 'name']).where('id', 'in', rooftopIds).execute(),
    payerIds.length ? db.selectFrom('payers').select(['id', 'name']).where('id', 'in', payerIds).execute() : Promise.resolve([]),
  ]);
  const chargesOf = groupedBy<ChargeRow>(charges, (c) => Number(c.invoice_id));
  const paymentsOf = groupedBy<InvoicePaymentRow>(payments, (p) => Number(p.invoice_id));
  return rows.map((row) => {
    const rooftop = rooftops.find((r) => Number(r.id) === Number(row.rooftop_id));
    if (!rooftop) throw new Error(`rooftop ${row.rooftop_id} of invoice ${row.id} vanished`);
    const payer = row.payer_id === null ? null : (payers.find((p) => Number(p.id) === Number(row.payer_id)) ?? null);
    if (row.payer_id !== null && !payer) throw new Error(`payer ${row.payer_id} of invoice ${row.id} vanished`);
    return invoiceViewOf({ row, charges: chargesOf.get(Number(row.id)) ?? [], payments: paymentsOf.get(Number(row.id)) ?? [], rooftop, payer });
  });
}

function groupedBy<T>(list: T[], key: (x: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const x of list) {
    const group = out.get(key(x));
    if (group) group.push(x);
    else out.set(key(x), [x]);
  }
  return out;
}

/** Invoices the sweep may move along: acquiring ones whose week is over, and processing ones. */
export function invoicesToAdvance(db: Executor, now: number): Promise<InvoiceRow[]> {
  return db
    .selectFrom('invoices')
    .selectAll()
    .where((eb) => eb.or([eb.and([eb('status', '=', 'acquiring'), eb('end_ms', '<=', now)]), eb('status', '=', 'processing')]))
    .orderBy('id')
    .execute();
}

/**
 * acquiring → processing, when the week is over and every charge of the rooftop and payer that
 * completed in it is settled and on an invoice, and every charge on this one is settled. False
 * when any of that does not hold, or another writer moved it first.
 */
export async function markProcessing(trx: Transaction, invoice: InvoiceRow, now: number): Promise<boolean> {
  const result = await trx
    .updateTable('invoices')
    .set({ status: 'processing', updated_at: now })
    .where('id', '=', invoice.id)
    .where('status', '=', 'acquiring')
    .where('end_ms', '<=', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('charges')
            .select('charges.id')
            .where('charges.rooftop_id', '=', invoice.rooftop_id)
            .where('charges.payer_id', invoice.payer_id === null ? 'is' : '=', invoice.payer_id)
            .where('charges.completed_at', '>=', invoice.start_ms)
            .where('charges.completed_at', '<', invoice.end_ms)
            .where((eb) => eb.or([eb('charges.status', '!=', SETTLED), eb('charges.invoice_id', 'is', null)])),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('charges').select('charges.id').where('charges.invoice_id', '=', invoice.id).where('charges.status', '!=', SETTLED))),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** processing → closed, unless a charge on it is disputed (a written-off invoice closes anyway). */
export async function markClosed(trx: Transaction, id: number, now: number): Promise<boolean> {
  const result = await trx
    .updateTable('invoices')
    .set({ status: 'closed', closed_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'processing')
    .where((eb) =>
      eb.or([
        eb('written_off', '=', 1),
        eb.not(eb.exists(eb.selectFrom('charges').select('charges.id').where('charges.invoice_id', '=', id).where('charges.disputed', '=', 1))),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markWrittenOff(trx: Transaction, id: number, reason: string, now: number): Promise<void> {
  await trx.updateTable('invoices').set({ written_off: 1, write_off_reason: reason, updated_at: now }).where('id', '=', id).where('status', '!=', 'closed').execute();
}

export function insertPayment(trx: Transaction, values: Insertable<InvoicePaymentTable>): Promise<InvoicePaymentRow> {
  return trx.insertInto('invoice_payments').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Adds a payment's share to a charge (an increment: two payments never overwrite each other). */
export async function addPaidToCharge(trx: Transaction, chargeId: number, cents: number, now: number): Promise<void> {
  await trx
    .updateTable('charges')
    .set((eb) => ({ paid_amount: eb('paid_amount', '+', cents), updated_at: now }))
    .where('id', '=', chargeId)
    .execute();
}

/** The scenario of each charge (a payment re-renders the documents showing them). */
export async function scenariosOfCharges(db: Executor, chargeIds: number[]): Promise<Map<number, number>> {
  if (!chargeIds.length) return new Map();
  const rows = await db.selectFrom('charges').select(['id', 'scenario_id']).where('id', 'in', chargeIds).execute();
  return new Map(rows.map((r) => [Number(r.id), Number(r.scenario_id)]));
}
