// The charge desk's requests, for the OpenAPI document (their limits are the readers', so the
// document says what is refused), and its answer: `{ move_id, charge }`, built in one place.
import Type from 'typebox';
import { Unchecked } from '../../../lib/schema-types.ts';
import { ChargeSchema } from '../charges/charge-schema.ts';
import { AMOUNT_MAX_DOLLARS } from '../contracts/amount-request.ts';
import { DESK_CODES, DESK_LIMITS } from './charge-desk-rules.ts';

const Amount = (description: string) =>
  Type.Number({ minimum: 0, maximum: AMOUNT_MAX_DOLLARS, description: `${description}; dollars, at most two decimals (45.01)` });

export const DeskCodeSchema = (description: string) =>
  Type.String({
    enum: [...DESK_CODES],
    description: `${description}. TRANSPORT, RUSH, WAIT, FUEL and CANCEL_PARTIAL are computed from the move's facts and are refused (field_invalid)`,
  });

export const ChargeCommandBody = Unchecked(
  Type.Object({
    code: DeskCodeSchema('ACCESSORIAL: a line of its own; DRY_RUN: a dry-run mark, priced by the contract\'s dry_run_fee; DISCOUNT: the discount, replacing any earlier one'),
    name: Type.Optional(Type.String({ maxLength: DESK_LIMITS.name, description: 'ACCESSORIAL: the line\'s name (default "Accessorial"); ignored for the other codes' })),
    amount: Amount(
      'ACCESSORIAL: the line, more than 0. DISCOUNT: at most the charge before the discount (0 removes the discount). ' +
        "DRY_RUN: may be left out; when sent it must be the contract's dry_run_fee",
    ),
    notes: Type.Optional(
      Type.String({ maxLength: DESK_LIMITS.notes, description: "The line's notes; for a DISCOUNT above 0 required: the reason (discount_reason)" }),
    ),
  }),
);

export const DisputeBody = Unchecked(
  Type.Object({ reason: Type.String({ maxLength: DESK_LIMITS.reason, description: 'Why the charge is disputed (dispute_reason)' }) }),
);

export const ResolveDisputeBody = Unchecked(
  Type.Object({
    notes: Type.Optional(Type.String({ maxLength: DESK_LIMITS.notes, description: 'How it was resolved; the reason of a discount given with it' })),
    discount_amount: Type.Optional(
      Amount('A discount given to settle the dispute, replacing any earlier one (0 removes it); at most the charge before the discount. Refused on a settled charge'),
    ),
  }),
);

export const ChargeAnswer = Type.Object({
  move_id: Type.Integer({ description: 'The move whose charge this is' }),
  charge: ChargeSchema,
});

/** The answer: the move and its charge object, already rendered (charge-document.ts renderCharge). */
export const chargeAnswerJson = (moveId: number, charge: Record<string, unknown>): string => JSON.stringify({ move_id: moveId, charge });
