// The driver's position trail (driver_positions): what POST /v1/driver/location reports while the
// driver has a move under way, for that move's timeline. The only SQL of the trail's writes.
import type { Executor } from '../../db/executor.ts';
import { activeMoveCondition } from '../moves/moves.repository.ts';

/**
 * Keeps a reported position once for each move the driver has under way: set out (pickup_started)
 * and neither delivered nor canceled for good. A move only dispatched to the driver does not count:
 * until they set out, where they are is their own business, not the move's. Returns the rows kept
 * (0 while off duty; more than 1 only if the driver carries two moves at once).
 */
export async function recordTrailPosition(
  trx: Executor,
  p: { driverId: number; lat: number; lon: number; at: number },
): Promise<number> {
  const underWay = await trx
    .selectFrom('moves')
    .select('id')
    .where('driver_id', '=', p.driverId)
    .where('pickup_started', 'is not', null)
    .where(activeMoveCondition)
    .execute();
  if (underWay.length === 0) return 0;
  await trx
    .insertInto('driver_positions')
    .values(underWay.map((m) => ({ driver_id: p.driverId, move_id: Number(m.id), lat: p.lat, lon: p.lon, recorded_at: p.at })))
    .execute();
  return underWay.length;
}
