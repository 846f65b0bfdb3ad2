// Redeeming a quote at booking (spec §12.2, ours): a booking that names a quote_id is charged
// exactly the lines quoted, or is refused with quote_expired. An unknown id, another client's and
// an expired one get the one answer, so a caller learns nothing about ids it was not given; a body
// that is not the one quoted (another address, another vehicle, another rooftop) is told so.
import type { FieldProblem } from '../../../lib/errors.ts';
import type { BookingQuote } from './booking-price.ts';
import type { QuoteRow } from './quotes.repository.ts';

/** How long a quote holds (ours): long enough to show a price and book, short enough that prices stay current. */
export const QUOTE_LIFETIME_MS = 15 * 60_000;

/** The longest quote_id read: ours are 32 characters (24 random bytes, base64url). */
export const QUOTE_ID_MAX = 64;

export const quoteExpiresAt = (quotedAt: number): number => quotedAt + QUOTE_LIFETIME_MS;

/** The booking that names the quote. */
export interface QuoteClaim {
  clientId: string;
  rooftopId: number;
  /** The booking body's hash, made as the quote's was (moves/booking/booking-request.ts). */
  bodySha256: string;
  now: number;
}

export type Redeemed = { ok: true; quote: BookingQuote } | { ok: false; problem: FieldProblem };

const refused = (message: string): Redeemed => ({ ok: false, problem: { code: 'quote_expired', field: 'quote_id', message } });

export function redeemQuote(row: Pick<QuoteRow, 'client_id' | 'rooftop_id' | 'body_sha256' | 'quote' | 'expires_at'> | undefined, claim: QuoteClaim): Redeemed {
  if (!row || row.client_id !== claim.clientId || claim.now >= Number(row.expires_at)) {
    return refused(`quote_id is expired or was not issued to you (a quote holds ${QUOTE_LIFETIME_MS / 60_000} minutes): ask POST /v1/quotes again`);
  }
  if (Number(row.rooftop_id) !== claim.rooftopId || row.body_sha256 !== claim.bodySha256) {
    return refused('quote_id was made for a different booking: send the body that was quoted, or ask POST /v1/quotes for this one');
  }
  return { ok: true, quote: JSON.parse(row.quote) as BookingQuote };
}
