// The answer of GET /v1/ops/cancelations, for the OpenAPI document and its serializer.
import fastJson from 'fast-json-stringify';
import Type, { type Static } from 'typebox';
import { Instant, NullableString } from '../../lib/schema-types.ts';
import { CANCEL_OUTCOMES } from '../moves/move-statuses.ts';

const Dollars = (description: string) => Type.Number({ description });

export const PendingCancelationSchema = Type.Object({
  move_id: Type.Integer({ description: "The booking's first move: decide with POST /v1/ops/moves/{move_id}/cancel-decision" }),
  move_type: Type.String({ enum: ['concierge-loaner', 'concierge', 'one-way', 'round-trip'] }),
  rooftop: Type.Object({ id: Type.Integer(), name: Type.String() }),
  customer_name: NullableString(),
  moves: Type.Array(
    Type.Object({
      move_id: Type.Integer(),
      role: Type.String({ description: 'Its key in the booking document: move, loaner_move, customer_move, move_one, move_two' }),
      reference_id: NullableString({ description: 'The dealer’s reference (RO number)' }),
      status: Type.String({ description: 'Its §7 status; "booked" before dispatch' }),
    }),
    { description: 'Every move of the booking: they are canceled together' },
  ),
  requested_at: Instant(),
  rule_decides_at: Instant(),
  outcome_by_rule: Type.String({ enum: [...CANCEL_OUTCOMES], description: 'What the automatic rule would decide now' }),
  fee: Dollars('What the rule’s outcome would charge now, in dollars (the dry-run preview’s fee)'),
  fees: Type.Object(
    { canceled: Dollars('dollars'), partial: Dollars('dollars'), failed: Dollars('dollars') },
    { description: 'What each outcome ops may choose would charge, in dollars' },
  ),
});
export type PendingCancelationDocument = Static<typeof PendingCancelationSchema>;

export const PendingCancelationsSchema = Type.Object({
  cancelations: Type.Array(PendingCancelationSchema, { description: 'Oldest request first' }),
  has_more: Type.Boolean({ description: 'More are pending than the 200 listed (the oldest are)' }),
});
export type PendingCancelationsDocument = Static<typeof PendingCancelationsSchema>;

export const pendingCancelationsJson: (doc: PendingCancelationsDocument) => string = fastJson(PendingCancelationsSchema);
