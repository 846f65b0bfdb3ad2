// The billing sweep (spec §12.2, §12.3): a durable, recurring job, `billing.sweep`, run by the
// ordinary workers every BILLING_SWEEP_MINUTES. Each run first queues the next one, at the next
// multiple of the interval, under a dedupe key naming that instant (as the retention purge does):
// however many processes start or run it, there is one job per instant. Then, in order:
//   1. settle: charges final for CHARGE_SETTLE_DAYS → settled (frozen), with the move's document
//      stored again and a charge.updated event;
//   2. attach: completed charges on no invoice → the invoice of their rooftop, payer and week,
//      opened when missing (invoice.created);
//   3. advance: invoices acquiring → processing → closed as far as they go (invoice.closed).
// Every write is a short transaction of its own and a conditional UPDATE (or an insert the unique
// index may refuse): two sweeps at once change each thing once and write each event once.
import type { Database } from '../../../db/database.ts';
import { lockScenario } from '../../../db/locks.ts';
import { enqueueAlone } from '../../../jobs/job-queue.ts';
import type { JobContext } from '../../../jobs/worker.ts';
import type { Clock } from '../../../lib/clock.ts';
import type { EventLog } from '../../events/event-log.ts';
import { storeScenarioDocument } from '../../moves/scenario-document.ts';
import { advanceInvoice, ensureInvoice, type InvoiceKey } from '../invoices/invoice-lifecycle.ts';
import { payerKey } from '../invoices/invoice-rules.ts';
import { weekOf } from '../invoices/invoice-week.ts';
import { type InvoiceRow, invoicesToAdvance } from '../invoices/invoices.repository.ts';
import { attachCharges, chargesDueToSettle, settleChargesOfScenario, type UnattachedCharge, unattachedCharges } from './settlement.repository.ts';
import { groupBy } from '../../../lib/group-by.ts';

export const BILLING_SWEEP_JOB = 'billing.sweep';
/** Charges read per query; each scenario is then its own transaction. */
const BATCH = 200;

export interface SweepJob {
  /** The instant this run was queued for. */
  at: number;
}

export interface SweepReport {
  /** Charges this run settled. */
  settled: number;
  /** Charges this run put on an invoice. */
  attached: number;
  /** Invoices this run opened. */
  created: number;
  /** Invoices this run moved to processing, and to closed. */
  processing: number;
  closed: number;
}

export interface BillingSweepDeps {
  database: Database;
  clock: Clock;
  events: EventLog;
  publicUrl: string;
  config: { settleAfterMs: number; sweepIntervalMs: number };
}

export class BillingSweep {
  constructor(private readonly deps: BillingSweepDeps) {}

  /** The next instant a sweep is due after `now`: the next multiple of the interval. */
  nextRunAt(now: number): number {
    const interval = this.deps.config.sweepIntervalMs;
    return (Math.floor(now / interval) + 1) * interval;
  }

  /** Makes sure the next sweep is queued; idempotent. Returns whether this call queued it. */
  async schedule(now = this.deps.clock.now()): Promise<boolean> {
    const at = this.nextRunAt(now);
    const id = await enqueueAlone(this.deps.database.db, {
      kind: BILLING_SWEEP_JOB,
      payload: { at } satisfies SweepJob,
      runAt: at,
      now,
      dedupeKey: `${BILLING_SWEEP_JOB}:${at}`,
    });
    return id !== null;
  }

  /** The job handler: queue the next run first, so a run that fails for good does not end the chain. */
  readonly handle = async (_payload: SweepJob, ctx: JobContext): Promise<void> => {
    await this.schedule(ctx.now);
    await this.sweep(ctx.now);
  };

  /** One sweep at `now`: settle, attach, advance. */
  async sweep(now = this.deps.clock.now()): Promise<SweepReport> {
    const settled = await this.settle(now);
    const { attached, created } = await this.attach(now);
    const report: SweepReport = { settled, attached, created, processing: 0, closed: 0 };
    for (const invoice of await invoicesToAdvance(this.deps.database.db, now)) {
      const step = await advanceInvoice(this.deps, invoice, now);
      report.processing += step.processing;
      report.closed += step.closed;
    }
    return report;
  }

