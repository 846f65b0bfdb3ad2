// Request schemas of dispatch and cancelation, for the OpenAPI document. Ids are read as integers
// without bounds of their own (INTEGER_RANGE); the outcomes are the state machine's. And the
// cancelation's answer, serialized by its schema (the service stores what is sent).
import fastJson from 'fast-json-stringify';
import Type, { type Static } from 'typebox';
import { IdInteger, Unchecked } from '../../../lib/schema-types.ts';
import { CANCEL_OUTCOMES } from './state-machine.ts';

export const DispatchBody = Unchecked(Type.Object({ driver_id: IdInteger() }));

export const CancelDecisionBody = Unchecked(Type.Object({ outcome: Type.String({ enum: [...CANCEL_OUTCOMES] }) }));

export const CancelationBody = Unchecked(
  Type.Object({
    move_id: IdInteger(),
    dry_run: Type.Optional(Type.Boolean({ description: 'Ours: true previews the fee of canceling now and changes nothing (spec §12.2)' })),
  }),
);

export const CancelationAnswer = Type.Object({ move_id: Type.Integer(), cancel_status: Type.Literal('pending') });

export const cancelationAnswerJson: (answer: Static<typeof CancelationAnswer>) => string = fastJson(CancelationAnswer);

/** The dry run's answer: the outcome a cancelation decided now would have, and its fee. */
export const CancelationPreview = Type.Object({
  move_id: Type.Integer(),
  cancel_status_if_now: Type.String({ enum: [...CANCEL_OUTCOMES] }),
  fee: Type.Number({ description: 'Dollars, two decimals: the CANCEL_PARTIAL amount a cancelation decided in this state charges' }),
  basis: Type.Object({}, { additionalProperties: true, description: 'What the fee is computed from: the rule, the outcome, the contract version; money in dollars' }),
});

export const cancelationPreviewJson: (answer: Static<typeof CancelationPreview>) => string = fastJson(CancelationPreview);
