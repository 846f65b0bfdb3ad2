// The charge rows a booking writes: one per priced move, status `quoted`, the quote's lines both
// pinned (quote_lines: never re-priced) and current (lines: what the final charge builds on).
import type { Insertable } from 'kysely';
import type { ChargeTable } from '../../../db/schema.ts';
import { sumCents } from '../../../lib/money.ts';
import type { BookingQuote } from './booking-price.ts';
import { NO_ADJUSTMENTS } from './charge-record.ts';

interface BookedMove {
  id: number;
  scenario_id: number;
  rooftop_id: number;
  cardinality: number;
}

export function quotedChargeRows(quote: BookingQuote, moves: readonly BookedMove[], payerId: number | null, now: number): Insertable<ChargeTable>[] {
  return moves.flatMap((move) => {
    const priced = quote[move.cardinality];
    if (!priced) return [];
    const lines = JSON.stringify(priced.lines);
    return [
      {
        move_id: move.id,
        scenario_id: move.scenario_id,
        rooftop_id: move.rooftop_id,
        payer_id: payerId,
        contract_id: priced.contractId,
        contract_version: priced.contractVersion,
        status: 'quoted',
        quote_lines: lines,
        lines,
        total: sumCents(priced.lines.map((l) => l.amount)),
        adjustments: JSON.stringify(NO_ADJUSTMENTS),
        created_at: now,
        updated_at: now,
      },
    ];
  });
}
