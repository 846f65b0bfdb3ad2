// The webhook subscription and delivery documents of /v1/webhooks and their JSON schemas. The
// signing secret is never shown again after it was sent: only its last four characters.
import fastJson from 'fast-json-stringify';
import Type from 'typebox';
import { formatInstant } from '../../lib/instant.ts';
import { Instant, Nullable, NullableInstant, NullableString } from '../../lib/schema-types.ts';
import { EVENT_TYPES } from '../events/event-types.ts';
import { ALL_EVENTS } from './webhook-request.ts';
import type { WebhookDeliveryRow, WebhookRow } from './webhooks.repository.ts';

export const EVENT_TYPES_DESCRIPTION =
  'The event types to receive, or ["*"] for every type (including types added later). Known types: ' +
  EVENT_TYPES.join(', ');

export const EventTypesSchema = Type.Array(Type.String({ enum: [...EVENT_TYPES, ALL_EVENTS] }), {
  minItems: 1,
  description: EVENT_TYPES_DESCRIPTION,
});

export const WebhookSchema = Type.Object(
  {
    webhook_id: Type.Integer(),
    rooftop: Type.Integer(),
    target_url: Type.String(),
    event_types: EventTypesSchema,
    description: NullableString(),
    secret_last4: Type.String({ description: 'The last four characters of the signing secret; the secret itself is never returned' }),
    active: Type.Boolean({ description: 'false: no deliveries (disabled by hand, or after failing for 3 days; see disabled_reason)' }),
    disabled_reason: NullableString({ description: 'Why it was disabled automatically; null otherwise' }),
    failing_since: NullableInstant(),
    created_at: Instant(),
    updated_at: Instant(),
  },
  { title: 'webhook subscription' },
);

export const DeliverySchema = Type.Object(
  {
    delivery_id: Type.Integer(),
    event_id: Type.String(),
    event_type: Type.String(),
    attempt: Type.Integer({ description: 'The attempt number for this event: 1, 2, …; test deliveries are attempt 1' }),
    delivered: Type.Boolean({ description: 'The receiver answered 2xx' }),
    status_code: Nullable(Type.Integer({ description: 'The HTTP status answered, null when there was no answer' })),
    duration_ms: Type.Integer(),
    error: NullableString({ description: 'Why it failed: no answer (timeout, connection, refused target) or a non-2xx status' }),
    created_at: Instant(),
  },
  { title: 'webhook delivery attempt' },
);

export const TestResultSchema = Type.Object({
  event_id: Type.String(),
  delivered: Type.Boolean(),
  status_code: Nullable(Type.Integer()),
  duration_ms: Type.Integer(),
  error: NullableString(),
});

/** The answers of POST /v1/webhooks and POST /v1/webhooks/:id/test, serialized by their schemas (stored as sent). */
export const webhookJson: (document: WebhookDocument) => string = fastJson(WebhookSchema);
export const testResultJson: (result: TestDeliveryResult) => string = fastJson(TestResultSchema);

export interface TestDeliveryResult {
  event_id: string;
  delivered: boolean;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
}

export interface WebhookDocument {
  webhook_id: number;
  rooftop: number;
  target_url: string;
  event_types: string[];
  description: string | null;
  secret_last4: string;
  active: boolean;
  disabled_reason: string | null;
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

export function webhookDocument(row: WebhookRow, secret: string): WebhookDocument {
  return {
    webhook_id: Number(row.id),
    rooftop: Number(row.rooftop_id),
    target_url: row.target_url,
    event_types: JSON.parse(row.event_types) as string[],
    description: row.description,
    secret_last4: secret.slice(-4),
    active: Number(row.active) === 1,
    disabled_reason: row.disabled_reason,
    failing_since: row.failing_since === null ? null : formatInstant(Number(row.failing_since)),
    created_at: formatInstant(Number(row.created_at)),
    updated_at: formatInstant(Number(row.updated_at)),
  };
}

export function deliveryDocument(row: WebhookDeliveryRow) {
  const status = row.status_code === null ? null : Number(row.status_code);
  return {
    delivery_id: Number(row.id),
    event_id: row.event_id,
    event_type: row.event_type,
    attempt: Number(row.attempt),
    delivered: isDelivered(status),
    status_code: status,
    duration_ms: Number(row.duration_ms),
    error: row.error,
    created_at: formatInstant(Number(row.created_at)),
  };
}

export const isDelivered = (status: number | null) => status !== null && status >= 200 && status < 300;
