// The cancelation-fee preview (spec §12.2, POST /v1/cancelation with dry_run): what canceling the
// scenario now would cost, priced by the contract pinned to its first move's charge through the
// same cancelationPrice the real decision's CANCEL_PARTIAL line uses. Reads only.
import type { Executor } from '../../../db/executor.ts';
import { findContract } from '../contracts/contracts.repository.ts';
import { type CancelPrice, type CancelState, cancelFee, outcomeIfNow } from './cancel-rules.ts';
import { findChargeOfMove } from './charges.repository.ts';

/** A scenario's move as the preview reads it. */
export interface PreviewMove {
  id: number;
  cardinality: number;
  pickup_started: number | null;
  pickup_successful: number | null;
}

const stateOf = (m: PreviewMove): CancelState => ({ pickup_started_ms: m.pickup_started, pickup_successful_ms: m.pickup_successful });

/** What canceling now would cost; fee 0 when no contract prices the scenario (booked unpriced). */
export async function previewCancelation(db: Executor, moves: readonly PreviewMove[]): Promise<CancelPrice> {
  const states = moves.map(stateOf);
  // The fee sits on the booking's first move (charge-lines.ts earnedLines): its contract prices it.
  const first = [...moves].sort((a, b) => a.cardinality - b.cardinality)[0];
  const charge = first && (await findChargeOfMove(db, first.id));
  const contract = charge && (await findContract(db, Number(charge.contract_id)));
  if (contract) return cancelFee(states, contract);
  const outcome = outcomeIfNow(states);
  return { outcome, fee: 0, basis: { rule: 'no contract prices this move (booked without one): a cancelation costs nothing', outcome, fee: 0 } };
}
