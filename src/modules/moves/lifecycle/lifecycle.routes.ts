// Dispatch and cancelation over HTTP (spec §7). Thin: parse, call the lifecycle service.
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Authenticator } from '../../../http/auth.ts';
import { bodyObject } from '../../../http/body.ts';
import { sendJson } from '../../../http/send-json.ts';
import { moveNotFound } from '../../../lib/errors.ts';
import { FieldReader, parseId, Problems } from '../../../lib/validation.ts';
import { EDIT_ROLES, OPS_ROLES } from '../../clients/roles.ts';
import { MOVE_TYPES } from '../booking/move-types.ts';
import { scenarioDocumentSchema } from '../move-document.schema.ts';
import type { LifecycleService } from './lifecycle.service.ts';
import { CANCEL_OUTCOMES } from './state-machine.ts';

const ScenarioDocument = Type.Union(MOVE_TYPES.map(scenarioDocumentSchema));

function readBody<T>(body: unknown, read: (r: FieldReader) => T): T {
  const problems = new Problems();
  const value = read(FieldReader.root(problems, bodyObject(body)));
  problems.throwIfAny();
  return value;
}

const pathMoveId = (params: unknown) => {
  const id = parseId((params as { id: string }).id);
  if (id === null) throw moveNotFound();
  return id;
};

export function lifecycleRoutes(app: FastifyInstance, deps: { auth: Authenticator; lifecycle: LifecycleService }): void {
  const ops = deps.auth.guard(OPS_ROLES);

  app.post(
    '/v1/ops/moves/:id/dispatch',
    {
      onRequest: ops,
      schema: {
        tags: ['ops'],
        summary: "Assign a driver to every move of the move's scenario",
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({ driver_id: Type.Integer() }),
        response: { 200: ScenarioDocument },
      },
    },
    async (request, reply) => {
      const moveId = pathMoveId(request.params);
      const driverId = readBody(request.body, (r) => r.integer('driver_id', { required: true }))!;
      return sendJson(reply, await deps.lifecycle.dispatch(request.auth, moveId, driverId));
    },
  );

  app.post(
    '/v1/ops/moves/:id/cancel-decision',
    {
      onRequest: ops,
      schema: {
        tags: ['ops'],
        summary: 'Decide a pending cancelation now, overriding the automatic rule',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({ outcome: Type.String({ enum: [...CANCEL_OUTCOMES] }) }),
        response: { 200: ScenarioDocument },
      },
    },
    async (request, reply) => {
      const moveId = pathMoveId(request.params);
      const outcome = readBody(request.body, (r) => r.oneOf('outcome', CANCEL_OUTCOMES, { required: true }))!;
      return sendJson(reply, await deps.lifecycle.decideCancel(request.auth, moveId, outcome));
    },
  );

  app.post(
    '/v1/cancelation',
    {
      onRequest: deps.auth.guard(EDIT_ROLES),
      schema: {
        tags: ['moves'],
        summary: 'Ask to cancel a move (both legs of a pair together); the outcome follows as an event',
        security: [{ bearer: [] }],
        body: Type.Object({ move_id: Type.Integer() }),
        response: { 200: Type.Object({ move_id: Type.Integer(), cancel_status: Type.Literal('pending') }) },
      },
    },
    async (request) => {
      const moveId = readBody(request.body, (r) => r.integer('move_id', { required: true }))!;
      await deps.lifecycle.requestCancel(request.auth, moveId);
      return { move_id: moveId, cancel_status: 'pending' as const };
    },
  );
}
