// Dispatch and cancelation over HTTP (spec §7). Thin: parse, call the lifecycle service.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Authenticator } from '../../auth/authenticator.ts';
import { bodyObject } from '../../../http/body.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import { moveNotFound } from '../../../lib/errors.ts';
import { IdParams } from '../../../lib/schema-types.ts';
import { FieldReader, parseId, Problems } from '../../../lib/validation.ts';
import { EDIT_ROLES, OPS_ROLES } from '../../clients/roles.ts';
import { MOVE_TYPES } from '../booking/move-types.ts';
import { scenarioDocumentSchema } from '../move-document.schema.ts';
import { CancelationBody, CancelDecisionBody, DispatchBody } from './lifecycle.schemas.ts';
import type { LifecycleService } from './lifecycle.service.ts';
import { CANCEL_OUTCOMES } from './state-machine.ts';

const ScenarioDocument = Type.Union(MOVE_TYPES.map(scenarioDocumentSchema));

function readBody<T>(body: unknown, read: (r: FieldReader) => T): T {
  const problems = new Problems();
  const value = read(FieldReader.root(problems, bodyObject(body)));
  problems.throwIfAny();
  return value;
}

const pathMoveId = (params: { id: string }) => {
  const id = parseId(params.id);
  if (id === null) throw moveNotFound();
  return id;
};

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
      const moveId = pathMoveId(request.params);
      const driverId = readBody(request.body, (r) => r.integer('driver_id', { required: true }))!;
      return sendJson(reply, await deps.lifecycle.dispatch(request.auth, moveId, driverId));
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
      const moveId = pathMoveId(request.params);
      const outcome = readBody(request.body, (r) => r.oneOf('outcome', CANCEL_OUTCOMES, { required: true }))!;
      return sendJson(reply, await deps.lifecycle.decideCancel(request.auth, moveId, outcome));
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
        security: BEARER,
        body: CancelationBody,
        response: {
          200: Type.Object({ move_id: Type.Integer(), cancel_status: Type.Literal('pending') }),
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500),
        },
      },
    },
    async (request) => {
      const moveId = readBody(request.body, (r) => r.integer('move_id', { required: true }))!;
      await deps.lifecycle.requestCancel(request.auth, moveId);
      return { move_id: moveId, cancel_status: 'pending' as const };
    },
  );
}
