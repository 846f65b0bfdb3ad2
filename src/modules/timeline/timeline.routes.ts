// GET /v1/moves/:id/timeline: everything that happened to the move's scenario (both legs of a
// pair), oldest first, cursor paginated. Read like GET /v1/moves/:id: the rooftop's dealers and its
// ops desk; another rooftop's move is move_invalid (404), a driver is refused (403) as there.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { Database } from '../../db/database.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import { moveNotFound } from '../../lib/errors.ts';
import { IdParams } from '../../lib/schema-types.ts';
import { pathId } from '../../lib/validation.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { READER_ROLES } from '../clients/roles.ts';
import { encodeTimelineCursor, readTimelineQuery } from './timeline-query.ts';
import { TimelineQuerySchema, TimelineSchema } from './timeline.schemas.ts';
import { TimelineService } from './timeline.service.ts';

export function timelineRoutes(app: FastifyInstance, deps: { auth: Authenticator; database: Database }): void {
  const timeline = new TimelineService({ database: deps.database });
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/v1/moves/:id/timeline',
    {
      onRequest: deps.auth.guard(READER_ROLES),
      schema: {
        operationId: 'getMoveTimeline',
        tags: ['moves'],
        summary: "Everything that happened to the move's scenario, oldest first, cursor paginated",
        description:
          "Events, customer texts, the customer's replies and opt-outs, webhook delivery attempts, the positions the driver reported " +
          'with each step and the trail reported while the move was under way (driver.location: the first report of each 2-minute ' +
          'span and the latest), photos, signed condition reports and the quoted charge of both moves of a pair, ordered by `at`, ' +
          'then by source, then by id.',
        security: BEARER,
        params: IdParams,
        // Documentation only: the app's validator is off and readTimelineQuery applies spec §4.
        querystring: TimelineQuerySchema,
        response: { 200: TimelineSchema, ...errorResponses(400, 401, 403, 404, 429, 500) },
      },
    },
    async (request): Promise<Static<typeof TimelineSchema>> => {
      const moveId = pathId(request.params.id, moveNotFound);
      const query = readTimelineQuery(request.query);
      const page = await timeline.page(moveId, request.auth.rooftopIds, query);
      return {
        timeline: page.items as Static<typeof TimelineSchema>['timeline'],
        next_cursor: page.nextAfter === null ? null : encodeTimelineCursor(page.nextAfter),
      };
    },
  );
}
