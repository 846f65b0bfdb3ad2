// The answer of POST /v1/quotes (spec §12.2, ours) and its schema: the quote_id, when it expires,
// the charge the booking would get — the documented charge object — and each move's own charge.
// A pair's `charge` is the booking's whole price (every move's lines); `moves` splits it as the
// booked document will (a pair shows each move's charge in its move object).
import Type from 'typebox';
import { formatInstant } from '../../../lib/instant.ts';
import { Instant, Nullable } from '../../../lib/schema-types.ts';
import type { BookingQuote } from '../charges/booking-price.ts';
import { renderCharge } from '../charges/charge-document.ts';
import { ChargeProperties, EmptyChargeSchema } from '../charges/charge-schema.ts';
import type { ChargeLine } from '../charges/charge-types.ts';

const QuotedChargeSchema = Type.Object({
  ...ChargeProperties,
  id: Nullable(Type.Integer({ description: 'null: a quote is not a charge yet; the booking creates the charge, with its id' })),
});
const quotedChargeOrEmpty = (description?: string) => Type.Union([QuotedChargeSchema, EmptyChargeSchema], description ? { description } : {});

export const QuoteSchema = Type.Object({
  quote_id: Type.String({ description: 'Send it as quote_id with this same body to the booking endpoint: the moves are charged exactly these lines' }),
  expires_at: Instant(),
  charge: quotedChargeOrEmpty("The booking's whole charge, status quoted (a pair: both moves' lines). {}: no contract prices it, and booked with this quote it is unpriced"),
  moves: Type.Array(
    Type.Object({
      move: Type.String({ description: "The move's key in the booking body and document (move, customer_move, loaner_move, move_one, move_two)" }),
      charge: quotedChargeOrEmpty(),
    }),
    { description: 'Each move in driving order, with its own charge as its document will show it' },
  ),
});

export interface QuoteView {
  id: string;
  expiresAt: number;
  quote: BookingQuote;
  /** Each move's key in the body (its role), by cardinality. */
  moves: string[];
}

export function quoteDocument(view: QuoteView): Record<string, unknown> {
  const priced = view.quote.filter((m) => m !== null);
  return {
    quote_id: view.id,
    expires_at: formatInstant(view.expiresAt),
    charge: priced.length ? quotedCharge(priced.flatMap((m) => m.lines)) : {},
    moves: view.moves.map((move, i) => {
      const q = view.quote[i];
      return { move, charge: q ? quotedCharge(q.lines) : {} };
    }),
  };
}

/** The charge object of lines not yet booked: no id (the booking makes the charge), on no invoice, nothing paid. */
function quotedCharge(lines: readonly ChargeLine[]): Record<string, unknown> {
  const rendered = renderCharge({ id: 0, invoice_id: null, status: 'quoted', disputed: false, dispute_reason: null, paid_amount: 0, lines });
  return { ...rendered, id: null };
}
