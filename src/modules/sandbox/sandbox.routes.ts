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
import { readSandboxCharge } from '../billing/charge-desk/charge-desk-request.ts';
import { ADD_CHARGE, SEQUENCES } from './sandbox-plan.ts';
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
        summary: 'Sandbox only: walk a new booking through real state changes, `interval` ms apart; or add a charge line (add-charge)',
        description:
          'add-charge (needs accessorialCode and amount) changes the move\'s charge at once, as POST /v1/ops/moves/:id/charges does with ' +
          'that code and amount (ACCESSORIAL, DRY_RUN: the contract\'s dry_run_fee, DISCOUNT), by "sandbox", on a move at any stage; ' +
          'accessorialCode and amount are read whenever sent and ignored by the other sequences.',
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
      const { sequence, interval, charge } = readBody(request.body, (body) => {
        const sequence = body.oneOf('sequence', SEQUENCES, { required: true })!;
        const interval = body.integer('interval', { required: false, min: INTERVAL.min, max: INTERVAL.max }) ?? INTERVAL.default;
        return { sequence, interval, charge: readSandboxCharge(body, sequence === ADD_CHARGE) };
      });
      const options = answerInTransaction(request);
      const json =
        sequence === ADD_CHARGE
          ? await deps.sandbox.addCharge(request.auth, moveId, charge!, interval, options)
          : await deps.sandbox.start(request.auth, moveId, sequence, interval, options);
      return sendJson(reply, json);
    },
  );
}
