// POST /v1/mock/:moveId (spec §7): registered only when the server runs with SANDBOX=1, so in
// production the path does not exist (404).
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Authenticator } from '../../http/auth.ts';
import { bodyObject } from '../../http/body.ts';
import { moveNotFound } from '../../lib/errors.ts';
import { FieldReader, parseId, Problems } from '../../lib/validation.ts';
import { READER_ROLES } from '../clients/roles.ts';
import { SEQUENCES } from './sandbox-plan.ts';
import type { SandboxService } from './sandbox.service.ts';

export function sandboxRoutes(app: FastifyInstance, deps: { auth: Authenticator; sandbox: SandboxService }): void {
  app.post(
    '/v1/mock/:moveId',
    {
      onRequest: deps.auth.guard(READER_ROLES),
      schema: {
        tags: ['sandbox'],
        summary: 'Sandbox only: walk a new booking through real state changes, `interval` ms apart',
        security: [{ bearer: [] }],
        params: Type.Object({ moveId: Type.String() }),
        body: Type.Object({
          sequence: Type.String({ enum: [...SEQUENCES] }),
          interval: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000, default: 1000 })),
        }),
        response: {
          200: Type.Object({
            move_id: Type.Integer(),
            sequence: Type.String(),
            interval: Type.Integer(),
            actions: Type.Integer({ description: 'How many state changes the sequence will make' }),
          }),
        },
      },
    },
    async (request) => {
      const moveId = parseId((request.params as { moveId: string }).moveId);
      if (moveId === null) throw moveNotFound();
      const problems = new Problems();
      const body = FieldReader.root(problems, bodyObject(request.body));
      const sequence = body.oneOf('sequence', SEQUENCES, { required: true });
      const interval = body.integer('interval', { required: false, min: 0, max: 60_000 }) ?? 1000;
      problems.throwIfAny();
      const actions = await deps.sandbox.start(request.auth, moveId, sequence!, interval);
      return { move_id: moveId, sequence: sequence!, interval, actions };
    },
  );
}
