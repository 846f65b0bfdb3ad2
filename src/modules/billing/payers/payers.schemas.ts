// Request schemas of the payer endpoints, for the OpenAPI document; the limits are the readers'.
import Type from 'typebox';
import { IdInteger, Nullable, Unchecked } from '../../../lib/schema-types.ts';
import { PAYER_NAME_MAX } from './payer-request.ts';

export const NewPayerBody = Unchecked(
  Type.Object({
    rooftop: IdInteger({ description: 'The rooftop whose bookings may bill the payer; a scoped ops client names one of its own' }),
    name: Type.String({ maxLength: PAYER_NAME_MAX }),
  }),
);

export const PayerSettingBody = Unchecked(
  Type.Object(
    {
      payer_required: Type.Optional(Type.Boolean({ description: 'true: every booking must send third_party_payer; refused while the rooftop has no payers' })),
      default_payer_id: Type.Optional(
        Nullable(IdInteger({ description: "One of the rooftop's payers: bills a booking that names none while payers are not required; null: the rooftop itself" })),
      ),
    },
    { description: 'At least one of the fields; absent means unchanged' },
  ),
);

export const PayersQuery = Unchecked(
  Type.Object({ rooftop: Type.Optional(IdInteger({ description: 'Required for a client with several rooftops' })) }),
);
