// GET /v1/ops/drivers/on-shift (ours): who is on shift right now and where each was last seen, for
// the ops desk's live map. The shift scope is the shift list's; where a driver is, drivers/driver-scope.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Executor } from '../../db/executor.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { OPS_ROLES } from '../clients/roles.ts';
import { DriversOnShiftSchema } from './on-shift.document.ts';
import { driversOnShift } from './on-shift.service.ts';

export function driversOnShiftRoutes(app: FastifyInstance, deps: { auth: Authenticator; db: Executor; clock: Clock }): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/v1/ops/drivers/on-shift',
    {
      onRequest: deps.auth.guard(OPS_ROLES),
      schema: {
        operationId: 'listDriversOnShift',
        tags: ['drivers'],
        summary: 'The active drivers on shift now, each with the shift and their last known position',
        description:
          "An ops client scoped to rooftops sees the drivers on a shift for every rooftop or for its rooftops' regions, " +
          "and a driver's last_location only while the driver is on an unfinished move of its rooftops; otherwise null.",
        security: BEARER,
        response: { 200: DriversOnShiftSchema, ...errorResponses(401, 403, 429, 500) },
      },
    },
    async (request) => driversOnShift(deps.db, request.auth, deps.clock.now()),
  );
}
