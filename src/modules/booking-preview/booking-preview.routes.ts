// POST /v1/booking-previews (ours): the schedule of a booking before making it. Same callers and
// same body as POST /v1/quotes (any booking body, move_type optional) and the same refusals —
// both are read by the booking endpoint's own reader and decided by BookingService.prepare — but
// where a quote answers the price, this answers the times: ready-by, earliest available, drives.
// It writes nothing (no quote, no location, no hold), so it answers 200, not 201.
import type { FastifyInstance } from 'fastify';
import { bodyObject } from '../../http/body.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { readQuoteRequest } from '../billing/quotes/quote-request.ts';
import { QuoteRequestBody } from '../billing/quotes/quotes.schemas.ts';
import { DEALER_ROLES } from '../clients/roles.ts';
import type { BookingService } from '../moves/booking/booking.service.ts';
import { BookingPreviewSchema, bookingPreviewDocument } from './booking-preview-document.ts';

const DESCRIPTION =
  'Takes the body of any booking endpoint (as POST /v1/quotes does) and answers when booking it now would have the vehicle ready: ' +
  'ready_by_time_utc (for a concierge, the appointment minus the drive), earliest_available_time and message (the service lot closed or on a holiday), ' +
  "and each move's places and drive. Nothing is written. A body is refused here exactly as its booking endpoint would refuse it.";

export function bookingPreviewRoutes(app: FastifyInstance, deps: { auth: Authenticator; booking: BookingService }): void {
  app.post(
    '/v1/booking-previews',
    {
      onRequest: deps.auth.guard(DEALER_ROLES),
      schema: {
        operationId: 'previewBooking',
        tags: ['booking'],
        summary: 'Preview a booking: its ready-by and earliest available times, without booking',
        description: DESCRIPTION,
        security: BEARER,
        body: QuoteRequestBody,
        // 409: an Idempotency-Key still running (any POST may carry one, spec §9).
        response: { 200: BookingPreviewSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request) => {
      const { command } = readQuoteRequest(bodyObject(request.body), request.auth, deps.booking.readContext());
      const { plan } = await deps.booking.prepare(command);
      return bookingPreviewDocument(plan);
    },
  );
}
