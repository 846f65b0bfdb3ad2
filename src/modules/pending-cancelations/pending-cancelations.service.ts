// The ops desk's pending cancelations (GET /v1/ops/cancelations): each booking whose cancelation
// awaits a decision, with what each outcome POST /v1/ops/moves/:id/cancel-decision may choose would
// charge. Priced by billing's own rules (outcomeIfNow, cancelationPrice, through the contract on the
// booking's first charge, as the dry-run preview prices), so the page never computes a fee itself.
import type { Executor } from '../../db/executor.ts';
import { formatInstant } from '../../lib/instant.ts';
import { groupBy } from '../../lib/group-by.ts';
import { renderCents } from '../../lib/money.ts';
import { type CancelOutcome, cancelationPrice, outcomeIfNow } from '../billing/charges/cancel-rules.ts';
import { findChargeOfMove } from '../billing/charges/charges.repository.ts';
import { findContract } from '../billing/contracts/contracts.repository.ts';
import { CANCEL_OUTCOMES } from '../moves/move-statuses.ts';
import { findPendingMoves, type PendingMoveRow } from './pending-cancelations.repository.ts';
import type { PendingCancelationDocument, PendingCancelationsDocument } from './pending-cancelations.schemas.ts';

/** More than a desk can read at once; the rule decides each within CANCEL_DECISION_DELAY_MS anyway. */
export const PENDING_LIMIT = 200;

export class PendingCancelationsService {
  constructor(private readonly deps: { db: Executor; decisionDelayMs: number }) {}

  async list(rooftopIds: number[]): Promise<PendingCancelationsDocument> {
    const rows = await findPendingMoves(this.deps.db, rooftopIds, PENDING_LIMIT + 1);
    const byScenario = [...groupBy(rows, (r) => r.scenarioId).values()];
    const shown = byScenario.slice(0, PENDING_LIMIT);
    return { cancelations: await Promise.all(shown.map((moves) => this.document(moves))), has_more: byScenario.length > PENDING_LIMIT };
  }

  private async document(moves: PendingMoveRow[]): Promise<PendingCancelationDocument> {
    const first = moves.reduce((a, b) => (b.cardinality < a.cardinality ? b : a));
    const requestedAt = Math.min(...moves.map((m) => m.requestedAt));
    const byRule = outcomeIfNow(moves.map((m) => ({ pickup_started_ms: m.pickupStarted, pickup_successful_ms: m.pickupSuccessful })));
    const fees = await this.feesOf(first.id);
    return {
      move_id: first.id,
      move_type: first.kind,
      rooftop: { id: first.rooftopId, name: first.rooftopName },
      customer_name: first.customerName,
      moves: moves.map((m) => ({ move_id: m.id, role: m.role, reference_id: m.referenceId, status: m.status ?? 'booked' })),
      requested_at: formatInstant(requestedAt),
      rule_decides_at: formatInstant(requestedAt + this.deps.decisionDelayMs),
      outcome_by_rule: byRule,
      fee: fees[byRule],
      fees,
    };
  }

  /** Dollars per outcome; all 0 when no contract prices the booking (booked without one), as the preview says. */
  private async feesOf(firstMoveId: number): Promise<Record<CancelOutcome, number>> {
    const charge = await findChargeOfMove(this.deps.db, firstMoveId);
    const contract = charge && (await findContract(this.deps.db, Number(charge.contract_id)));
    const fee = (o: CancelOutcome) => (contract ? renderCents(cancelationPrice(o, contract).fee) : 0);
    return Object.fromEntries(CANCEL_OUTCOMES.map((o) => [o, fee(o)])) as Record<CancelOutcome, number>;
  }
}
