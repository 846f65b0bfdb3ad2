// Schemas of POST /v1/mock/:moveId: the request, for the OpenAPI document, with the interval bounds
// the route reads with; and the answer, which also serializes it (the service stores what is sent).
import fastJson from 'fast-json-stringify';
import Type, { type Static } from 'typebox';
import { Unchecked } from '../../lib/schema-types.ts';
import { ID_PATTERN } from '../../lib/validation.ts';
import { SEQUENCES } from './sandbox-plan.ts';
import { DeskCodeSchema } from '../billing/charge-desk/charge-desk.schemas.ts';
import { AMOUNT_MAX_DOLLARS } from '../billing/contracts/amount-request.ts';

/** Milliseconds between the sequence's state changes. */
export const INTERVAL = { min: 0, max: 60_000, default: 1000 } as const;

export const MockParams = Type.Object({ moveId: Type.String({ pattern: ID_PATTERN, description: 'A move of a new booking' }) });

export const MockBody = Unchecked(
  Type.Object({
    sequence: Type.String({ enum: [...SEQUENCES] }),
    interval: Type.Optional(Type.Integer({ minimum: INTERVAL.min, maximum: INTERVAL.max, default: INTERVAL.default })),
    accessorialCode: Type.Optional(DeskCodeSchema('add-charge (required there): the code of the change')),
    amount: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: AMOUNT_MAX_DOLLARS,
        description: "add-charge (required there): dollars, at most two decimals; above 0 for ACCESSORIAL, the contract's dry_run_fee for DRY_RUN",
      }),
    ),
  }),
);

export const MockAnswer = Type.Object({
  move_id: Type.Integer(),
  sequence: Type.String(),
  interval: Type.Integer(),
  actions: Type.Integer({ description: 'How many state changes the sequence will make' }),
});

export const mockAnswerJson: (answer: Static<typeof MockAnswer>) => string = fastJson(MockAnswer);
