// POST /v1/appointments/holds (spec §11.3): a dealer keeps a slot for a few minutes while its
// customer decides; a booking or an appointment that names the hold_id consumes it.
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { bodyObject } from '../../../http/body.ts';
import { recordIdempotentResponse } from '../../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import { Instant } from '../../../lib/schema-types.ts';
import type { Clock } from '../../../lib/clock.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { DEALER_ROLES } from '../../clients/roles.ts';
import type { ZipDirectory } from '../../locations/zip-directory.ts';
import { HoldBody } from '../availability/availability.schemas.ts';
import { readHoldRequest } from './hold-request.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import type { HoldsService } from './holds.service.ts';

const HoldSchema = Type.Object({
  hold_id: Type.String({ description: 'Send it as hold_id with the booking (or the appointment) that takes the slot' }),
  expires_at: Instant(),
});

export function holdsRoutes(
  app: FastifyInstance,
  deps: { auth: Authenticator; holds: HoldsService; availability: AvailabilityService; zips: ZipDirectory; clock: Clock },
): void {
  app.post(
    '/v1/appointments/holds',
    {
      onRequest: deps.auth.guard(DEALER_ROLES),
      schema: {
        operationId: 'createHold',
        tags: ['appointments'],
        summary: 'Hold an available slot for a few minutes: others see it as held until it expires or is booked',
        description:
          'The slot must be available now (GET /v1/appointments/availability); otherwise 409 slot_unavailable, the reason in the message. ' +
          'Of callers racing for the last capacity exactly one gets the hold. A booking that names hold_id consumes it.',
        security: BEARER,
        body: HoldBody,
        // 409: slot_unavailable, or an Idempotency-Key still running.
        response: { 201: HoldSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const { availability } = deps;
      const ctx = { zips: deps.zips, now: deps.clock.now(), zoneOf: (id: number) => availability.zoneOf(id) };
      const command = await readHoldRequest(bodyObject(request.body), request.auth, ctx);
      const json = await deps.holds.hold(command, {
        // The stored Idempotency-Key response commits with the hold.
        inTransaction: (trx, doc) => recordIdempotentResponse(trx, request, doc, 201),
      });
      return sendJson(reply, json, 201);
    },
  );
}
