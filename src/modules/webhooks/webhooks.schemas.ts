// Request schemas of /v1/webhooks, for the OpenAPI document; the limits are the readers'
// (webhook-request.ts, target-guard.ts, and the paging bounds the delivery log reads with).
import Type from 'typebox';
import { IdInteger, NullableString, QueryInteger, Unchecked } from '../../lib/schema-types.ts';
import { PAGE_LIMIT } from '../../lib/validation.ts';
import { TARGET_URL_MAX } from './target-guard.ts';
import { EventTypesSchema } from './webhook-document.ts';
import { DESCRIPTION_MAX, SECRET_MAX, SECRET_MIN } from './webhook-request.ts';

/** The longest delivery-log cursor taken (ours are `d<id>`). */
export const DELIVERY_CURSOR_MAX = 40;

const targetUrl = () => Type.String({ maxLength: TARGET_URL_MAX, description: 'https URL on a public address' });
const secret = () =>
  Type.String({ minLength: SECRET_MIN, maxLength: SECRET_MAX, description: 'Signs every delivery; never returned (only secret_last4)' });

export const NewWebhookBody = Unchecked(
  Type.Object({
    target_url: targetUrl(),
    secret: secret(),
    event_types: EventTypesSchema,
    description: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })),
    rooftop: Type.Optional(IdInteger({ description: 'Required for a dealer_admin client with several rooftops' })),
  }),
);

export const WebhookPatchBody = Unchecked(
  Type.Object(
    {
      target_url: Type.Optional(targetUrl()),
      secret: Type.Optional(secret()),
      event_types: Type.Optional(EventTypesSchema),
      description: Type.Optional(NullableString({ maxLength: DESCRIPTION_MAX, description: 'null clears it' })),
      active: Type.Optional(Type.Boolean()),
    },
    { description: 'At least one of the fields; absent means unchanged' },
  ),
);

export const DeliveriesQuery = Unchecked(
  Type.Object({
    limit: Type.Optional(QueryInteger(PAGE_LIMIT)),
    cursor: Type.Optional(Type.String({ maxLength: DELIVERY_CURSOR_MAX, description: 'The next_cursor of the previous page' })),
  }),
);
