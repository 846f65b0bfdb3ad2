// The typed command a booking is: what the route read from the request (booking-request.ts) and
// the booking service carries out.
import type { DuplicateCheck } from './duplicate-check.ts';
import type { BookingDraft, MoveType } from './move-type.ts';

export interface BookingCommand {
  type: MoveType;
  /** The client that books (kept on the scenario). */
  clientId: string;
  rooftopId: number;
  duplicateCheck: DuplicateCheck | null;
  /** `config.hide_service_location`: keep the service lot's address off the tracking page. */
  hideServiceLocation: boolean;
  draft: BookingDraft;
  /** `hold_id`: the availability hold (spec §11.3) the booking consumes, in its transaction. */
  holdId?: string | null;
  /**
   * `third_party_payer` (spec §12.4) as sent (null or absent: none sent). The booking service
   * checks it against the rooftop's payers and setting and puts the payer billed in its place
   * (the rooftop's default when none was sent; null: the rooftop itself) before planning.
   */
  thirdPartyPayer?: number | null;
  /**
   * `quote_id` (spec §12.2, ours) and the hash of the body it came with: the booking is charged
   * exactly that quote's lines, or refused with quote_expired. Absent or null: priced now.
   */
  quote?: { id: string; bodySha256: string } | null;
}
