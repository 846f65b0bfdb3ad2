// POST /v1/ops/moves/:id/reschedule (spec §11.5) over HTTP. Thin: parse, call the reschedule service.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Authenticator } from '../../auth/authenticator.ts';
import { bodyObject } from '../../../http/body.ts';
import { answerInTransaction } from '../../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import type { Clock } from '../../../lib/clock.ts';
import { moveNotFound } from '../../../lib/errors.ts';
import { IdParams } from '../../../lib/schema-types.ts';
import { pathId } from '../../../lib/validation.ts';
import { OPS_ROLES } from '../../clients/roles.ts';
import { readRescheduleCommand } from './reschedule-request.ts';
import { RescheduleAnswer, RescheduleBody } from './reschedule.schemas.ts';
import type { RescheduleService } from './reschedule.service.ts';

export function rescheduleRoutes(app: FastifyInstance, deps: { auth: Authenticator; clock: Clock; reschedule: RescheduleService }): void {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/v1/ops/moves/:id/reschedule',
    {
      onRequest: deps.auth.guard(OPS_ROLES),
      schema: {
        operationId: 'rescheduleMove',
        tags: ['ops'],
        summary: "Give up a move's attempt and book its scenario again for a new time, in one transaction",
        description:
          'Every move of the scenario gets cancel_status "rescheduled" and cancel_reason; a new booking with the same ' +
          'vehicles, places and customer is made for the new time; move.rescheduled is sent once per original move, ' +
          'its data the same object as this answer. Without force the new time must fit a driver\'s shift (409 slot_unavailable).',
        security: BEARER,
        params: IdParams,
        body: RescheduleBody,
        // 409: move_not_modifiable, slot_unavailable, or an Idempotency-Key still running.
        response: { 200: RescheduleAnswer, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const moveId = pathId(request.params.id, moveNotFound);
      const command = readRescheduleCommand(bodyObject(request.body), deps.clock.now());
      return sendJson(reply, await deps.reschedule.reschedule(request.auth, moveId, command, answerInTransaction(request)));
    },
  );
}
