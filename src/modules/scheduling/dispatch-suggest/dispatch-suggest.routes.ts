// POST /v1/ops/dispatch/suggest (spec §11.2): drivers ranked for a move's trip. Thin: read, ask, answer.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../db/database.ts';
import { readBody } from '../../../http/body.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { OPS_ROLES } from '../../clients/roles.ts';
import type { OccupancyRules } from '../capacity/occupancy.ts';
import { DispatchSuggestService } from './dispatch-suggest.service.ts';
import { SuggestAnswerSchema, SuggestBody } from './suggest-document.ts';

export function dispatchSuggestRoutes(app: FastifyInstance, deps: { auth: Authenticator; database: Database; occupancy: OccupancyRules }): void {
  const service = new DispatchSuggestService({ database: deps.database, occupancy: deps.occupancy });
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/v1/ops/dispatch/suggest',
    {
      onRequest: deps.auth.guard(OPS_ROLES),
      schema: {
        operationId: 'suggestDrivers',
        tags: ['ops'],
        summary: "Drivers ranked for a move's trip, and why the others cannot take it",
        description:
          'A driver fits when on shift for the whole trip (a shift serving its rooftop), able to drive its transmission and free ' +
          '(no other assigned trip overlapping); those are ranked by great-circle miles to the first pickup from where they will be. ' +
          'Each other driver is listed under excluded with the first reason that applies: inactive, cannot_drive_manual, not_on_shift, busy.',
        security: BEARER,
        body: SuggestBody,
        // 409: move_not_modifiable (finished, canceled, cancelation pending or started), or an Idempotency-Key still running.
        response: { 200: SuggestAnswerSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const moveId = readBody(request.body, (r) => r.integer('move_id', { required: true }))!;
      return sendJson(reply, await service.suggest(request.auth, moveId));
    },
  );
}
