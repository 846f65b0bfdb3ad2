// Request schemas of POST /v1/mock/:moveId, for the OpenAPI document, and the interval bounds the
// route reads with.
import Type from 'typebox';
import { Unchecked } from '../../lib/schema-types.ts';
import { ID_PATTERN } from '../../lib/validation.ts';
import { SEQUENCES } from './sandbox-plan.ts';

/** Milliseconds between the sequence's state changes. */
export const INTERVAL = { min: 0, max: 60_000, default: 1000 } as const;

export const MockParams = Type.Object({ moveId: Type.String({ pattern: ID_PATTERN, description: 'A move of a new booking' }) });

export const MockBody = Unchecked(
  Type.Object({
    sequence: Type.String({ enum: [...SEQUENCES] }),
    interval: Type.Optional(Type.Integer({ minimum: INTERVAL.min, maximum: INTERVAL.max, default: INTERVAL.default })),
  }),
);
