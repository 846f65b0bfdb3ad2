// Request schemas of PATCH /v1/moves/:id and GET /v1/moves, for the OpenAPI document. The limits
// are the readers' (move-edit-request.ts, move-list.ts, move.limits.ts).
import Type from 'typebox';
import { InstantInput, StringOrNumber, Unchecked } from '../../lib/schema-types.ts';
import { MOVE_MAX, VEHICLE_YEAR_MIN } from './move.limits.ts';
import { CURSOR_MAX, DEFAULT_LIMIT, MAX_LIMIT, QUERY_INSTANT_MAX, STATUS_FILTERS } from './move-list.ts';
import { Q_MAX, Q_MAX_WORDS } from './move-list-search.ts';

const text = (description?: string) =>
  Type.Optional(Type.String({ maxLength: MOVE_MAX.vehicleText, ...(description ? { description } : {}) }));

export const MovePatchBody = Unchecked(
  Type.Object(
    {
      vehicle_year: Type.Optional(
        Type.Union([Type.String({ maxLength: MOVE_MAX.vehicleYear }), Type.Integer({ minimum: VEHICLE_YEAR_MIN })], {
          description: `4-digit model year from ${VEHICLE_YEAR_MIN} to next year + 1; null clears it`,
        }),
      ),
      vehicle_make: text('Cannot be cleared on a customer vehicle (a loaner may)'),
      vehicle_model: text('Cannot be cleared on a customer vehicle (a loaner may)'),
      vehicle_color: text(),
      vehicle_stock: Type.Optional(StringOrNumber(MOVE_MAX.vehicleText)),
      vehicle_vin: Type.Optional(Type.String({ maxLength: MOVE_MAX.vin, description: '17 characters, A–Z and 0–9 without I, O, Q' })),
      ready_by: Type.Optional(InstantInput("The scenario's new ready-by time")),
      reference_num: Type.Optional(StringOrNumber(MOVE_MAX.reference)),
    },
    { description: 'At least one of the fields; absent means unchanged' },
  ),
);

export const MoveListQuery = Unchecked(
  Type.Object({
    status: Type.Optional(Type.String({ enum: [...STATUS_FILTERS], description: '`booked` = moves whose status is still null' })),
    reference_id: Type.Optional(Type.String({ maxLength: MOVE_MAX.reference, description: 'Exact match on the move reference' })),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: Q_MAX,
        description:
          `Search, case-insensitive: every word must begin a word of the customer's name, the reference (RO number) or the stock number, ` +
          `or be the whole VIN or its last 6, 7 or 8 characters. Punctuation separates words; at most ${Q_MAX_WORDS} words. ` +
          'Combines with the other filters; send it again with `cursor` for the next page',
      }),
    ),
    from: Type.Optional(
      Type.String({ format: 'date-time', maxLength: QUERY_INSTANT_MAX, description: 'ready_by_time_utc at or after' }),
    ),
    to: Type.Optional(Type.String({ format: 'date-time', maxLength: QUERY_INSTANT_MAX, description: 'ready_by_time_utc before' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
    cursor: Type.Optional(Type.String({ maxLength: CURSOR_MAX, description: 'The next_cursor of the previous page' })),
  }),
);
