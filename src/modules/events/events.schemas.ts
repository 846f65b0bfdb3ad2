// Request schemas of GET /v1/events and GET /v1/events/:id, for the OpenAPI document, and the
// limits the route reads the query with.
import Type from 'typebox';
import { QueryInteger, Unchecked } from '../../lib/schema-types.ts';
import { PAGE_LIMIT } from '../../lib/validation.ts';

/** The longest `from` and `cursor` taken (ours are `e<log position>`). */
export const FROM_MAX = 40;
export const CURSOR_MAX = 40;

export const EventsQuery = Unchecked(
  Type.Object({
    from: Type.Optional(Type.String({ format: 'date-time', maxLength: FROM_MAX, description: 'events created at or after' })),
    limit: Type.Optional(QueryInteger(PAGE_LIMIT)),
    cursor: Type.Optional(Type.String({ maxLength: CURSOR_MAX, description: 'The next_cursor of the previous page' })),
  }),
);

/** An event id is a UUID; anything else is answered as not found. */
export const EventIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
