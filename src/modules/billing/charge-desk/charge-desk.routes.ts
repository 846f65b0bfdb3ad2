// The charge desk over HTTP (spec §12.2): ops add a line, a dry run or a discount and resolve
// disputes under /v1/ops/moves/:id/…; the dealer disputes a charge. Thin: parse, call the service.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { bodyObject } from '../../../http/body.ts';
import { answerInTransaction } from '../../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import { moveNotFound } from '../../../lib/errors.ts';
import { IdParams } from '../../../lib/schema-types.ts';
import { pathId } from '../../../lib/validation.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { OPS_ROLES, READER_ROLES } from '../../clients/roles.ts';
import { readDeskCommand, readDispute, readResolution } from './charge-desk-request.ts';
import { ChargeAnswer, ChargeCommandBody, DisputeBody, ResolveDisputeBody } from './charge-desk.schemas.ts';
import type { ChargeDeskService } from './charge-desk.service.ts';

const tags = ['charges'];
const security = BEARER;
// 409: move_not_modifiable (no charge, a canceled move, no dispute to resolve), charge_settled, or an Idempotency-Key still running.
const response = { 200: ChargeAnswer, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) };
const SCOPE_NOTE = "A move of a rooftop the client is not scoped to is a 404 (move_invalid). The answer is { move_id, charge }: the move's charge after the change.";
const NO_CHARGE_NOTE = 'A move no contract priced (booked with charge {}) has no charge to change: 409 move_not_modifiable.';

export function chargeDeskRoutes(app: FastifyInstance, deps: { auth: Authenticator; chargeDesk: ChargeDeskService }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const desk = deps.chargeDesk;

  api.post(
    '/v1/ops/moves/:id/charges',
    {
      onRequest: deps.auth.guard(OPS_ROLES),
      schema: {
        operationId: 'addMoveCharge',
        tags,
        summary: "Add a line, a dry run or a discount to a move's charge",
        description:
          'ACCESSORIAL adds a line (its basis names who added it and when); DRY_RUN marks an attempt a dry run, one line of the ' +
          "contract's dry_run_fee; DISCOUNT sets the discount (replacing any earlier one), at most the charge before it. The charge's " +
          'total stays the sum of its lines; charge.updated is sent with the move document. A settled charge is frozen (409 charge_settled); ' +
          `a canceled move's charge is 0 and takes nothing. ${NO_CHARGE_NOTE} ${SCOPE_NOTE}`,
        security,
        params: IdParams,
        body: ChargeCommandBody,
        response,
      },
    },
    async (request, reply) => {
      const moveId = pathId(request.params.id, moveNotFound);
      const command = readDeskCommand(bodyObject(request.body));
      return sendJson(reply, await desk.addCharge(request.auth, moveId, command, answerInTransaction(request)));
    },
  );

  api.post(
    '/v1/moves/:id/charge/dispute',
    {
      onRequest: deps.auth.guard(READER_ROLES),
      schema: {
        operationId: 'disputeMoveCharge',
        tags,
        summary: "Dispute a move's charge",
        description:
          'The charge gets disputed: true and dispute_reason; charge.disputed is sent with the move document. A settled charge may be ' +
          'disputed too: its lines do not change, and its invoice holds the amount apart (disputed_amount) and does not close until ops ' +
          `resolve it. Disputing again while open restates the reason. ${NO_CHARGE_NOTE} ${SCOPE_NOTE}`,
        security,
        params: IdParams,
        body: DisputeBody,
        response,
      },
    },
    async (request, reply) => {
      const moveId = pathId(request.params.id, moveNotFound);
      const reason = readDispute(bodyObject(request.body));
      return sendJson(reply, await desk.dispute(request.auth, moveId, reason, answerInTransaction(request)));
    },
  );

  api.post(
    '/v1/ops/moves/:id/charge/resolve-dispute',
    {
      onRequest: deps.auth.guard(OPS_ROLES),
      schema: {
        operationId: 'resolveMoveChargeDispute',
        tags,
        summary: "Resolve a move's charge dispute, with a discount or without",
        description:
          'The charge gets disputed: false (dispute_reason stays, as the history of what was disputed); discount_amount, when sent, sets ' +
          'the discount in the same step (not on a settled charge: 409 charge_settled), its reason the notes. charge.updated is sent with ' +
          `the move document. A charge that is not disputed: 409 move_not_modifiable. ${NO_CHARGE_NOTE} ${SCOPE_NOTE}`,
        security,
        params: IdParams,
        body: ResolveDisputeBody,
        response,
      },
    },
    async (request, reply) => {
      const moveId = pathId(request.params.id, moveNotFound);
      const resolution = readResolution(bodyObject(request.body));
      return sendJson(reply, await desk.resolve(request.auth, moveId, resolution, answerInTransaction(request)));
    },
  );
}
