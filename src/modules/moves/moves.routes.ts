import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Authenticator } from '../../http/auth.ts';
import { sendJson } from '../../http/send-json.ts';
import { moveNotFound } from '../../lib/errors.ts';
import { parseId } from '../../lib/validation.ts';
import type { Database } from '../../db/database.ts';
import { READER_ROLES } from '../clients/roles.ts';
import { scenarioDocument } from './move-document.ts';
import { scenarioDocumentSchema } from './move-document.schema.ts';
import { MOVE_TYPES, moveTypeOf, serializeDocument } from './booking/move-types.ts';
import { loadScenarioOfMove } from './moves.repository.ts';

export function movesRoutes(app: FastifyInstance, deps: { auth: Authenticator; database: Database; publicUrl: string }): void {
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
      const view = id === null ? undefined : await loadScenarioOfMove(deps.database.db, id, request.auth.rooftopIds);
      if (!view) throw moveNotFound();
      const type = moveTypeOf(view.scenario.kind);
      return sendJson(reply, serializeDocument(type.kind, scenarioDocument(view, type, deps.publicUrl)));
    },
  );
}
