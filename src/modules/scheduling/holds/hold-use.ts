// Consuming an availability hold (spec §11.3): a booking or an appointment that names hold_id.
// INTERFACE FIXED; implementation pending (availability/holds work).
import type { Transaction } from '../../../db/executor.ts';
import type { FieldProblem } from '../../../lib/errors.ts';

/**
 * Marks the rooftop's hold used by `by` ("scenario:<id>" / "appointment:<id>") in the caller's
 * transaction. A hold that does not exist (or is another rooftop's), has expired or was already
 * used is a problem of `field` (nothing is written then; the caller throws it).
 */
export async function consumeHold(
  _trx: Transaction,
  _hold: { id: string; rooftopId: number; by: string; now: number; field: string },
): Promise<FieldProblem | null> {
  throw new Error('consumeHold: not implemented yet');
}
