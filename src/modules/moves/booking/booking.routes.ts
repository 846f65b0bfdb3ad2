// One POST route per move type, all through the same pipeline.
import type { FastifyInstance } from 'fastify';
import type { Authenticator } from '../../auth/authenticator.ts';
import { bodyObject } from '../../../http/body.ts';
import { recordIdempotentResponse } from '../../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import { DEALER_ROLES } from '../../clients/roles.ts';
import { scenarioDocumentSchema } from '../move-document.schema.ts';
import { readBookingCommand } from './booking-request.ts';
import type { BookingService } from './booking.service.ts';
import { MOVE_TYPES } from './move-types.ts';

export function bookingRoutes(app: FastifyInstance, deps: { auth: Authenticator; booking: BookingService }): void {
  for (const type of MOVE_TYPES) {
    app.post(
      type.path,
      {
        onRequest: deps.auth.guard(DEALER_ROLES),
        schema: {
          operationId: type.operationId,
          tags: ['booking'],
          summary: type.summary,
          security: BEARER,
          body: type.requestSchema,
          // 409: move_duplication, quote_expired (a quote_id expired or for another body), or an Idempotency-Key still running.
          response: { 200: scenarioDocumentSchema(type), ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500) },
        },
      },
      async (request, reply) => {
        const command = readBookingCommand(type, bodyObject(request.body), request.auth, deps.booking.readContext());
        const { json } = await deps.booking.book(command, {
          // The stored Idempotency-Key response commits with the booking (see recordIdempotentResponse).
          inTransaction: (trx, doc) => recordIdempotentResponse(trx, request, doc),
        });
        return sendJson(reply, json);
      },
    );
  }
}
