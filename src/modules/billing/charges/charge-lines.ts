// A move's charge, assembled (spec §12.2): the quote at booking (transport + rush), and the final
// charge at delivery or settlement, which re-prices nothing — it keeps the pinned quote's lines and
// adds what the move's facts earned. Totals are always the integer sum of the lines.
import { formatInstant } from '../../../lib/instant.ts';
import type { Contract } from '../contracts/contract.ts';
import { cancelPartialLine, type DryRunMark, dryRunLines } from './cancel-rules.ts';
import { type BookingNotice, type FuelFacts, type ScenarioKind, type TransportLeg, type WaitStop, fuelLine, rushLine, transportLine, waitLines } from './charge-rules.ts';
import { type Charge, type ChargeCode, type ChargeLine, type Evidence, LINE_NAMES, type RuleResult } from './charge-types.ts';
import { renderCents, sumCents } from '../../../lib/money.ts';

export const chargeOf = (lines: ChargeLine[]): Charge => ({ lines, total: sumCents(lines.map((l) => l.amount)) });

export interface QuoteInput {
  contract: Contract;
  kind: ScenarioKind;
  /** 0 for the first (or only) move, 1 for the second leg of a pair. */
  cardinality: number;
  leg: TransportLeg;
  notice: BookingNotice;
}

/** The quote of one move: TRANSPORT, plus RUSH once per booking (on its first move). */
export function quoteCharge(input: QuoteInput): RuleResult<Charge> {
  const transport = transportLine(input.contract, input.kind, input.leg);
  if (!transport.ok) return transport;
  const rush = input.cardinality === 0 ? rushLine(input.contract, input.notice) : null;
  return { ok: true, value: chargeOf(rush ? [transport.value, rush] : [transport.value]) };
}

/** A line ops added (POST /v1/ops/moves/:id/charges, the sandbox's add-charge): passed through. */
export interface AddedLine {
  code: ChargeCode;
  name?: string | null;
  /** Cents. */
  amount: number;
  notes?: string | null;
  by: string;
  at_ms: number;
  evidence?: Evidence;
}

export function addedLine(added: AddedLine): ChargeLine {
  return {
    code: added.code,
    name: added.name || LINE_NAMES[added.code],
    amount: added.amount,
    notes: added.notes ?? null,
    basis: { rule: 'added by ops', by: added.by, at: formatInstant(added.at_ms), amount: added.amount },
    evidence: { ...added.evidence },
  };
}

export interface Discount {
  /** Cents, positive: the line carries it negated. */
  amount: number;
  reason: string;
  by: string;
  at_ms: number;
}

/** DISCOUNT: a negative line, at most the charge before it (more is field_invalid on `amount`). */
export function discountLine(totalBefore: number, discount: Discount): RuleResult<ChargeLine | null> {
  if (discount.amount > totalBefore) {
    const most = renderCents(Math.max(0, totalBefore)).toFixed(2);
    return { ok: false, field: 'amount', reason: `must be at most ${most}, the charge before the discount` };
  }
  if (discount.amount <= 0) return { ok: true, value: null };
  const line: ChargeLine = {
    code: 'DISCOUNT',
    name: LINE_NAMES.DISCOUNT,
    amount: -discount.amount,
    notes: discount.reason,
    basis: { rule: 'discount by ops, at most the charge before it', by: discount.by, at: formatInstant(discount.at_ms), amount: discount.amount, total_before: totalBefore },
    evidence: {},
  };
  return { ok: true, value: line };
}

export interface FinalInput {
  contract: Contract;
  /** The quote pinned at booking: its TRANSPORT and RUSH lines are kept as they are. */
  quote: Charge;
  cardinality: number;
  /** The move's cancel_status: null, 'pending' and 'failed' mean the move goes on. */
  cancel_status: string | null;
  stops: readonly WaitStop[];
  fuel: FuelFacts | null;
  dry_runs: readonly DryRunMark[];
  added: readonly AddedLine[];
  discount: Discount | null;
  /** Facts for the CANCEL_PARTIAL line (when it was decided, by whom). */
  cancel_evidence?: Evidence;
}

const QUOTED: readonly ChargeCode[] = ['TRANSPORT', 'RUSH'];

/**
 * The lines a move earned before ops' additions and the discount:
 * - canceled: none (a canceled move's charge is 0 — even ops' lines are dropped);
 * - partial: the trip fee alone, on the booking's first move (it replaces transport, rush, wait, fuel and dry runs);
 * - rescheduled: the attempt moved no vehicle: its wait and dry runs only (the new booking is priced itself);
 * - otherwise (going on, delivered, or a failed cancelation): the quote + wait + fuel + dry runs.
 */
function earnedLines(input: FinalInput): ChargeLine[] {
  const { contract } = input;
  switch (input.cancel_status) {
    case 'canceled':
      return [];
    case 'partial': {
      const fee = input.cardinality === 0 ? cancelPartialLine(contract, input.cancel_evidence) : null;
      return fee ? [fee] : [];
    }
    case 'rescheduled':
      return [...waitLines(contract, input.stops), ...dryRunLines(contract, input.dry_runs)];
    default: {
      const fuel = fuelLine(contract, input.fuel);
      const quoted = input.quote.lines.filter((l) => QUOTED.includes(l.code));
      return [...quoted, ...waitLines(contract, input.stops), ...(fuel ? [fuel] : []), ...dryRunLines(contract, input.dry_runs)];
    }
  }
}

/** The final charge of one move, or the problem with the discount. */
export function finalCharge(input: FinalInput): RuleResult<Charge> {
  if (input.cancel_status === 'canceled') return { ok: true, value: chargeOf([]) };
  const lines = [...earnedLines(input), ...input.added.map(addedLine)];
  if (!input.discount) return { ok: true, value: chargeOf(lines) };
  const discount = discountLine(chargeOf(lines).total, input.discount);
  if (!discount.ok) return discount;
  return { ok: true, value: chargeOf(discount.value ? [...lines, discount.value] : lines) };
}
