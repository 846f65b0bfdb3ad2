// Consuming an availability hold (spec §11.3): a booking or an appointment that names hold_id.
// INTERFACE FIXED (other modules call it); implemented here.
import type { Transaction } from '../../../db/executor.ts';
import type { FieldProblem } from '../../../lib/errors.ts';
import { formatInstant } from '../../../lib/instant.ts';
import { findHold, markHoldUsed } from './holds.repository.ts';

/**
 * Marks the rooftop's hold used by `by` ("scenario:<id>" / "appointment:<id>") in the caller's
 * transaction. A hold that does not exist (or is another rooftop's), has expired or was already
 * used is a problem of `field` (nothing is written then; the caller throws it).
 *
 * Ours: a hold id that names no hold of the rooftop is field_invalid (400: the value is wrong);
 * a real hold that expired or was used is slot_unavailable (409: hold the slot again).
 */
export async function consumeHold(
  trx: Transaction,
  hold: { id: string; rooftopId: number; by: string; now: number; field: string },
): Promise<FieldProblem | null> {
  if (await markHoldUsed(trx, hold)) return null;
  const row = await findHold(trx, hold.id);
  const { field } = hold;
  // Another rooftop's hold is answered exactly like one that does not exist (spec §3).
  if (!row || row.rooftop_id !== hold.rooftopId) {
    return { code: 'field_invalid', field, message: `${field}: there is no hold ${hold.id} of this rooftop` };
  }
  if (row.consumed_by !== null) return { code: 'slot_unavailable', field, message: `${field}: hold ${hold.id} was already used` };
  return { code: 'slot_unavailable', field, message: `${field}: hold ${hold.id} expired at ${formatInstant(row.expires_at)}; hold the slot again` };
}
