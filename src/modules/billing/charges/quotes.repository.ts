// The SQL of quotes (spec §12.2 "Quote before booking"): one row per POST /v1/quotes, read back by
// the booking that names its quote_id. Rows are written once and never updated.
import type { Executor } from '../../../db/executor.ts';
import type { QuoteRow } from '../../../db/schema.ts';
import type { BookingQuote } from './booking-price.ts';

export type { QuoteRow } from '../../../db/schema.ts';

export interface NewQuote {
  /** The quote_id: a random token (the ids port), so one client cannot guess another's. */
  id: string;
  clientId: string;
  rooftopId: number;
  bodySha256: string;
  quote: BookingQuote;
  expiresAt: number;
  createdAt: number;
}

export async function insertQuote(db: Executor, q: NewQuote): Promise<void> {
  await db
    .insertInto('quotes')
    .values({
      id: q.id,
      client_id: q.clientId,
      rooftop_id: q.rooftopId,
      body_sha256: q.bodySha256,
      quote: JSON.stringify(q.quote),
      expires_at: q.expiresAt,
      created_at: q.createdAt,
    })
    .execute();
}

export function findQuote(db: Executor, id: string): Promise<QuoteRow | undefined> {
  return db.selectFrom('quotes').selectAll().where('id', '=', id).executeTakeFirst();
}
