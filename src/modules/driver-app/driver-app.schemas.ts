// Request schemas of the driver app's endpoints, for the OpenAPI document; the ranges are the
// readers' (driver-requests.ts).
import Type from 'typebox';
import { Unchecked } from '../../lib/schema-types.ts';
import { STEPS } from '../moves/lifecycle/state-machine.ts';
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
