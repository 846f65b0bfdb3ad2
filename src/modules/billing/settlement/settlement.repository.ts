// The SQL of the billing sweep's charge steps (spec §12.2, §12.3): which charges are due to settle,
// which completed charges are on no invoice yet, and the conditional UPDATEs that settle or attach
// them — each names what it expects to find (status final; no invoice), so a second sweep running
// the same step at the same moment changes nothing.
import type { Executor, Transaction } from '../../../db/executor.ts';
import { FINAL, SETTLED } from '../charges/charge-status.ts';

/** Charges final since `cutoff` or longer, after charge `afterId` (keyset), oldest id first. */
export async function chargesDueToSettle(db: Executor, q: { cutoff: number; afterId: number; limit: number }) {
  const rows = await db
    .selectFrom('charges')
    .select(['id', 'scenario_id'])
    .where('status', '=', FINAL)
    .where('completed_at', '<=', q.cutoff)
    .where('id', '>', q.afterId)
    .orderBy('id')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), scenarioId: Number(r.scenario_id) }));
}

/** Settles the scenario's charges final since `cutoff`; the moves whose charge this call settled. */
export async function settleChargesOfScenario(trx: Transaction, scenarioId: number, cutoff: number, now: number) {
  const rows = await trx
    .updateTable('charges')
    .set({ status: SETTLED, settled_at: now, updated_at: now })
    .where('scenario_id', '=', scenarioId)
    .where('status', '=', FINAL)
    .where('completed_at', '<=', cutoff)
    .returning(['move_id', 'rooftop_id'])
    .execute();
  return rows.map((r) => ({ id: Number(r.move_id), rooftop_id: Number(r.rooftop_id) }));
}

export interface UnattachedCharge {
  id: number;
  scenarioId: number;
  rooftopId: number;
  payerId: number | null;
  completedAt: number;
  timezone: string;
}

/** Completed charges (final or settled) on no invoice yet, after charge `afterId`, with their rooftop's zone. */
export async function unattachedCharges(db: Executor, q: { afterId: number; limit: number }): Promise<UnattachedCharge[]> {
  const rows = await db
    .selectFrom('charges')
    .innerJoin('rooftops', 'rooftops.id', 'charges.rooftop_id')
    .select(['charges.id', 'charges.scenario_id', 'charges.rooftop_id', 'charges.payer_id', 'charges.completed_at', 'rooftops.timezone'])
    .where('charges.invoice_id', 'is', null)
    .where('charges.status', 'in', [FINAL, SETTLED])
    .where('charges.completed_at', 'is not', null)
    .where('charges.id', '>', q.afterId)
    .orderBy('charges.id')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    scenarioId: Number(r.scenario_id),
    rooftopId: Number(r.rooftop_id),
    payerId: r.payer_id === null ? null : Number(r.payer_id),
    completedAt: Number(r.completed_at),
    timezone: r.timezone,
  }));
}

/** Puts the charges on the invoice, those still on none; how many this call attached. */
export async function attachCharges(trx: Transaction, chargeIds: number[], invoiceId: number, now: number): Promise<number> {
  if (!chargeIds.length) return 0;
  const result = await trx
    .updateTable('charges')
    .set({ invoice_id: invoiceId, updated_at: now })
    .where('id', 'in', chargeIds)
    .where('invoice_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
