// GET /v1/ops/cancelations (ours): the cancelations awaiting a decision, for the ops desk's portal page.
import type { FastifyInstance } from 'fastify';
import type { Executor } from '../../db/executor.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import { sendJson } from '../../http/send-json.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { OPS_ROLES } from '../clients/roles.ts';
import { pendingCancelationsJson, PendingCancelationsSchema } from './pending-cancelations.schemas.ts';
import { PendingCancelationsService } from './pending-cancelations.service.ts';

export function pendingCancelationsRoutes(app: FastifyInstance, deps: { auth: Authenticator; db: Executor; decisionDelayMs: number }): void {
  const service = new PendingCancelationsService({ db: deps.db, decisionDelayMs: deps.decisionDelayMs });
  app.get(
    '/v1/ops/cancelations',
    {
      onRequest: deps.auth.guard(OPS_ROLES),
      schema: {
        operationId: 'listPendingCancelations',
        tags: ['ops'],
        summary: 'The cancelations awaiting a decision, one per booking, oldest request first',
        description:
          'A cancelation stays pending until ops decide it (POST /v1/ops/moves/{id}/cancel-decision) or the rule does at rule_decides_at. ' +
          'fees says what each outcome would charge. An ops client scoped to rooftops sees only those.',
        security: BEARER,
        response: { 200: PendingCancelationsSchema, ...errorResponses(401, 403, 429, 500) },
      },
    },
    async (request, reply) => sendJson(reply, pendingCancelationsJson(await service.list(request.auth.rooftopIds))),
  );
}
