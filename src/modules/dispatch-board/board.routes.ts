// GET /v1/ops/board (ours): the ops dispatch board of a day. Thin: read the query, ask, answer.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Executor } from '../../db/executor.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import { sendJson } from '../../http/send-json.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { OPS_ROLES } from '../clients/roles.ts';
import { BoardSchema } from './board-document.ts';
import { readBoardQuery } from './board-request.ts';
import { BoardService } from './board.service.ts';

const BoardQuerySchema = Type.Object({
  date: Type.String({ format: 'date', maxLength: 10, description: "The local day, YYYY-MM-DD, in each rooftop's own time zone" }),
  rooftop_id: Type.Optional(Type.String({ pattern: '^[0-9]+$', maxLength: 20, description: 'Only this rooftop (one of yours); default: every one of yours' })),
});

export function dispatchBoardRoutes(app: FastifyInstance, deps: { auth: Authenticator; db: Executor; clock: Clock }): void {
  const service = new BoardService({ db: deps.db, clock: deps.clock });
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/v1/ops/board',
    {
      onRequest: deps.auth.guard(OPS_ROLES),
      schema: {
        operationId: 'getDispatchBoard',
        tags: ['ops'],
        summary: "A day's scenarios as dispatch columns: unassigned, dispatched, in progress, done, attention",
        description:
          "A scenario is on the day its ready-by time falls on in its rooftop's time zone; rescheduled attempts are left off (the new " +
          'booking is on its own day). attention holds the scenarios not done that are late (the ready-by passed before the driver ' +
          'reached the first pickup, or the customer cannot be reached by the appointment) or whose driver, who should be driving, ' +
          'has sent no position for 10 minutes; each card says why. An ops client scoped to rooftops sees only those.',
        security: BEARER,
        querystring: BoardQuerySchema,
        response: { 200: BoardSchema, ...errorResponses(400, 401, 403, 429, 500) },
      },
    },
    async (request, reply) => sendJson(reply, await service.board(readBoardQuery(request.query, request.auth))),
  );
}
