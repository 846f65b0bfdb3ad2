import type { Executor } from '../../db/executor.ts';
import type { NewEvent } from '../../db/schema.ts';

export async function insertEvents(db: Executor, events: NewEvent[]): Promise<void> {
  if (events.length) await db.insertInto('events').values(events).execute();
}
