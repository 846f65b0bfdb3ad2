// The answer of POST /v1/ops/dispatch/suggest (ours), in one place: its schema, its type, its serializer.
import fastJson from 'fast-json-stringify';
import Type from 'typebox';
import { IdInteger, Nullable, Unchecked } from '../../../lib/schema-types.ts';

export const POSITION_SOURCES = ['previous_trip', 'last_location', 'service_lot'] as const;
export type PositionSource = (typeof POSITION_SOURCES)[number];
export const EXCLUDED_REASONS = ['inactive', 'cannot_drive_manual', 'not_on_shift', 'busy'] as const;
export type ExcludedReason = (typeof EXCLUDED_REASONS)[number];

export const SuggestBody = Unchecked(Type.Object({ move_id: IdInteger({ description: 'Any move of the trip (a pair is one trip)' }) }));

export const SuggestAnswerSchema = Type.Object(
  {
    move_id: Type.Integer(),
    suggestions: Type.Array(
      Type.Object({
        driver_id: Type.Integer(),
        name: Type.String(),
        rank: Type.Integer({ description: '1 is the best fit' }),
        distance_miles: Type.Number({ description: 'Great-circle miles from where the driver will be to the first pickup' }),
        position_source: Type.String({
          enum: [...POSITION_SOURCES],
          description:
            "Where the driver will be: the delivery of their previous trip on the shift, else their last reported position (when reported during the shift), else the rooftop's service lot",
        }),
      }),
    ),
    excluded: Type.Array(
      Type.Object({
        driver_id: Type.Integer(),
        name: Type.String(),
        reason: Type.String({ enum: [...EXCLUDED_REASONS] }),
        message: Type.String(),
        move_id: Nullable(Type.Integer({ description: 'busy: the first move of the trip the driver is on then' })),
      }),
    ),
  },
  { title: 'dispatch suggestions' },
);

export interface SuggestAnswer {
  move_id: number;
  suggestions: { driver_id: number; name: string; rank: number; distance_miles: number; position_source: PositionSource }[];
  excluded: { driver_id: number; name: string; reason: ExcludedReason; message: string; move_id: number | null }[];
}

export const suggestAnswerJson: (answer: SuggestAnswer) => string = fastJson(SuggestAnswerSchema);
