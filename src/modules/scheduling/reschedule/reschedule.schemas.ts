// POST /v1/ops/moves/:id/reschedule (spec §11.5): the request, for the OpenAPI document, and the
// answer — which is also each move.rescheduled event's data, built in one place (rescheduledJson).
// The two scenario documents are stored already serialized, so they are spliced in, as the event
// envelope does, rather than parsed and serialized again.
import Type from 'typebox';
import { formatInstant } from '../../../lib/instant.ts';
import { Instant, InstantInput, Unchecked } from '../../../lib/schema-types.ts';
import { MOVE_TYPES } from '../../moves/booking/move-types.ts';
import { scenarioDocumentSchema } from '../../moves/move-document.schema.ts';
import { REASON_MAX } from './reschedule-rules.ts';

export const RescheduleBody = Unchecked(
  Type.Object(
    {
      appointment_time_utc: Type.Optional(
        InstantInput('The new appointment (Concierge and Concierge + Loaner moves); the ready-by follows from it as at booking'),
      ),
      ready_by_time_utc: Type.Optional(InstantInput('The new ready-by time (One-way and Round-trip moves)')),
      reason: Type.String({ maxLength: REASON_MAX, description: "Why the attempt could not finish (the original moves' cancel_reason)" }),
      force: Type.Optional(Type.Boolean({ description: "Book the new time even when no driver's shift fits it", default: false })),
    },
    { description: 'Exactly one of appointment_time_utc and ready_by_time_utc: the one the move\'s own booking takes' },
  ),
);

const ScenarioDocument = Type.Union(MOVE_TYPES.map(scenarioDocumentSchema));

export const RescheduleAnswer = Type.Object({
  move: ScenarioDocument,
  newMove: ScenarioDocument,
  move_id: Type.Integer({ description: 'The original move this is about' }),
  new_move_id: Type.Integer({ description: 'Its counterpart (the same leg) in the new booking' }),
  deliver_by_time_utc: Instant(),
});

export interface RescheduledParts {
  /** The original scenario's document after the change, serialized. */
  move: string;
  /** The new scenario's document, serialized. */
  newMove: string;
  moveId: number;
  newMoveId: number;
  deliverByMs: number;
}

/** The answer and the event data: `move` and `newMove` (doc), then ours. */
export function rescheduledJson(p: RescheduledParts): string {
  return (
    `{"move":${p.move},"newMove":${p.newMove},"move_id":${p.moveId},"new_move_id":${p.newMoveId},` +
    `"deliver_by_time_utc":"${formatInstant(p.deliverByMs)}"}`
  );
}
