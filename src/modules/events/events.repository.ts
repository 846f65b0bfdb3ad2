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
