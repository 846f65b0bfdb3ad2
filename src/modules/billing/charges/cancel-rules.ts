// What a cancelation costs (spec §12.2) and the dry-run fee. The preview (POST /v1/cancelation with
// dry_run) and the real cancelation both price through cancelationPrice, so a cancelation decided
// in the same state charges exactly the fee the preview showed.
import { formatInstant } from '../../../lib/instant.ts';
import type { Contract } from '../contracts/contract.ts';
import { type Basis, type ChargeLine, type Evidence, LINE_NAMES, contractRef } from './charge-types.ts';

export type CancelOutcome = 'canceled' | 'partial' | 'failed';

/** A scenario's move as the cancelation rule reads it (epoch ms, null = not yet). */
export interface CancelState {
  pickup_started_ms: number | null;
  pickup_successful_ms: number | null;
}

/**
 * The outcome a cancelation decided now would have, for all the scenario's moves together: the
 * lifecycle's own rule (moves/lifecycle cancelOutcome), restated over our input so billing imports
 * no move module; a unit test holds the two to the same answers.
 */
export function outcomeIfNow(moves: readonly CancelState[]): CancelOutcome {
  if (moves.some((m) => m.pickup_successful_ms !== null)) return 'failed';
  if (moves.some((m) => m.pickup_started_ms !== null)) return 'partial';
  return 'canceled';
}

export interface CancelPrice {
  outcome: CancelOutcome;
  /** Cents. */
  fee: number;
  basis: Basis;
}

/** The fee an outcome costs, with its basis: the one place a cancelation is priced. */
export function cancelationPrice(outcome: CancelOutcome, contract: Contract): CancelPrice {
  const contractVersion = contractRef(contract);
  if (outcome === 'partial') {
    const fee = contract.accessorials.cancel_partial_fee;
    const rule = 'cancelation partial: the driver set out, no vehicle picked up: the trip fee replaces the move price';
    return { outcome, fee, basis: { rule, outcome, fee, replaces: ['TRANSPORT', 'RUSH', 'WAIT', 'FUEL', 'DRY_RUN'], contract: contractVersion } };
  }
  if (outcome === 'canceled') {
    return { outcome, fee: 0, basis: { rule: 'cancelation canceled: nobody set out, the charge is 0', outcome, fee: 0, contract: contractVersion } };
  }
  return {
    outcome,
    fee: 0,
    basis: { rule: 'cancelation failed: a vehicle is picked up, the move continues and is charged as usual', outcome, fee: 0, contract: contractVersion },
  };
}

/** The cancelation-fee preview: what canceling now would cost, given the scenario's moves. */
export function cancelFee(moves: readonly CancelState[], contract: Contract): CancelPrice {
  return cancelationPrice(outcomeIfNow(moves), contract);
}

/** The CANCEL_PARTIAL line of a partial cancelation (none for a zero fee), built from cancelationPrice. */
export function cancelPartialLine(contract: Contract, evidence: Evidence = {}): ChargeLine | null {
  const price = cancelationPrice('partial', contract);
  if (price.fee <= 0) return null;
  return { code: 'CANCEL_PARTIAL', name: LINE_NAMES.CANCEL_PARTIAL, amount: price.fee, notes: 'canceled after the driver set out', basis: price.basis, evidence };
}

/** An attempt ops marked a dry run (the vehicle was not ready or could not be driven). */
export interface DryRunMark {
  at_ms: number;
  by: string;
  note?: string | null;
  evidence?: Evidence;
}

/** DRY_RUN: one fee per marked attempt, on top of the transport when the vehicle is moved later. */
export function dryRunLines(contract: Contract, marks: readonly DryRunMark[]): ChargeLine[] {
  const fee = contract.accessorials.dry_run_fee;
  if (fee <= 0) return [];
  return marks.map((mark) => ({
    code: 'DRY_RUN',
    name: LINE_NAMES.DRY_RUN,
    amount: fee,
    notes: mark.note ?? 'the vehicle was not ready or could not be driven',
    basis: { rule: 'dry run: marked by ops, one fee per attempt', by: mark.by, at: formatInstant(mark.at_ms), fee, contract: contractRef(contract) },
    evidence: { marked_at: formatInstant(mark.at_ms), ...mark.evidence },
  }));
}
