// POST /v1/mock/:moveId (spec §7): registered only when the server runs with SANDBOX=1, so in
// production the path does not exist (404).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Authenticator } from '../auth/authenticator.ts';
import { bodyObject } from '../../http/body.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import { moveNotFound } from '../../lib/errors.ts';
import { FieldReader, parseId, Problems } from '../../lib/validation.ts';
import { READER_ROLES } from '../clients/roles.ts';
import { SEQUENCES } from './sandbox-plan.ts';
import { INTERVAL, MockBody, MockParams } from './sandbox.schemas.ts';
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
          200: Type.Object({
            move_id: Type.Integer(),
            sequence: Type.String(),
            interval: Type.Integer(),
            actions: Type.Integer({ description: 'How many state changes the sequence will make' }),
          }),
          // 409: move_not_modifiable (not a new booking), or an Idempotency-Key still running.
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500),
        },
      },
    },
    async (request) => {
      const moveId = parseId(request.params.moveId);
      if (moveId === null) throw moveNotFound();
      const problems = new Problems();
      const body = FieldReader.root(problems, bodyObject(request.body));
      const sequence = body.oneOf('sequence', SEQUENCES, { required: true });
      const interval = body.integer('interval', { required: false, min: INTERVAL.min, max: INTERVAL.max }) ?? INTERVAL.default;
      problems.throwIfAny();
      const actions = await deps.sandbox.start(request.auth, moveId, sequence!, interval);
      return { move_id: moveId, sequence: sequence!, interval, actions };
    },
  );
}
