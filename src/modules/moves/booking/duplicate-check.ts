// duplicate_check (spec §5): refuse a booking when a move of the rooftop that is neither finished
// nor canceled already carries the same reference, stock number or VIN.
import type { Transaction } from '../../../db/executor.ts';
import { lockKey } from '../../../db/locks.ts';
import { ApiError } from '../../../lib/errors.ts';
import type { LegPlan } from './move-type.ts';
import { findActiveMoveWith, type DuplicateColumn } from '../moves.repository.ts';

export const DUPLICATE_CHECKS = ['reference_num', 'vehicle_stock', 'vehicle_vin'] as const;
export type DuplicateCheck = (typeof DUPLICATE_CHECKS)[number];

const CHECKED: Record<DuplicateCheck, { column: DuplicateColumn; field: string; value: (leg: LegPlan) => string | null }> = {
  reference_num: { column: 'reference_id', field: 'reference_id', value: (l) => l.move.referenceId },
  vehicle_stock: { column: 'vehicle_stock', field: 'vehicle.stock', value: (l) => l.move.vehicle.stock },
  vehicle_vin: { column: 'vehicle_vin', field: 'vehicle.vin', value: (l) => l.move.vehicle.vin },
};

/** Runs inside the booking transaction; the per-value lock makes two racing bookings take turns. */
export async function refuseDuplicates(
  trx: Transaction,
  check: DuplicateCheck,
  rooftopId: number,
  legs: LegPlan[],
): Promise<void> {
  const { column, field, value } = CHECKED[check];
  for (const leg of legs) {
    const v = value(leg);
    if (v === null) continue;
    await lockKey(trx, `duplicate:${rooftopId}:${column}:${v}`);
    const existing = await findActiveMoveWith(trx, rooftopId, column, v);
    if (existing !== undefined) {
      const path = `${leg.move.path}.${field}`;
      throw new ApiError(
        'move_duplication',
        `move ${existing} is already in progress with ${check} "${v}"`,
        [{ code: 'move_duplication', field: path, message: `${path} "${v}" is already on move ${existing}, which is in progress` }],
        { move_id: existing },
      );
    }
  }
}
