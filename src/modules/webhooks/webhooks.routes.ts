// /v1/webhooks (spec §8): a rooftop's webhook subscriptions, a test delivery, and the delivery log.
// Roles dealer and dealer_admin; a subscription belongs to one of the client's rooftops.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Authenticator } from '../auth/authenticator.ts';
import { bodyObject } from '../../http/body.ts';
import { answerInTransaction } from '../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../http/openapi.ts';
import { sendJson } from '../../http/send-json.ts';
import { notFound } from '../../lib/errors.ts';
import { readPositionCursor } from '../../lib/keyset.ts';
import { IdParams, NoContent, NullableString } from '../../lib/schema-types.ts';
import { pageLimit, pathId, readFields } from '../../lib/validation.ts';
import { DEALER_ROLES } from '../clients/roles.ts';
import { DeliverySchema, TestResultSchema, WebhookSchema } from './webhook-document.ts';
import { readNewWebhook, readWebhookPatch } from './webhook-request.ts';
import { DELIVERY_CURSOR_MAX, DeliveriesQuery, NewWebhookBody, WebhookPatchBody } from './webhooks.schemas.ts';
import type { WebhookService } from './webhooks.service.ts';

const tags = ['webhooks'];
const security = BEARER;
const webhookId = (params: { id: string }) => pathId(params.id, () => notFound('webhook'));

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
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/v1/webhooks',
    {
      ...common,
      schema: {
        operationId: 'createWebhook',
        tags,
        summary: 'Subscribe a URL to events of the rooftop',
        description: DELIVERY_DESCRIPTION,
        security,
        body: NewWebhookBody,
        response: { 200: WebhookSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const fields = await readNewWebhook(bodyObject(request.body), request.auth, service.targetCheck);
      return sendJson(reply, await service.create(fields, answerInTransaction(request)));
    },
  );

  api.get(
    '/v1/webhooks',
    {
      ...common,
      schema: {
        operationId: 'listWebhooks',
        tags,
        summary: "The subscriptions of the client's rooftops, in id order",
        security,
        response: { 200: Type.Object({ webhooks: Type.Array(WebhookSchema) }), ...errorResponses(401, 403, 429, 500) },
      },
    },
    async (request) => ({ webhooks: await service.list(request.auth) }),
  );

  api.get(
    '/v1/webhooks/:id',
    {
      ...common,
      schema: {
        operationId: 'getWebhook',
        tags,
        summary: 'One subscription',
        security,
        params: IdParams,
        response: { 200: WebhookSchema, ...errorResponses(401, 403, 404, 429, 500) },
      },
    },
    async (request) => service.get(request.auth, webhookId(request.params)),
  );

  api.patch(
    '/v1/webhooks/:id',
    {
      ...common,
      schema: {
        operationId: 'updateWebhook',
        tags,
        summary: 'Change the URL, secret, event types or description; `active` disables or re-enables it',
        description: 'Setting active: true on a subscription disabled after 3 days of failures enables it again, afresh.',
        security,
        params: IdParams,
        body: WebhookPatchBody,
        response: { 200: WebhookSchema, ...errorResponses(400, 401, 403, 404, 413, 415, 429, 500) },
      },
    },
    async (request) => {
      const changes = await readWebhookPatch(bodyObject(request.body), service.targetCheck);
      return service.update(request.auth, webhookId(request.params), changes);
    },
  );

  api.delete(
    '/v1/webhooks/:id',
    {
      ...common,
      schema: {
        operationId: 'deleteWebhook',
        tags,
        summary: 'Delete a subscription: nothing more is delivered to it, not even retries',
        security,
        params: IdParams,
        // 400/413/415: a DELETE that sends a body has it parsed like any other.
        response: { 204: NoContent('Deleted'), ...errorResponses(400, 401, 403, 404, 413, 415, 429, 500) },
      },
    },
    async (request, reply) => {
      await service.remove(request.auth, webhookId(request.params));
      return reply.code(204).send();
    },
  );

  api.post(
    '/v1/webhooks/:id/test',
    {
      ...common,
      schema: {
        operationId: 'testWebhook',
        tags,
        summary: 'Send a webhook.test event now, signed like every delivery, and say how it went',
        security,
        params: IdParams,
        response: { 200: TestResultSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => sendJson(reply, await service.sendTest(request.auth, webhookId(request.params), answerInTransaction(request))),
  );

  api.get(
    '/v1/webhooks/:id/deliveries',
    {
      ...common,
      schema: {
        operationId: 'listWebhookDeliveries',
        tags,
        summary: 'Every delivery attempt of the subscription, newest first',
        security,
        params: IdParams,
        querystring: DeliveriesQuery,
        response: {
          200: Type.Object({ deliveries: Type.Array(DeliverySchema), next_cursor: NullableString() }),
          ...errorResponses(400, 401, 403, 404, 429, 500),
        },
      },
    },
    async (request) => {
      const query = readFields(request.query, (q) => ({ limit: pageLimit(q), beforeId: readPositionCursor(q, 'd', DELIVERY_CURSOR_MAX) }));
      return service.deliveries(request.auth, webhookId(request.params), query);
    },
  );
}
