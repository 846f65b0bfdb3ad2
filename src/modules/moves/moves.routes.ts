import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Authenticator } from '../auth/authenticator.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import { sendJson } from '../../http/send-json.ts';
import { moveNotFound } from '../../lib/errors.ts';
import { IdParams } from '../../lib/schema-types.ts';
import { pathId } from '../../lib/validation.ts';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../lib/clock.ts';
import { EDIT_ROLES, READER_ROLES } from '../clients/roles.ts';
import { bodyObject } from '../../http/body.ts';
import type { MoveEditService } from './move-edit.service.ts';
import { readMovePatch } from './move-edit-request.ts';
import { scenarioDocumentSchema } from './move-document.schema.ts';
import { MOVE_KINDS } from './kinds/move-kinds.ts';
import { MovePatchBody } from './moves.schemas.ts';
import { readDocumentOfMove } from './scenario-document.ts';

export function movesRoutes(
  app: FastifyInstance,
  deps: { auth: Authenticator; database: Database; publicUrl: string; clock: Clock; edits: MoveEditService },
): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/v1/moves/:id',
    {
      onRequest: deps.auth.guard(READER_ROLES),
      schema: {
        operationId: 'getMove',
        tags: ['moves'],
        summary: "The current document of the move's scenario, in its booking shape",
        security: BEARER,
        params: IdParams,
        response: { 200: Type.Union(MOVE_KINDS.map(scenarioDocumentSchema)), ...errorResponses(401, 403, 404, 429, 500) },
      },
    },
    async (request, reply) => {
      const id = pathId(request.params.id, moveNotFound);
      const json = await readDocumentOfMove(deps.database.db, id, request.auth.rooftopIds, { publicUrl: deps.publicUrl, now: deps.clock.now() });
      if (json === undefined) throw moveNotFound();
      return sendJson(reply, json);
    },
  );

  api.patch(
    '/v1/moves/:id',
    {
      onRequest: deps.auth.guard(EDIT_ROLES),
      schema: {
        operationId: 'updateMove',
        tags: ['moves'],
        summary: "Change a move's vehicle, reference or ready-by time (before pickup successful, while not canceled)",
        security: BEARER,
        params: IdParams,
        body: MovePatchBody,
        // 409: move_not_modifiable.
        response: { 200: Type.Union(MOVE_KINDS.map(scenarioDocumentSchema)), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 500) },
      },
    },
    async (request, reply) => {
      // The order decides which error wins: a malformed id (404), a body that is not a JSON object
      // (400), a move of another rooftop (404), a bad patch (400), a move past editing (409).
      const id = pathId(request.params.id, moveNotFound);
      const body = bodyObject(request.body);
      const target = await deps.edits.target(request.auth, id);
      return sendJson(reply, await deps.edits.edit(target, readMovePatch(body, target)));
    },
  );
}
