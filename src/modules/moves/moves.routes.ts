import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Authenticator } from '../../http/auth.ts';
import { sendJson } from '../../http/send-json.ts';
import { moveNotFound } from '../../lib/errors.ts';
import { parseId } from '../../lib/validation.ts';
import type { Database } from '../../db/database.ts';
import { EDIT_ROLES, READER_ROLES } from '../clients/roles.ts';
import { bodyObject } from '../../http/body.ts';
import type { MoveEditService } from './move-edit.service.ts';
import { scenarioDocumentSchema } from './move-document.schema.ts';
import { MOVE_TYPES } from './booking/move-types.ts';
import { readDocumentOfMove } from './scenario-document.ts';

export function movesRoutes(
  app: FastifyInstance,
  deps: { auth: Authenticator; database: Database; publicUrl: string; edits: MoveEditService },
): void {
  app.get(
    '/v1/moves/:id',
    {
      onRequest: deps.auth.guard(READER_ROLES),
      schema: {
        tags: ['moves'],
        summary: "The current document of the move's scenario, in its booking shape",
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String() }),
        response: { 200: Type.Union(MOVE_TYPES.map(scenarioDocumentSchema)) },
      },
    },
    async (request, reply) => {
      const id = parseId((request.params as { id: string }).id);
      const json = id === null ? undefined : await readDocumentOfMove(deps.database.db, id, request.auth.rooftopIds, deps.publicUrl);
      if (json === undefined) throw moveNotFound();
      return sendJson(reply, json);
    },
  );

  app.patch(
    '/v1/moves/:id',
    {
      onRequest: deps.auth.guard(EDIT_ROLES),
      schema: {
        tags: ['moves'],
        summary: "Change a move's vehicle, reference or ready-by time (before pickup successful, while not canceled)",
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({
          vehicle_year: Type.Optional(Type.String()),
          vehicle_make: Type.Optional(Type.String()),
          vehicle_model: Type.Optional(Type.String()),
          vehicle_color: Type.Optional(Type.String()),
          vehicle_stock: Type.Optional(Type.String()),
          vehicle_vin: Type.Optional(Type.String()),
          ready_by: Type.Optional(Type.String({ format: 'date-time' })),
          reference_num: Type.Optional(Type.String()),
        }),
        response: { 200: Type.Union(MOVE_TYPES.map(scenarioDocumentSchema)) },
      },
    },
    async (request, reply) => {
      const id = parseId((request.params as { id: string }).id);
      if (id === null) throw moveNotFound();
      return sendJson(reply, await deps.edits.edit(request.auth, id, bodyObject(request.body)));
    },
  );
}
