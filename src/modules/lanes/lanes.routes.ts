import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Database } from '../../db/database.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import { notFound } from '../../lib/errors.ts';
import { IdParams } from '../../lib/schema-types.ts';
import { parseId } from '../../lib/validation.ts';
import { READER_ROLES } from '../clients/roles.ts';
import { locationDocument, LocationSchema } from '../locations/location-document.ts';
import { findLocationsByIds } from '../locations/locations.repository.ts';
import { findLane } from './lanes.repository.ts';

const LaneSchema = Type.Object({
  lane_id: Type.Integer(),
  lane_uri: Type.String(),
  locations: Type.Array(LocationSchema),
  distance_miles: Type.Number(),
  duration_minutes: Type.Number(),
  estimator: Type.String(),
});

export function lanesRoutes(app: FastifyInstance, deps: { auth: Authenticator; database: Database; publicUrl: string }): void {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/v1/lanes/:id',
    {
      onRequest: deps.auth.guard(READER_ROLES),
      schema: {
        operationId: 'getLane',
        tags: ['lanes'],
        summary: 'A lane: the route between two locations (an unordered pair)',
        security: BEARER,
        params: IdParams,
        response: { 200: LaneSchema, ...errorResponses(401, 403, 404, 429, 500) },
      },
    },
    async (request) => {
      const id = parseId(request.params.id);
      const lane = id === null ? undefined : await findLane(deps.database.db, id, request.auth.rooftopIds);
      if (!lane) throw notFound('lane');
      const locations = await findLocationsByIds(deps.database.db, [lane.location_a_id, lane.location_b_id]);
      locations.sort((a, b) => a.id - b.id);
      return {
        lane_id: lane.id,
        lane_uri: `${deps.publicUrl}/v1/lanes/${lane.id}`,
        locations: locations.map((l) => locationDocument(l, deps.publicUrl)),
        distance_miles: lane.distance_miles,
        duration_minutes: lane.duration_minutes,
        estimator: lane.estimator,
      };
    },
  );
}
