// Schemas of the driver app's endpoints: the requests, for the OpenAPI document (the ranges are the
// readers', driver-requests.ts), and the answers, which also serialize them (driver-move-document.ts).
import Type from 'typebox';
import { Instant, NullableInstant, NullableString, Unchecked } from '../../lib/schema-types.ts';
import { STEPS } from '../moves/lifecycle/state-machine.ts';
import { MoveSchema } from '../moves/move-document.schema.ts';
import { FUEL_LEVEL, LAT, LON, NOTES_MAX, ODOMETER } from './driver-requests.ts';

const range = (r: { min: number; max: number }, description?: string) =>
  Type.Number({ minimum: r.min, maximum: r.max, ...(description ? { description } : {}) });

const position = {
  lat: range(LAT, 'Degrees north'),
  lon: range(LON, 'Degrees east'),
};

export const StepBody = Unchecked(
  Type.Object({
    step: Type.String({ enum: [...STEPS], description: 'The next step of the move; steps go forward one at a time' }),
    ...position,
    odometer: Type.Optional(range(ODOMETER, 'Miles')),
    fuel_level: Type.Optional(range(FUEL_LEVEL, 'Percent')),
    notes: Type.Optional(Type.String({ maxLength: NOTES_MAX })),
  }),
);

export const LocationPingBody = Unchecked(Type.Object(position));

/** A move as the driver app sees it: the move object, then its scenario's times and customer. */
export const DriverMoveSchema = Type.Object({
  ...MoveSchema.properties,
  ready_by_time_utc: Instant(),
  appointment_time_utc: NullableInstant(),
  customer_name: NullableString(),
  customer_phone: NullableString(),
});

export const DriverMovesAnswer = Type.Object({ moves: Type.Array(DriverMoveSchema) });

export const LocationAnswer = Type.Object({ driver_id: Type.Integer(), lat: Type.Number(), lon: Type.Number(), located_at: Instant() });
