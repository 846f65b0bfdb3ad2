// The request schema of POST /v1/quotes, for the OpenAPI document: any booking endpoint's body
// (each branch is that endpoint's own schema, quote_id included) with `move_type` to say which.
// The booking readers validate, as on the booking endpoints.
import Type, { type TSchema } from 'typebox';
import { Unchecked } from '../../../lib/schema-types.ts';
import type { MoveType } from '../../moves/booking/move-type.ts';
import { MOVE_TYPES } from '../../moves/booking/move-types.ts';

const INFERRED =
  'Optional: without it the body says which by its move keys (loaner_move: concierge-loaner; customer_move alone: concierge; move: one-way; ' +
  'move_one and move_two: round-trip); a body with none of them, or with several kinds\' keys, is field_missing at move_type';

function quoteBody(type: MoveType): TSchema {
  const booking = type.requestSchema as unknown as { properties: Record<string, TSchema> };
  return Type.Unsafe({
    ...booking,
    description: `A ${type.kind} booking: the body of POST ${type.path}`,
    properties: {
      move_type: Type.String({ enum: [type.kind], description: `Which booking is quoted (ours). ${INFERRED}` }),
      ...booking.properties,
    },
  });
}

export const QuoteRequestBody = Unchecked(Type.Union(MOVE_TYPES.map(quoteBody)));
