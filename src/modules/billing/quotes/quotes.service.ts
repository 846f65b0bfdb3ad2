// Quotes (spec §12.2, ours): a booking decided and priced exactly as booking it would be —
// BookingService.prepare, which writes nothing — and kept for QUOTE_LIFETIME_MS under a random
// quote_id, tied to its client, rooftop and body. Booking with that quote_id charges these lines
// (moves/booking redeems it); the quote itself books nothing and holds no slot.
import type { Database } from '../../../db/database.ts';
import type { WriteOptions } from '../../../db/executor.ts';
import type { IdGenerator } from '../../../lib/ids.ts';
import type { BookingService } from '../../moves/booking/booking.service.ts';
import type { ReadContext } from '../../moves/booking/move-type.ts';
import { quoteExpiresAt } from '../charges/quote-redeem.ts';
import { insertQuote } from '../charges/quotes.repository.ts';
import { quoteDocument } from './quote-document.ts';
import type { BookingCommand } from '../../moves/booking/booking-command.ts';

export interface QuoteDeps {
  database: Database;
  ids: IdGenerator;
  booking: BookingService;
}

export class QuoteService {
  constructor(private readonly deps: QuoteDeps) {}

  /** What the route needs to read a booking body: the booking endpoints' own context. */
  readContext(): ReadContext {
    return this.deps.booking.readContext();
  }

  /** Prices the booking, keeps the quote, and answers its document, serialized. */
  async create(request: { command: BookingCommand; bodySha256: string }, options: WriteOptions = {}): Promise<string> {
    const { command, bodySha256 } = request;
    // Every refusal a booking would meet before its transaction (payer, workflows, places, area) is met here.
    const { plan, quote } = await this.deps.booking.prepare(command);
    const id = this.deps.ids.token();
    const expiresAt = quoteExpiresAt(plan.now);
    return this.deps.database.db.transaction().execute(async (trx) => {
      await insertQuote(trx, { id, clientId: command.clientId, rooftopId: command.rooftopId, bodySha256, quote, expiresAt, createdAt: plan.now });
      const json = JSON.stringify(quoteDocument({ id, expiresAt, quote, moves: plan.legs.map((leg) => leg.role) }));
      await options.inTransaction?.(trx, json);
      return json;
    });
  }
}
