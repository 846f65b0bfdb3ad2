// POST /v1/quotes (spec §12.2, ours): price a booking before making it. Same callers as booking
// (a dealer of the rooftop), same body, same refusals; the answer's quote_id, sent with the same
// body to the booking endpoint within the quote's life, books at exactly the quoted lines.
import type { FastifyInstance } from 'fastify';
import type { Transaction } from '../../../db/executor.ts';
import { bodyObject } from '../../../http/body.ts';
import { recordIdempotentResponse } from '../../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { DEALER_ROLES } from '../../clients/roles.ts';
import { QUOTE_LIFETIME_MS } from '../charges/quote-redeem.ts';
import { QuoteSchema } from './quote-document.ts';
import { readQuoteRequest } from './quote-request.ts';
import { QuoteRequestBody } from './quotes.schemas.ts';
import type { QuoteService } from './quotes.service.ts';

const DESCRIPTION =
  'Takes the body of any booking endpoint and answers what booking it now would charge, without booking: nothing is dispatched, no slot is held. ' +
  `The quote holds ${QUOTE_LIFETIME_MS / 60_000} minutes for the client that asked: a booking that sends quote_id with the same body ` +
  '(keys in any order) is charged exactly these lines, even if the contract or the notice would price it differently by then; ' +
  'past expires_at, or with another body, it is refused with 409 quote_expired and nothing is booked. ' +
  'A body is refused here exactly as its booking endpoint would refuse it.';

export function quotesRoutes(app: FastifyInstance, deps: { auth: Authenticator; quotes: QuoteService }): void {
  app.post(
    '/v1/quotes',
    {
      onRequest: deps.auth.guard(DEALER_ROLES),
      schema: {
        operationId: 'createQuote',
        tags: ['booking'],
        summary: `Quote a booking: its charge, held ${QUOTE_LIFETIME_MS / 60_000} minutes under a quote_id`,
        description: DESCRIPTION,
        security: BEARER,
        body: QuoteRequestBody,
        // 409: an Idempotency-Key still running.
        response: { 201: QuoteSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const asked = readQuoteRequest(bodyObject(request.body), request.auth, deps.quotes.readContext());
      // The stored Idempotency-Key answer commits with the quote, under the status it is sent with.
      const options = { inTransaction: (trx: Transaction, json: string) => recordIdempotentResponse(trx, request, json, 201) };
      return sendJson(reply, await deps.quotes.create(asked, options), 201);
    },
  );
}
