// The request schema of POST /v1/sms/inbound (Twilio's form), for the OpenAPI document.
import Type from 'typebox';
import { Unchecked } from '../../lib/schema-types.ts';

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
