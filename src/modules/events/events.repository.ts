import type { Executor } from '../../db/executor.ts';
import type { NewEvent } from '../../db/schema.ts';

export async function insertEvents(db: Executor, events: NewEvent[]): Promise<void> {
  if (events.length) await db.insertInto('events').values(events).execute();
}

/** Next per-move event sequence number (spec §8), taken under the move's row lock. */
export async function nextEventSequence(db: Executor, moveId: number): Promise<number> {
  const row = await db
    .updateTable('moves')
    .set((eb) => ({ event_sequence: eb('event_sequence', '+', 1) }))
    .where('id', '=', moveId)
    .returning('event_sequence')
    .executeTakeFirstOrThrow();
  return row.event_sequence;
}

export async function findEvent(db: Executor, id: string, rooftopIds: number[]) {
  return db.selectFrom('events').selectAll().where('id', '=', id).where('rooftop_id', 'in', rooftopIds).executeTakeFirst();
}

/** The rooftops' events in log order, after a position and from an instant; one extra row tells if more follow. */
export async function listEvents(
  db: Executor,
  q: { rooftopIds: number[]; afterPosition: number | null; from: number | null; limit: number },
) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('rooftop_id', 'in', q.rooftopIds)
    .$if(q.afterPosition !== null, (b) => b.where('position', '>', q.afterPosition!))
    .$if(q.from !== null, (b) => b.where('created_at', '>=', q.from!))
    .orderBy('position')
    .limit(q.limit + 1)
    .execute();
}

export async function findEventsOfMove(db: Executor, moveId: number) {
  return db.selectFrom('events').selectAll().where('move_id', '=', moveId).orderBy('sequence').execute();
}
