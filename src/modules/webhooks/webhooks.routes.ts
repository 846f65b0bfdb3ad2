// /v1/webhooks (spec §8): a rooftop's webhook subscriptions, a test delivery, and the delivery log.
// Roles dealer and dealer_admin; a subscription belongs to one of the client's rooftops.
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Authenticator } from '../../http/auth.ts';
import { bodyObject } from '../../http/body.ts';
import { NullableString } from '../../lib/schema-types.ts';
import { FieldReader, parseId, Problems, queryInteger } from '../../lib/validation.ts';
import { DEALER_ROLES } from '../clients/roles.ts';
import { TARGET_URL_MAX } from './target-guard.ts';
import { DeliverySchema, EventTypesSchema, TestResultSchema, WebhookSchema } from './webhook-document.ts';
import { DESCRIPTION_MAX, SECRET_MAX, SECRET_MIN } from './webhook-request.ts';
import type { WebhookService } from './webhooks.service.ts';

const tags = ['webhooks'];
const security = [{ bearer: [] }];
const IdParams = Type.Object({ id: Type.String() });
const CURSOR = /^d(\d{1,15})$/;

const DELIVERY_DESCRIPTION =
  'Each event is POSTed as JSON (the event envelope of GET /v1/events/:id) with the headers ' +
  '`Handoff-Event` (the type, dots as underscores: `move_pickup_started`), ' +
  '`Handoff-Signature: t=<unix ms>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>` and ' +
  '`User-Agent: Handoff-Webhooks/1.0.0`. Anything but a 2xx within 10 seconds is retried with exponential ' +
  'backoff for at least 24 hours, signed afresh each time; the event id stays the same, and `sequence` ' +
  'orders the events of a move. A subscription without a successful delivery for 3 days is disabled ' +
  '(`disabled_reason`). target_url must be https and resolve to public addresses only.';

export function webhooksRoutes(app: FastifyInstance, deps: { auth: Authenticator; webhooks: { service: WebhookService } }): void {
  const common = { onRequest: deps.auth.guard(DEALER_ROLES) };
  const service = deps.webhooks.service;
  const webhookId = (params: unknown) => parseId((params as { id: string }).id);

  app.post(
    '/v1/webhooks',
    {
      ...common,
      schema: {
        tags,
        summary: 'Subscribe a URL to events of the rooftop',
        description: DELIVERY_DESCRIPTION,
        security,
        body: Type.Object({
          target_url: Type.String({ maxLength: TARGET_URL_MAX, description: 'https URL on a public address' }),
          secret: Type.String({
            minLength: SECRET_MIN,
            maxLength: SECRET_MAX,
            description: 'Signs every delivery; never returned (only secret_last4)',
          }),
          event_types: EventTypesSchema,
          description: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })),
          rooftop: Type.Optional(Type.Integer({ description: 'Required for a dealer_admin client with several rooftops' })),
        }),
        response: { 200: WebhookSchema },
      },
    },
    async (request) => service.create(request.auth, bodyObject(request.body)),
  );

  app.get(
    '/v1/webhooks',
    {
      ...common,
      schema: {
        tags,
        summary: "The subscriptions of the client's rooftops, in id order",
        security,
        response: { 200: Type.Object({ webhooks: Type.Array(WebhookSchema) }) },
      },
    },
    async (request) => ({ webhooks: await service.list(request.auth) }),
  );

  app.get(
    '/v1/webhooks/:id',
    { ...common, schema: { tags, summary: 'One subscription', security, params: IdParams, response: { 200: WebhookSchema } } },
    async (request) => service.get(request.auth, webhookId(request.params)),
  );

  app.patch(
    '/v1/webhooks/:id',
    {
      ...common,
      schema: {
        tags,
        summary: 'Change the URL, secret, event types or description; `active` disables or re-enables it',
        description: 'Setting active: true on a subscription disabled after 3 days of failures enables it again, afresh.',
        security,
        params: IdParams,
        body: Type.Object({
          target_url: Type.Optional(Type.String({ maxLength: TARGET_URL_MAX })),
          secret: Type.Optional(Type.String({ minLength: SECRET_MIN, maxLength: SECRET_MAX })),
          event_types: Type.Optional(EventTypesSchema),
          description: Type.Optional(NullableString({ maxLength: DESCRIPTION_MAX })),
          active: Type.Optional(Type.Boolean()),
        }),
        response: { 200: WebhookSchema },
      },
    },
    async (request) => service.update(request.auth, webhookId(request.params), bodyObject(request.body)),
  );

  app.delete(
    '/v1/webhooks/:id',
    {
      ...common,
      schema: {
        tags,
        summary: 'Delete a subscription: nothing more is delivered to it, not even retries',
        security,
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await service.remove(request.auth, webhookId(request.params));
      return reply.code(204).send();
    },
  );

  app.post(
    '/v1/webhooks/:id/test',
    {
      ...common,
      schema: {
        tags,
        summary: 'Send a webhook.test event now, signed like every delivery, and say how it went',
        security,
        params: IdParams,
        response: { 200: TestResultSchema },
      },
    },
    async (request) => service.sendTest(request.auth, webhookId(request.params)),
  );

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      ...common,
      schema: {
        tags,
        summary: 'Every delivery attempt of the subscription, newest first',
        security,
        params: IdParams,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          cursor: Type.Optional(Type.String({ description: 'The next_cursor of the previous page' })),
        }),
        response: { 200: Type.Object({ deliveries: Type.Array(DeliverySchema), next_cursor: NullableString() }) },
      },
    },
    async (request) => {
      const problems = new Problems();
      const q = new FieldReader(problems, request.query as Record<string, unknown>);
      const limit = queryInteger(q, 'limit', 1, 500) ?? 100;
      const cursorRaw = q.string('cursor', { required: false, max: 40 });
      const cursor = cursorRaw === null ? null : CURSOR.exec(cursorRaw);
      if (cursorRaw !== null && !cursor) q.invalid('cursor', 'cursor must be a next_cursor from a previous page');
      problems.throwIfAny();
      return service.deliveries(request.auth, webhookId(request.params), { limit, beforeId: cursor ? Number(cursor[1]) : null });
    },
  );
}
