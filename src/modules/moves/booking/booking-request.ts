// Reading a booking request of any move type into the typed command the booking service takes:
// every problem is collected and thrown at once (spec §4), before anything slow happens.
import { jsonBodySha256 } from '../../../lib/canonical-json.ts';
import { FieldReader, Problems } from '../../../lib/validation.ts';
import { QUOTE_ID_MAX } from '../../billing/charges/quote-redeem.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { readRooftopChoice } from '../../rooftops/rooftop-choice.ts';
import { HOLD_ID_MAX } from '../../scheduling/holds/hold-limits.ts';
import { DUPLICATE_CHECKS } from './duplicate-check.ts';
import type { BookingCommand } from './booking-command.ts';
import type { MoveType, ReadContext } from './move-type.ts';

export function readBookingCommand(type: MoveType, body: Record<string, unknown>, auth: AuthContext, ctx: ReadContext): BookingCommand {
  const problems = new Problems();
  const reader = FieldReader.root(problems, body);
  const rooftopId = readRooftopChoice(reader, auth);
  const duplicateCheck = reader.oneOf('duplicate_check', DUPLICATE_CHECKS, { required: false });
  const hideServiceLocation = readBookingConfig(reader).hideServiceLocation;
  const holdId = reader.string('hold_id', { required: false, max: HOLD_ID_MAX });
  // Only its type here: whether it is one of the rooftop's payers is the booking service's check.
  const thirdPartyPayer = reader.integer('third_party_payer', { required: false });
  const quoteId = reader.string('quote_id', { required: false, max: QUOTE_ID_MAX });
  const draft = type.read(reader, ctx);
  problems.throwIfAny();
  if (!draft || rooftopId === undefined) throw new Error('booking draft incomplete without problems');
  const quote = quoteId ? { id: quoteId, bodySha256: bookingBodySha256(type, body) } : null;
  return { type, clientId: auth.clientId, rooftopId, duplicateCheck, hideServiceLocation, draft, holdId, thirdPartyPayer, quote };
}

/**
 * The hash that ties a quote to its booking (spec §12.2): the body as sent, keys in any order,
 * without quote_id, and with move_type set to the type booked — so a body two endpoints would both
 * take (one with `move` and `move_one`) quoted as one type cannot be booked as the other.
 */
export function bookingBodySha256(type: MoveType, body: Record<string, unknown>): string {
  const { quote_id: _quoteId, ...rest } = body;
  return jsonBodySha256({ ...rest, move_type: type.kind });
}

/**
 * The optional `config` object of every booking endpoint: `hide_service_location` (boolean) keeps the
 * service lot's address off the public tracking page. Unknown keys are ignored (spec §2).
 */
function readBookingConfig(body: FieldReader): { hideServiceLocation: boolean } {
  const config = body.object('config', { required: false });
  return { hideServiceLocation: config?.boolean('hide_service_location', { required: false }) ?? false };
}
