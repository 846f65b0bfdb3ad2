// POST /v1/mock/:moveId (spec §7): registered only when the server runs with SANDBOX=1, so in
// production the path does not exist (404).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Authenticator } from '../auth/authenticator.ts';
import { readBody } from '../../http/body.ts';
import { answerInTransaction } from '../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import { sendJson } from '../../http/send-json.ts';
import { moveNotFound } from '../../lib/errors.ts';
import { pathId } from '../../lib/validation.ts';
import { READER_ROLES } from '../clients/roles.ts';
import { SEQUENCES } from './sandbox-plan.ts';
import { INTERVAL, MockAnswer, MockBody, MockParams } from './sandbox.schemas.ts';
import type { SandboxService } from './sandbox.service.ts';

export function sandboxRoutes(app: FastifyInstance, deps: { auth: Authenticator; sandbox: SandboxService }): void {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/v1/mock/:moveId',
    {
      onRequest: deps.auth.guard(READER_ROLES),
      schema: {
        operationId: 'runSandboxSequence',
        tags: ['sandbox'],
        summary: 'Sandbox only: walk a new booking through real state changes, `interval` ms apart',
        security: BEARER,
        params: MockParams,
        body: MockBody,
        response: {
          200: MockAnswer,
          // 409: move_not_modifiable (not a new booking), or an Idempotency-Key still running.
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500),
        },
      },
    },
    async (request, reply) => {
      const moveId = pathId(request.params.moveId, moveNotFound);
      const { sequence, interval } = readBody(request.body, (body) => ({
        sequence: body.oneOf('sequence', SEQUENCES, { required: true })!,
        interval: body.integer('interval', { required: false, min: INTERVAL.min, max: INTERVAL.max }) ?? INTERVAL.default,
      }));
      return sendJson(reply, await deps.sandbox.start(request.auth, moveId, sequence, interval, answerInTransaction(request)));
    },
  );
}
