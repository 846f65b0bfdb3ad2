// The charge after a change to its scenario (spec §12.2): every transition (a driver step, a
// signed report, a cancelation decided, a reschedule, ops' adjustments) computes each unsettled
// charge again from the pinned contract, the pinned quote and the move's facts as they now stand,
// and writes only what changed. The contract is read by the id pinned at booking: a contract is
// never edited, so its id is its price, and a later contract never reprices the move.
import type { Executor } from '../../../db/executor.ts';
import type { ChargeRow } from '../../../db/schema.ts';
import type { Contract } from '../contracts/contract.ts';
import { findContract } from '../contracts/contracts.repository.ts';
import type { ChargeRecord } from './charge-document.ts';
import { cancelEvidenceOf, fuelFactsOf, hasCompleted, type PricedMove, type PricedSlot, waitStopsOf } from './charge-facts.ts';
import { chargeOf, type FinalInput, finalCharge } from './charge-lines.ts';
import { adjustmentsOf, type ChargeAdjustments, chargeRecordOf, parseLines } from './charge-record.ts';
import { EDITABLE, FINAL, QUOTED } from './charge-status.ts';
import type { Charge } from './charge-types.ts';
import { findChargeOfMove, findChargesOfMoves, updateCharge } from './charges.repository.ts';

/** The scenario after the change, as the charges read it (a move module's ScenarioView fits). */
export interface RepriceView {
  moves: readonly PricedMove[];
  slots: ReadonlyMap<number, readonly PricedSlot[]>;
  /** The charges as they stood before the change; none → nothing to reprice, nothing read. */
  charges?: ReadonlyMap<number, ChargeRecord>;
}

export interface Repriced {
  /** Every charge of the scenario by move id, as it now stands. */
  charges: Map<number, ChargeRecord>;
  /** The moves whose charge was written (lines, total or status changed), in the scenario's order. */
  changed: number[];
}

/** Reprices the scenario's unsettled charges in `trx`; writes only those that changed. */
export async function repriceCharges(trx: Executor, view: RepriceView, now: number): Promise<Repriced> {
  // An unpriced scenario (no contract at booking) costs no statement at all.
  if (!view.charges?.size) return { charges: new Map(view.charges ?? []), changed: [] };
  const rows = await findChargesOfMoves(trx, view.moves.map((m) => m.id));
  const contracts = new Map<number, Contract | undefined>();
  const charges = new Map<number, ChargeRecord>();
  const changed: number[] = [];
  for (const move of view.moves) {
    const row = rows.find((r) => r.move_id === move.id);
    if (!row) continue;
    const contractId = Number(row.contract_id);
    if (EDITABLE.includes(row.status) && !contracts.has(contractId)) contracts.set(contractId, await findContract(trx, contractId));
    const contract = contracts.get(contractId);
    const next = contract && EDITABLE.includes(row.status) ? nextRow(row, contract, move, view.slots.get(move.id), now) : null;
    if (!next) {
      charges.set(move.id, chargeRecordOf(row));
      continue;
    }
    const values = { lines: next.lines, total: next.total, status: next.status, completed_at: next.completed_at, updated_at: now };
    if (await updateCharge(trx, row.id, EDITABLE, values)) {
      charges.set(move.id, chargeRecordOf(next));
      changed.push(move.id);
    } else {
      // Settled meanwhile (settlement does not take the scenario's lock): it stays as settled.
      const settled = await findChargeOfMove(trx, move.id);
      if (settled) charges.set(move.id, chargeRecordOf(settled));
    }
  }
  return { charges, changed };
}

/** The row with its charge computed again, or null when nothing in it changes. */
function nextRow(row: ChargeRow, contract: Contract, move: PricedMove, slots: readonly PricedSlot[] | undefined, now: number): ChargeRow | null {
  const charge = computeCharge(row, contract, move, slots);
  const status = row.status === FINAL || hasCompleted(move) ? FINAL : QUOTED;
  const lines = JSON.stringify(charge.lines);
  if (lines === row.lines && charge.total === Number(row.total) && status === row.status) return null;
  const completedAt = row.completed_at ?? (status === FINAL ? now : null);
  return { ...row, lines, total: charge.total, status, completed_at: completedAt, updated_at: now };
}

/** What finalCharge prices a move from: the pinned contract and quote, the move's facts, these adjustments. */
export function finalInputOf(
  row: Pick<ChargeRow, 'quote_lines'>,
  adjustments: ChargeAdjustments,
  contract: Contract,
  move: PricedMove,
  slots: readonly PricedSlot[] | undefined,
): FinalInput {
  return {
    contract,
    quote: chargeOf(parseLines(row.quote_lines)),
    cardinality: move.cardinality,
    cancel_status: move.cancel_status,
    stops: waitStopsOf(move),
    fuel: fuelFactsOf(slots),
    dry_runs: adjustments.dry_runs,
    added: adjustments.added,
    discount: adjustments.discount,
    cancel_evidence: cancelEvidenceOf(move),
  };
}

/** The final charge of one move from its facts; a discount larger than what is left is cut to it. */
export function computeCharge(row: ChargeRow, contract: Contract, move: PricedMove, slots: readonly PricedSlot[] | undefined): Charge {
  const adjustments = adjustmentsOf(row);
  const input = finalInputOf(row, adjustments, contract, move, slots);
  const charge = finalCharge(input);
  if (charge.ok) return charge.value;
  // The discount was given on a larger charge (a partial cancelation replaced the transport since):
  // a transition never fails on money, so the discount takes what is left, never the charge below 0.
  const before = finalCharge({ ...input, discount: null });
  if (!before.ok) throw new Error(`charge ${row.id}: ${before.reason}`);
  const discount = { ...adjustments.discount!, amount: Math.max(0, before.value.total) };
  const capped = finalCharge({ ...input, discount });
  if (!capped.ok) throw new Error(`charge ${row.id}: ${capped.reason}`);
  return capped.value;
}
