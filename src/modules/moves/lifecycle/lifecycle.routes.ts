// Dispatch and cancelation over HTTP (spec §7). Thin: parse, call the lifecycle service.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Authenticator } from '../../auth/authenticator.ts';
import { readBody } from '../../../http/body.ts';
import { answerInTransaction } from '../../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import { moveNotFound } from '../../../lib/errors.ts';
import { IdParams } from '../../../lib/schema-types.ts';
import { pathId } from '../../../lib/validation.ts';
import { EDIT_ROLES, OPS_ROLES } from '../../clients/roles.ts';
import { MOVE_TYPES } from '../booking/move-types.ts';
import { scenarioDocumentSchema } from '../move-document.schema.ts';
import { CancelationAnswer, CancelationBody, CancelationPreview, CancelDecisionBody, DispatchBody } from './lifecycle.schemas.ts';
import type { LifecycleService } from './lifecycle.service.ts';
import { CANCEL_OUTCOMES } from './state-machine.ts';

const ScenarioDocument = Type.Union(MOVE_TYPES.map(scenarioDocumentSchema));

export function lifecycleRoutes(app: FastifyInstance, deps: { auth: Authenticator; lifecycle: LifecycleService }): void {
  const ops = deps.auth.guard(OPS_ROLES);
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/v1/ops/moves/:id/dispatch',
    {
      onRequest: ops,
      schema: {
        operationId: 'dispatchMove',
        tags: ['ops'],
        summary: "Assign a driver to every move of the move's scenario",
        security: BEARER,
        params: IdParams,
        body: DispatchBody,
        // 409: move_not_modifiable, or an Idempotency-Key still running.
        response: { 200: ScenarioDocument, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const moveId = pathId(request.params.id, moveNotFound);
      const driverId = readBody(request.body, (r) => r.integer('driver_id', { required: true }))!;
      return sendJson(reply, await deps.lifecycle.dispatch(request.auth, moveId, driverId, answerInTransaction(request)));
    },
  );

  api.post(
    '/v1/ops/moves/:id/cancel-decision',
    {
      onRequest: ops,
      schema: {
        operationId: 'decideMoveCancelation',
        tags: ['ops'],
        summary: 'Decide a pending cancelation now, overriding the automatic rule',
        security: BEARER,
        params: IdParams,
        body: CancelDecisionBody,
        response: { 200: ScenarioDocument, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const moveId = pathId(request.params.id, moveNotFound);
      const outcome = readBody(request.body, (r) => r.oneOf('outcome', CANCEL_OUTCOMES, { required: true }))!;
      return sendJson(reply, await deps.lifecycle.decideCancel(request.auth, moveId, outcome, answerInTransaction(request)));
    },
  );

  api.post(
    '/v1/cancelation',
    {
      onRequest: deps.auth.guard(EDIT_ROLES),
      schema: {
        operationId: 'cancelMove',
        tags: ['moves'],
        summary: 'Ask to cancel a move (both legs of a pair together); the outcome follows as an event',
        description:
          'With `"dry_run": true` (ours, spec §12.2): nothing changes; the answer is the outcome a cancelation decided now would have and its fee, ' +
          'or the refusal a real request would get. A cancelation decided in that same state charges exactly that fee.',
        security: BEARER,
        body: CancelationBody,
        response: { 200: Type.Union([CancelationAnswer, CancelationPreview]), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const { moveId, dryRun } = readBody(request.body, (r) => ({
        moveId: r.integer('move_id', { required: true })!,
        dryRun: r.boolean('dry_run', { required: false }) === true,
      }));
      if (dryRun) return sendJson(reply, await deps.lifecycle.previewCancel(request.auth, moveId));
      return sendJson(reply, await deps.lifecycle.requestCancel(request.auth, moveId, answerInTransaction(request)));
    },
  );
}
