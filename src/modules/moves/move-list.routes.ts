// GET /v1/moves (spec §6): the rooftop's moves, newest first, keyset-paginated by move id so
// moves booked while a client pages never shift the pages (no duplicates, no gaps).
import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import type { Database } from '../../db/database.ts';
import type { Authenticator } from '../../http/auth.ts';
import { formatInstant } from '../../lib/instant.ts';
import { Instant, NullableInstant, NullableString } from '../../lib/schema-types.ts';
import { READER_ROLES } from '../clients/roles.ts';
import { moveDocument } from './move-document.ts';
import { MoveSchema } from './move-document.schema.ts';
import { DEFAULT_LIMIT, encodeCursor, MAX_LIMIT, readMoveListQuery, STATUS_FILTERS } from './move-list.ts';
import { listMoves } from './move-list.repository.ts';

/** A move exactly as in its booking document, then its scenario's two times. */
export const MoveListItemSchema = Type.Object(
  {
    ...MoveSchema.properties,
    ready_by_time_utc: Instant(),
    appointment_time_utc: NullableInstant(),
  },
  { title: 'move list item' },
);

export const MoveListSchema = Type.Object({
  moves: Type.Array(MoveListItemSchema),
  next_cursor: NullableString({ description: 'Send as `cursor` for the next page; null on the last page' }),
});

export function moveListRoutes(
  app: FastifyInstance,
  deps: { auth: Authenticator; database: Database; publicUrl: string },
): void {
  app.get(
    '/v1/moves',
    {
      onRequest: deps.auth.guard(READER_ROLES),
      schema: {
        tags: ['moves'],
        summary: "The rooftop's moves, newest first, cursor paginated",
        security: [{ bearer: [] }],
        // Documentation only: the app's validator is off and readMoveListQuery applies spec §4.
        querystring: Type.Object({
          status: Type.Optional(
            Type.String({ enum: [...STATUS_FILTERS], description: '`booked` = moves whose status is still null' }),
          ),
          reference_id: Type.Optional(Type.String({ description: 'Exact match on the move reference' })),
          from: Type.Optional(Type.String({ format: 'date-time', description: 'ready_by_time_utc at or after' })),
          to: Type.Optional(Type.String({ format: 'date-time', description: 'ready_by_time_utc before' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
          cursor: Type.Optional(Type.String({ description: 'The next_cursor of the previous page' })),
        }),
        response: { 200: MoveListSchema },
      },
    },
    async (request): Promise<Static<typeof MoveListSchema>> => {
      const q = readMoveListQuery(request.query);
      const page = await listMoves(deps.database.db, { ...q, rooftopIds: request.auth.rooftopIds });
      const last = page.items.at(-1);
      return {
        moves: page.items.map(({ move, view }) => ({
          ...moveDocument(move, view, deps.publicUrl),
          ready_by_time_utc: formatInstant(view.scenario.ready_by_time),
          appointment_time_utc:
            view.scenario.appointment_time === null ? null : formatInstant(view.scenario.appointment_time),
        })),
        next_cursor: page.hasMore && last ? encodeCursor(last.move.id) : null,
      };
    },
  );
}
