// GET /v1/moves (spec §6): the rooftop's moves, newest first, keyset-paginated by move id so
// moves booked while a client pages never shift the pages (no duplicates, no gaps).
import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import { formatInstant } from '../../lib/instant.ts';
import { nextCursor } from '../../lib/keyset.ts';
import { Instant, NullableInstant, NullableString } from '../../lib/schema-types.ts';
import { READER_ROLES } from '../clients/roles.ts';
import { dealerMoveDocument } from './move-document.ts';
import { DealerMoveSchema } from './move-document.schema.ts';
import { encodeCursor, readMoveListQuery } from './move-list.ts';
import { MoveListQuery } from './moves.schemas.ts';
import { listMoves } from './move-list.repository.ts';

/**
 * A move exactly as in its booking document, then its scenario's two times and (ours) its customer's
 * name, so a list found by a customer's name shows whose each move is without a GET per row.
 */
export const MoveListItemSchema = Type.Object(
  {
    ...DealerMoveSchema.properties,
    ready_by_time_utc: Instant(),
    appointment_time_utc: NullableInstant(),
    customer_name: NullableString({ description: "The scenario's customer (Concierge and Concierge + Loaner); null for One-way and Round-trip" }),
  },
  { title: 'move list item' },
);

export const MoveListSchema = Type.Object({
  moves: Type.Array(MoveListItemSchema),
  next_cursor: NullableString({ description: 'Send as `cursor` for the next page; null on the last page' }),
});

export function moveListRoutes(
  app: FastifyInstance,
  deps: { auth: Authenticator; database: Database; publicUrl: string; clock: Clock },
): void {
  app.get(
    '/v1/moves',
    {
      onRequest: deps.auth.guard(READER_ROLES),
      schema: {
        operationId: 'listMoves',
        tags: ['moves'],
        summary: "The rooftop's moves, newest first, cursor paginated",
        security: BEARER,
        // Documentation only: the app's validator is off and readMoveListQuery applies spec §4.
        querystring: MoveListQuery,
        response: { 200: MoveListSchema, ...errorResponses(400, 401, 403, 429, 500) },
      },
    },
    async (request): Promise<Static<typeof MoveListSchema>> => {
      const q = readMoveListQuery(request.query);
      const page = await listMoves(deps.database.db, { ...q, rooftopIds: request.auth.rooftopIds });
      const links = { publicUrl: deps.publicUrl, now: deps.clock.now() };
      return {
        moves: page.items.map(({ move, view }) => ({
          ...dealerMoveDocument(move, view, links),
          ready_by_time_utc: formatInstant(view.scenario.ready_by_time),
          appointment_time_utc:
            view.scenario.appointment_time === null ? null : formatInstant(view.scenario.appointment_time),
          customer_name: view.scenario.customer_name,
        })),
        next_cursor: nextCursor({ page: page.items, hasMore: page.hasMore }, (last) => encodeCursor(last.move.id)),
      };
    },
  );
}
