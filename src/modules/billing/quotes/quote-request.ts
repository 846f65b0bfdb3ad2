// Reading POST /v1/quotes (spec §12.2, ours): any booking body, read by the very reader of the
// booking endpoint it is for, so every problem (spec §4) comes back exactly as booking it would
// answer. Which booking: `move_type` when sent (ours), else the body's move keys.
import { ApiError } from '../../../lib/errors.ts';
import { FieldReader, Problems } from '../../../lib/validation.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import type { BookingCommand } from '../../moves/booking/booking-command.ts';
import { bookingBodySha256, readBookingCommand } from '../../moves/booking/booking-request.ts';
import type { ReadContext, ScenarioKind } from '../../moves/booking/move-type.ts';
import { MOVE_TYPES, moveTypeOf } from '../../moves/booking/move-types.ts';

export interface QuoteRequest {
  /** The booking as its endpoint reads it; its own quote_id, if any, is not redeemed: a quote prices afresh. */
  command: BookingCommand;
  /** What a booking naming the quote must hash to (moves/booking/booking-request.ts). */
  bodySha256: string;
}

/** The keys that tell the move type of a body without move_type, checked in this order. */
const MOVE_KEYS: readonly { keys: string[]; kind: ScenarioKind }[] = [
  { keys: ['loaner_move'], kind: 'concierge-loaner' },
  { keys: ['customer_move'], kind: 'concierge' },
  { keys: ['move'], kind: 'one-way' },
  { keys: ['move_one', 'move_two'], kind: 'round-trip' },
];

export const MOVE_TYPE_KINDS = MOVE_TYPES.map((t) => t.kind);

const HOW_TO_SAY = `send move_type (one of ${MOVE_TYPE_KINDS.map((k) => `"${k}"`).join(', ')}), or the body of one booking endpoint`;

export function readQuoteRequest(body: Record<string, unknown>, auth: AuthContext, ctx: ReadContext): QuoteRequest {
  const type = moveTypeOf(moveKindOfBody(body));
  const command = readBookingCommand(type, body, auth, ctx);
  return { command: { ...command, quote: null }, bodySha256: bookingBodySha256(type, body) };
}

/** move_type when sent, else the one kind whose move keys the body has; field_missing at move_type when none or several. */
export function moveKindOfBody(body: Record<string, unknown>): ScenarioKind {
  const problems = new Problems();
  const asked = FieldReader.root(problems, body).oneOf('move_type', MOVE_TYPE_KINDS, { required: false });
  problems.throwIfAny();
  if (asked) return asked;
  const has = (key: string) => body[key] !== undefined && body[key] !== null;
  // A Concierge + Loaner body has customer_move too: the first kind whose keys are there is its kind,
  // and only a later kind's keys besides make it ambiguous.
  const matches = MOVE_KEYS.filter((m) => m.keys.some(has));
  const found = matches[0]?.kind === 'concierge-loaner' ? matches.filter((m) => m.kind !== 'concierge') : matches;
  if (found.length === 1) return found[0]!.kind;
  const message = found.length
    ? `move_type is required: the body has the move keys of ${found.map((m) => `${m.kind} (${m.keys.filter(has).join(', ')})`).join(' and ')}; ${HOW_TO_SAY}`
    : `move_type is required: the body has none of loaner_move (concierge-loaner), customer_move (concierge), move (one-way), move_one and move_two (round-trip); ${HOW_TO_SAY}`;
  throw ApiError.fromProblems([{ code: 'field_missing', field: 'move_type', message }]);
}
