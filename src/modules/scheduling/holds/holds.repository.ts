// Availability holds (spec §11.3): written by POST /v1/appointments/holds, used by a booking or an
// appointment that names one. The capacity picture reads them on its own (capacity.ts).
import type { Insertable } from 'kysely';
import type { Executor, Transaction } from '../../../db/executor.ts';
import type { AvailabilityHoldRow, AvailabilityHoldTable } from '../../../db/schema.ts';

export async function insertHold(trx: Transaction, hold: Insertable<AvailabilityHoldTable>): Promise<void> {
  await trx.insertInto('availability_holds').values(hold).execute();
}

/**
 * Marks the rooftop's hold used, if it still holds (not used, not expired). One statement, so two
 * bookings naming the same hold cannot both use it: on PostgreSQL the second waits for the first's
 * row lock and then finds it used.
 */
export async function markHoldUsed(trx: Transaction, q: { id: string; rooftopId: number; by: string; now: number }): Promise<boolean> {
  const result = await trx
    .updateTable('availability_holds')
    .set({ consumed_by: q.by })
    .where('id', '=', q.id)
    .where('rooftop_id', '=', q.rooftopId)
    .where('consumed_by', 'is', null)
    .where('expires_at', '>', q.now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findHold(db: Executor, id: string): Promise<AvailabilityHoldRow | undefined> {
  return db.selectFrom('availability_holds').selectAll().where('id', '=', id).executeTakeFirst();
}
