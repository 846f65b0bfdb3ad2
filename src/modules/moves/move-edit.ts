// PATCH /v1/moves/:id (spec §6): what a patch changes, and the state rule. The request is read
// by move-edit-request.ts; the change is made by move-edit.service.ts.
import type { MoveRow } from '../../db/schema.ts';
import { canceledAs, isCanceled } from './move-statuses.ts';

export interface MovePatch {
  /** Column → new value, for the move's own columns. */
  columns: Partial<Pick<MoveRow, 'vehicle_year' | 'vehicle_make' | 'vehicle_model' | 'vehicle_color' | 'vehicle_stock' | 'vehicle_vin' | 'reference_id'>>;
  readyBy?: number;
}

/** Why a move can no longer be edited, or null when it can (before pickup successful, not canceled). */
export function notEditableReason(move: MoveRow): string | null {
  if (isCanceled(move)) return canceledAs(move);
  if (move.cancel_status === 'pending') return `move ${move.id} has a cancelation pending`;
  if (move.pickup_successful !== null) return `move ${move.id} has already been picked up (${move.status})`;
  return null;
}
