// GET /v1/events and GET /v1/events/:id (spec §8): catch up on what happened, in log order.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Database } from '../../db/database.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import { sendJson } from '../../http/send-json.ts';
import { notFound } from '../../lib/errors.ts';
import { parseInstant } from '../../lib/instant.ts';
import { NullableString } from '../../lib/schema-types.ts';
import { keysetPage, nextCursor, readPositionCursor } from '../../lib/keyset.ts';
import { type FieldReader, pageLimit, readFields } from '../../lib/validation.ts';
import { READER_ROLES } from '../clients/roles.ts';
import { eventEnvelopeJson } from './event-envelope.ts';
import { EVENT_TYPES } from './event-types.ts';
import { CURSOR_MAX, EventIdParams, EventsQuery, FROM_MAX } from './events.schemas.ts';
import { findEvent, listEvents, sequenceEvents } from './events.repository.ts';

const EventSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  object: Type.Literal('event'),
  type: Type.String({ enum: [...EVENT_TYPES] }),
  version: Type.String(),
  created: Type.String({ format: 'date-time' }),
  sequence: Type.Integer({ description: 'Per move (an appointment.* event: per appointment; an invoice.* event: per invoice): 1, 2, 3, … in the order things happened' }),
  data: Type.Object({}, {
    additionalProperties: true,
    description:
      "The move's GET document at the time; photo.status.changed: the photo object; move.damage.detected: the document plus `damage`; " +
      'move.rescheduled: `move` (the original document) and `newMove` (the new one); appointment.*: the appointment object; invoice.*: the invoice object (GET /v1/invoices/:id)',
  }),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function readFrom(q: FieldReader): number | null {
  const raw = q.string('from', { required: false, max: FROM_MAX });
  const from = raw === null ? null : parseInstant(raw);
  if (raw !== null && from === null) q.invalid('from', 'from must be a date and time such as "2026-03-25T14:00:00Z"');
  return from;
}

export function eventsRoutes(app: FastifyInstance, deps: { auth: Authenticator; database: Database }): void {
  const onRequest = deps.auth.guard(READER_ROLES);
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/v1/events',
    {
      onRequest,
      schema: {
        operationId: 'listEvents',
        tags: ['events'],
        summary: "The rooftop's events, oldest first: catch up after a webhook outage",
        security: BEARER,
        querystring: EventsQuery,
        response: {
          200: Type.Object({ events: Type.Array(EventSchema), next_cursor: NullableString() }),
          ...errorResponses(400, 401, 403, 429, 500),
        },
      },
    },
    async (request, reply) => {
      const { from, limit, afterLogPosition } = readFields(request.query, (q) => ({
        from: readFrom(q),
        limit: pageLimit(q),
        afterLogPosition: readPositionCursor(q, 'e', CURSOR_MAX),
      }));

      await sequenceEvents(deps.database.db);
      const rows = await listEvents(deps.database.db, { rooftopIds: request.auth.rooftopIds, afterLogPosition, from, limit });
      const page = keysetPage(rows, limit);
      // The cursor is the commit-ordered log position of the last event returned: events committed
      // later are numbered after it, so paging on from it never misses one.
      const next = JSON.stringify(nextCursor(page, (last) => `e${last.log_position}`));
      return sendJson(reply, `{"events":[${page.page.map(eventEnvelopeJson).join(',')}],"next_cursor":${next}}`);
    },
  );

  api.get(
    '/v1/events/:id',
    {
      onRequest,
      schema: {
        operationId: 'getEvent',
        tags: ['events'],
        summary: 'One event',
        security: BEARER,
        params: EventIdParams,
        response: { 200: EventSchema, ...errorResponses(401, 403, 404, 429, 500) },
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      const row = UUID.test(id) ? await findEvent(deps.database.db, id, request.auth.rooftopIds) : undefined;
      if (!row) throw notFound('event');
      return sendJson(reply, eventEnvelopeJson(row));
    },
  );
}
