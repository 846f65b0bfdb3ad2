// Schemas of the SMS endpoints: a booking's texts (GET /v1/moves/:id/messages) and the request of
// POST /v1/sms/inbound (Twilio's form), for the OpenAPI document.
import Type from 'typebox';
import { NullableInstant, NullableString, Unchecked } from '../../lib/schema-types.ts';
import { SMS_TRIGGERS } from './sms-triggers.ts';

// Neither parameter is required: a form without From or Body is answered 200 and changes nothing
// (the signature is what is checked; Twilio always sends both).
export const InboundSmsBody = Unchecked(
  Type.Object(
    {
      From: Type.Optional(Type.String({ description: 'The number that sent the text' })),
      Body: Type.Optional(Type.String({ description: 'STOP (and synonyms) opts the number out, START back in' })),
    },
    { additionalProperties: true, description: "Twilio's inbound-message parameters, form-encoded" },
  ),
);

export const MessageSchema = Type.Object({
  id: Type.Integer(),
  move_id: Type.Integer({ description: 'The move whose step triggered the text' }),
  trigger: Type.String({ enum: [...SMS_TRIGGERS] }),
  to: Type.String({ description: 'E.164' }),
  body: Type.String(),
  status: Type.String({
    enum: ['queued', 'sent', 'failed', 'suppressed'],
    description: 'queued: not sent yet (retrying when error is set); suppressed: the number opted out (STOP)',
  }),
  attempts: Type.Integer(),
  error: NullableString({ description: "Why the last attempt failed (the provider's code and message)" }),
  created_at: Type.String({ format: 'date-time' }),
  sent_at: NullableInstant(),
});