  private links(now: number) {
    return { publicUrl: this.deps.publicUrl, now };
  }

  /** Step 1: settles what is due, a scenario per transaction, under the scenario's lock. */
  private async settle(now: number): Promise<number> {
    const { db } = this.deps.database;
    const cutoff = now - this.deps.config.settleAfterMs;
    let settled = 0;
    for (let afterId = 0; ; ) {
      const batch = await chargesDueToSettle(db, { cutoff, afterId, limit: BATCH });
      for (const scenarioId of new Set(batch.map((c) => c.scenarioId))) {
        settled += await db.transaction().execute(async (trx) => {
          await lockScenario(trx, scenarioId);
          const moves = await settleChargesOfScenario(trx, scenarioId, cutoff, now);
          if (!moves.length) return 0; // another sweep settled them first
          // The document shows `settled` and the charge's status: stored again, sent with the event.
          const { view, json } = await storeScenarioDocument(trx, scenarioId, this.links(now));
          await this.deps.events.append(trx, { moves, type: 'charge.updated', data: json, now, context: { view } });
          return moves.length;
        });
      }
      if (batch.length < BATCH) return settled;
      afterId = batch.at(-1)!.id;
    }
  }

  /** Step 2: puts completed charges on their invoices, a scenario per transaction. */
  private async attach(now: number): Promise<{ attached: number; created: number }> {
    const { db } = this.deps.database;
    const counts = { attached: 0, created: 0 };
    const opened = new Map<string, InvoiceRow>();
    for (let afterId = 0; ; ) {
      const batch = await unattachedCharges(db, { afterId, limit: BATCH });
      const target = new Map<number, number>();
      for (const charge of batch) {
        const invoice = await this.invoiceFor(charge, now, opened, counts);
        if (invoice) target.set(charge.id, Number(invoice.id));
      }
      for (const [scenarioId, charges] of groupBy(batch.filter((c) => target.has(c.id)), (c) => c.scenarioId)) {
        counts.attached += await db.transaction().execute(async (trx) => {
          await lockScenario(trx, scenarioId);
          let n = 0;
          for (const [invoiceId, same] of groupBy(charges, (c) => target.get(c.id)!)) {
            n += await attachCharges(trx, same.map((c) => c.id), invoiceId, now);
          }
          // The charge object shows its invoice_id: the stored document is rendered again.
          if (n) await storeScenarioDocument(trx, scenarioId, this.links(now));
          return n;
        });
      }
      if (batch.length < BATCH) return counts;
      afterId = batch.at(-1)!.id;
    }
  }

  /**
   * The invoice a charge goes on: its payer's invoice of the week it completed in, while that one
   * still takes charges. One that no longer does (the move completed on one process's clock after
   * the week was closed on another's) sends it to the payer's current week rather than leave it
   * off every invoice.
   */
  private async invoiceFor(charge: UnattachedCharge, now: number, opened: Map<string, InvoiceRow>, counts: { created: number }): Promise<InvoiceRow | null> {
    const key = (week: InvoiceKey['week']): InvoiceKey => ({ rooftopId: charge.rooftopId, payerId: charge.payerId, timezone: charge.timezone, week });
    const own = await this.opened(key(weekOf(charge.completedAt, charge.timezone)), now, opened, counts);
    if (own.status === 'acquiring') return own;
    const current = await this.opened(key(weekOf(now, charge.timezone)), now, opened, counts);
    return current.status === 'acquiring' ? current : null;
  }

  private async opened(key: InvoiceKey, now: number, opened: Map<string, InvoiceRow>, counts: { created: number }): Promise<InvoiceRow> {
    const cacheKey = `${key.rooftopId}|${payerKey(key.payerId)}|${key.week.start_date}`;
    const known = opened.get(cacheKey);
    if (known) return known;
    const { row, created } = await ensureInvoice(this.deps, key, now);
    if (created) counts.created += 1;
    opened.set(cacheKey, row);
    return row;
  }
}
