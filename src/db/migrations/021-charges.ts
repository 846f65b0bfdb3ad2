import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { withId } from './helpers.ts';

/**
 * Money (spec §12), second part: each move's charge (a quote at booking, final at completion,
 * settled seven days later), the quotes given before booking, weekly invoices per payer and the
 * payments ops record on them. Lines are JSON (a charge is read and rendered whole); amounts are
 * integer cents. Unique keys make the invoice jobs exactly-once: one charge per move, one invoice
 * per rooftop, payer and week.
 */
export const charges = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    await withId(db.schema.createTable('charges'), dialect)
      .addColumn('move_id', 'bigint', (c) => c.notNull().unique().references('moves.id'))
      .addColumn('scenario_id', 'bigint', (c) => c.notNull())
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull())
      /** The third-party payer billed (null: the rooftop), as the scenario's payer_id at booking. */
      .addColumn('payer_id', 'bigint')
      /** The contract pinned at booking, and its version (updated_at) then. */
      .addColumn('contract_id', 'bigint', (c) => c.notNull())
      .addColumn('contract_version', 'bigint', (c) => c.notNull())
      /** 'quoted' → 'final' (the move completed) → 'settled' (frozen). */
      .addColumn('status', 'text', (c) => c.notNull())
      /** JSON ChargeLine[]: the quote pinned at booking (never re-priced). */
      .addColumn('quote_lines', 'text', (c) => c.notNull())
      /** JSON ChargeLine[]: the charge as it stands; total is their sum. */
      .addColumn('lines', 'text', (c) => c.notNull())
      .addColumn('total', 'bigint', (c) => c.notNull())
      /** JSON: what ops added (lines, dry runs, a discount) — kept apart so a re-pricing keeps them. */
      .addColumn('adjustments', 'text', (c) => c.notNull())
      .addColumn('disputed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('dispute_reason', 'text')
      .addColumn('paid_amount', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('invoice_id', 'bigint')
      /** When the move completed (delivered, or its cancelation decided): its invoice week. */
      .addColumn('completed_at', 'bigint')
      .addColumn('settled_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('charges_settle').on('charges').columns(['status', 'completed_at']).execute();
    await db.schema.createIndex('charges_invoice').on('charges').columns(['invoice_id']).execute();
    await db.schema.createIndex('charges_scenario').on('charges').columns(['scenario_id']).execute();

    await db.schema
      .createTable('quotes')
      /** The quote_id handed out: random, so one client cannot guess another's. */
      .addColumn('id', 'text', (c) => c.primaryKey())
      /** The API client it was issued to (api_clients.client_id, text): only that client may use it. */
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull())
      /** SHA-256 of the booking body it priced (without quote_id): a changed body is another booking. */
      .addColumn('body_sha256', 'text', (c) => c.notNull())
      /** JSON: the quoted lines of each move (by cardinality) and the contract that priced them. */
      .addColumn('quote', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('quotes_expires').on('quotes').columns(['expires_at']).execute();

    await withId(db.schema.createTable('invoices'), dialect)
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull())
      .addColumn('payer_id', 'bigint')
      /** 'rooftop' or 'payer:<id>': the payer as a non-null key, for the unique index. */
      .addColumn('payer_key', 'text', (c) => c.notNull())
      /** The week's local Sunday (YYYY-MM-DD), and its bounds as instants (end exclusive). */
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('start_ms', 'bigint', (c) => c.notNull())
      .addColumn('end_ms', 'bigint', (c) => c.notNull())
      .addColumn('timezone', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('written_off', 'integer', (c) => c.notNull().defaultTo(0))
      /** Why ops wrote it off (POST /v1/ops/invoices/:id/write-off). */
      .addColumn('write_off_reason', 'text')
      /** The invoice's events are numbered per invoice, like an appointment's (events.invoice_id). */
      .addColumn('event_sequence', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('closed_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('invoices_week').on('invoices').columns(['rooftop_id', 'payer_key', 'start_date']).unique().execute();
    await db.schema.createIndex('invoices_status').on('invoices').columns(['status', 'end_ms']).execute();
    // An invoice's events (invoice.created, invoice.closed) have no move: they name their invoice.
    await db.schema.alterTable('events').addColumn('invoice_id', 'bigint').execute();
    await db.schema.createIndex('events_invoice_sequence').on('events').columns(['invoice_id', 'sequence']).unique().execute();

    await withId(db.schema.createTable('invoice_payments'), dialect)
      .addColumn('invoice_id', 'bigint', (c) => c.notNull().references('invoices.id'))
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('method_type', 'text', (c) => c.notNull())
      .addColumn('last4', 'text')
      /** JSON [{ charge_id, amount }]: which charges the payment paid, oldest first. */
      .addColumn('allocations', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('invoice_payments_invoice').on('invoice_payments').columns(['invoice_id']).execute();

    /** The vehicle's GVWR class (1–6) a booking may send; null prices as class 1 (spec §12.1). */
    await db.schema.alterTable('moves').addColumn('vehicle_gvwr_class', 'integer').execute();
    // Documents now carry `charge` and `settled`: stored copies are rendered afresh when next read.
    await db.deleteFrom('scenario_documents').execute();
  },
});
