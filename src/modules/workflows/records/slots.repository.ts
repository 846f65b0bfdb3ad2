// The SQL of moves' inspection slots (move_slots): written at booking, by workflow data writes and
// when a slot is signed; read with the scenario (moves.repository's loaders) and by the reports.
import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../../db/executor.ts';
import type { MoveSlotRow, MoveSlotTable } from '../../../db/schema.ts';

export async function insertSlots(db: Executor, rows: Insertable<MoveSlotTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('move_slots').values(rows).execute();
}

export async function findSlotsOfMoves(db: Executor, moveIds: number[]): Promise<MoveSlotRow[]> {
  if (!moveIds.length) return [];
  return db.selectFrom('move_slots').selectAll().where('move_id', 'in', moveIds).execute();
}

export async function updateSlot(db: Executor, moveId: number, slot: string, values: Updateable<MoveSlotTable>): Promise<void> {
  await db.updateTable('move_slots').set(values).where('move_id', '=', moveId).where('slot', '=', slot).execute();
}

/**
 * The signed reports of a vehicle at these rooftops, newest first: by VIN, or by stock number
 * where the moves carry no VIN (spec §10.4 "condition history per vehicle").
 */
export async function findSignedSlotsOfVehicle(
  db: Executor,
  vehicle: { vin: string } | { stock: string },
  rooftopIds: number[],
  limit: number,
): Promise<(MoveSlotRow & { rooftop_id: number })[]> {
  if (!rooftopIds.length) return [];
  return db
    .selectFrom('move_slots')
    .innerJoin('moves', 'moves.id', 'move_slots.move_id')
    .selectAll('move_slots')
    .select('moves.rooftop_id')
    .where('moves.rooftop_id', 'in', rooftopIds)
    .$if('vin' in vehicle, (q) => q.where('moves.vehicle_vin', '=', (vehicle as { vin: string }).vin))
    .$if('stock' in vehicle, (q) => q.where('moves.vehicle_vin', 'is', null).where('moves.vehicle_stock', '=', (vehicle as { stock: string }).stock))
    .where('move_slots.signed_at', 'is not', null)
    .orderBy('move_slots.signed_at', 'desc')
    .orderBy('move_slots.move_id', 'desc')
    .limit(limit)
    .execute();
}
