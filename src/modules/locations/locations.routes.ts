import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Database } from '../../db/database.ts';
import type { Authenticator } from '../../http/auth.ts';
import { notFound } from '../../lib/errors.ts';
import { FieldReader, parseId, Problems, queryInteger } from '../../lib/validation.ts';
import { READER_ROLES } from '../clients/roles.ts';
import { locationDocument } from '../moves/move-document.ts';
import { LocationSchema } from '../moves/move-document.schema.ts';
import { findLocation, searchLocations } from './locations.repository.ts';

export function locationsRoutes(
  app: FastifyInstance,
  deps: { auth: Authenticator; database: Database; publicUrl: string },
): void {
  const common = { onRequest: deps.auth.guard(READER_ROLES) };

  app.get(
    '/v1/locations/:id',
    {
      ...common,
      schema: {
        tags: ['locations'],
        summary: 'A standardized, geocoded location',
        security: [{ bearer: [] }],
        params: Type.Object({ id: Type.String() }),
        response: { 200: LocationSchema },
      },
    },
    async (request) => {
      const id = parseId((request.params as { id: string }).id);
      const row = id === null ? undefined : await findLocation(deps.database.db, id, request.auth.rooftopIds);
      if (!row) throw notFound('location');
      return locationDocument(row, deps.publicUrl);
    },
  );

  app.get(
    '/v1/locations',
    {
      ...common,
      schema: {
        tags: ['locations'],
        summary: "The rooftop's locations, optionally filtered by a search text",
        security: [{ bearer: [] }],
        querystring: Type.Object({
          search: Type.Optional(Type.String()),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
        }),
        response: { 200: Type.Object({ locations: Type.Array(LocationSchema) }) },
      },
    },
    async (request) => {
      const problems = new Problems();
      const query = new FieldReader(problems, request.query as Record<string, unknown>);
      const search = query.string('search', { required: false, max: 200 });
      const limit = queryInteger(query, 'limit', 1, 500) ?? 100;
      const offset = queryInteger(query, 'offset', 0, 1_000_000) ?? 0;
      problems.throwIfAny();
      const rows = await searchLocations(deps.database.db, {
        rooftopIds: request.auth.rooftopIds,
        search,
        limit,
        offset,
      });
      return { locations: rows.map((l) => locationDocument(l, deps.publicUrl)) };
    },
  );
}
