// The few reads of the public tracking page. A token is found through the unique index on
// moves.tracking_token: one indexed equality lookup, whatever the token.
import type { Executor } from '../../db/executor.ts';

/** The scenario of the move with this tracking token. */
export async function findScenarioIdByToken(db: Executor, token: string): Promise<number | undefined> {
  const row = await db.selectFrom('moves').select('scenario_id').where('tracking_token', '=', token).executeTakeFirst();
  return row?.scenario_id;
}

/** When the move was last dispatched (its latest move.dispatched event). */
export async function findDispatchedAt(db: Executor, moveId: number): Promise<number | null> {
  const row = await db
    .selectFrom('events')
    .select('created_at')
    .where('move_id', '=', moveId)
    .where('type', '=', 'move.dispatched')
    .orderBy('sequence', 'desc')
    .executeTakeFirst();
  return row?.created_at ?? null;
}

/** The driver's name and last reported position. */
export async function findTrackedDriver(db: Executor, driverId: number) {
  return db
    .selectFrom('drivers')
    .select(['name', 'last_lat', 'last_lon', 'last_located_at'])
    .where('id', '=', driverId)
    .executeTakeFirst();
}
