// The quote of a booking (spec §12.2): each move priced by the contract in force on the ready-by's
// local date at the rooftop, for the move's workflow set. The contract is pinned with the quote: a
// later price change never reprices the move. A rooftop with no contract in force books unpriced
// (its moves' charge is `{}`), as before money existed.
import { DateTime } from 'luxon';
import type { Executor } from '../../../db/executor.ts';
import { ApiError } from '../../../lib/errors.ts';
import type { Contract, GvwrClass } from '../contracts/contract.ts';
import { findContractInForce } from '../contracts/contracts.repository.ts';
import { quoteCharge } from './charge-lines.ts';
import type { ScenarioKind } from './charge-rules.ts';
import type { ChargeLine, Evidence } from './charge-types.ts';

/** One move's quote: its lines and the contract (id and version) that priced them. */
export interface MoveQuote {
  contractId: number;
  contractVersion: number;
  lines: ChargeLine[];
}

/** A booking's quote by cardinality; null for a move no contract prices. */
export type BookingQuote = (MoveQuote | null)[];

export interface QuoteLeg {
  /** The move's path in the request, for a problem with it (e.g. `customer_move`). */
  path: string;
  miles: number;
  gvwrClass: number | null;
  workflowSetId: number | null;
  evidence: Evidence;
}

export interface PriceInput {
  rooftopId: number;
  timezone: string;
  kind: ScenarioKind;
  readyByMs: number;
  bookedAtMs: number;
  minNoticeMinutes: number;
  legs: QuoteLeg[];
}

export async function priceBooking(db: Executor, input: PriceInput): Promise<BookingQuote> {
  const localDate = DateTime.fromMillis(input.readyByMs, { zone: input.timezone }).toISODate()!;
  const contracts = new Map<number | null, Contract | undefined>();
  const quote: BookingQuote = [];
  for (const [cardinality, leg] of input.legs.entries()) {
    if (!contracts.has(leg.workflowSetId)) {
      contracts.set(leg.workflowSetId, await findContractInForce(db, input.rooftopId, localDate, leg.workflowSetId));
    }
    const contract = contracts.get(leg.workflowSetId);
    if (!contract) {
      quote.push(null);
      continue;
    }
    const priced = quoteCharge({
      contract,
      kind: input.kind,
      cardinality,
      leg: { miles: leg.miles, gvwr_class: leg.gvwrClass === null ? null : (String(leg.gvwrClass) as GvwrClass), evidence: leg.evidence },
      notice: { booked_at_ms: input.bookedAtMs, ready_by_ms: input.readyByMs, min_notice_minutes: input.minNoticeMinutes },
    });
    // Bands cover 0 to the longest drive when written; a longest drive raised since leaves a gap.
    if (!priced.ok) throw ApiError.fromProblems([{ code: 'outside_region', field: leg.path, message: `${leg.path}: ${priced.reason}` }]);
    quote.push({ contractId: contract.id, contractVersion: contract.updatedAt, lines: priced.value.lines });
  }
  return quote;
}
