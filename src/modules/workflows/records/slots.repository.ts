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
    // A move's two ends signed within one millisecond: its delivery is still the later ('delivery' < 'pickup').
    .orderBy('move_slots.slot', 'asc')
    .limit(limit)
    .execute();
}

/**
 * The vehicle's last signed delivery report before this move's pickup was signed, from another move
 * of the move's rooftop (spec §10.4 prior damages): the same VIN, or where neither move has a VIN the
 * same stock number.
 */
export async function findPriorDeliveryOfMove(db: Executor, moveId: number): Promise<MoveSlotRow | undefined> {
  return db
    .selectFrom('moves as subject')
    .innerJoin('moves as earlier', (join) => join.onRef('earlier.rooftop_id', '=', 'subject.rooftop_id').onRef('earlier.id', '!=', 'subject.id'))
    .innerJoin('move_slots', 'move_slots.move_id', 'earlier.id')
    .selectAll('move_slots')
    .where('subject.id', '=', moveId)
    .where('move_slots.slot', '=', 'delivery')
    .where('move_slots.signed_at', 'is not', null)
    .where((eb) => eb.or([eb('subject.pickup_successful', 'is', null), eb('move_slots.signed_at', '<', eb.ref('subject.pickup_successful'))]))
    .where((eb) =>
      eb.or([
        eb('earlier.vehicle_vin', '=', eb.ref('subject.vehicle_vin')),
        eb.and([eb('subject.vehicle_vin', 'is', null), eb('earlier.vehicle_vin', 'is', null), eb('earlier.vehicle_stock', '=', eb.ref('subject.vehicle_stock'))]),
      ]),
    )
    .orderBy('move_slots.signed_at', 'desc')
    .orderBy('move_slots.move_id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
