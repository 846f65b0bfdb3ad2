// One POST route per move type, all through the same pipeline.
import type { FastifyInstance } from 'fastify';
import type { Authenticator } from '../../../http/auth.ts';
import { bodyObject } from '../../../http/body.ts';
import { recordIdempotentResponse } from '../../../http/idempotency/idempotency.hooks.ts';
import { sendJson } from '../../../http/send-json.ts';
import { DEALER_ROLES } from '../../clients/roles.ts';
import { scenarioDocumentSchema } from '../move-document.schema.ts';
import type { BookingService } from './booking.service.ts';
import { MOVE_TYPES } from './move-types.ts';

export function bookingRoutes(app: FastifyInstance, deps: { auth: Authenticator; booking: BookingService }): void {
  for (const type of MOVE_TYPES) {
    app.post(
      type.path,
      {
        onRequest: deps.auth.guard(DEALER_ROLES),
        schema: {
          tags: ['booking'],
          summary: type.summary,
          security: [{ bearer: [] }],
          body: type.requestSchema,
          response: { 200: scenarioDocumentSchema(type) },
        },
      },
      async (request, reply) => {
        const { json } = await deps.booking.book(type, request.auth, bodyObject(request.body), {
          // The stored Idempotency-Key response commits with the booking (see recordIdempotentResponse).
          inTransaction: (trx, doc) => recordIdempotentResponse(trx, request, doc),
        });
        return sendJson(reply, json);
      },
    );
  }
}
