import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Database } from '../../db/database.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import { notFound } from '../../lib/errors.ts';
import { IdParams } from '../../lib/schema-types.ts';
import { FieldReader, INTEGER_RANGE, PAGE_LIMIT, PAGE_OFFSET, parseId, Problems, queryInteger } from '../../lib/validation.ts';
import { READER_ROLES } from '../clients/roles.ts';
import { locationResource, LocationResourceSchema } from './location-document.ts';
import { findLocation, searchLocations } from './locations.repository.ts';
import { LocationSearchQuery, SEARCH_MAX } from './locations.schemas.ts';

export function locationsRoutes(
  app: FastifyInstance,
  deps: { auth: Authenticator; database: Database; publicUrl: string },
): void {
  const common = { onRequest: deps.auth.guard(READER_ROLES) };
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/v1/locations/:id',
    {
      ...common,
      schema: {
        operationId: 'getLocation',
        tags: ['locations'],
        summary: 'A standardized, geocoded location',
        security: BEARER,
        params: IdParams,
        response: { 200: LocationResourceSchema, ...errorResponses(401, 403, 404, 429, 500) },
      },
    },
    async (request) => {
      const id = parseId(request.params.id);
      const row = id === null ? undefined : await findLocation(deps.database.db, id, request.auth.rooftopIds);
      if (!row) throw notFound('location');
      return locationResource(row, deps.publicUrl);
    },
  );

  api.get(
    '/v1/locations',
    {
      ...common,
      schema: {
        operationId: 'listLocations',
        tags: ['locations'],
        summary: "The rooftop's locations, optionally filtered by a search text or a region",
        description: "region_id: only the locations in that region; another rooftop's region (or an unknown one) gives an empty list.",
        security: BEARER,
        querystring: LocationSearchQuery,
        response: { 200: Type.Object({ locations: Type.Array(LocationResourceSchema) }), ...errorResponses(400, 401, 403, 429, 500) },
      },
    },
    async (request) => {
      const problems = new Problems();
      const query = FieldReader.root(problems, request.query);
      const search = query.string('search', { required: false, max: SEARCH_MAX });
      const limit = queryInteger(query, 'limit', PAGE_LIMIT.min, PAGE_LIMIT.max) ?? PAGE_LIMIT.default;
      const offset = queryInteger(query, 'offset', PAGE_OFFSET.min, PAGE_OFFSET.max) ?? PAGE_OFFSET.default;
      const regionId = queryInteger(query, 'region_id', INTEGER_RANGE.min, INTEGER_RANGE.max);
      problems.throwIfAny();
      const rows = await searchLocations(deps.database.db, {
        rooftopIds: request.auth.rooftopIds,
        search,
        regionId,
        limit,
        offset,
      });
      return { locations: rows.map((l) => locationResource(l, deps.publicUrl)) };
    },
  );
}
