// Writing to the event log: one event per move, numbered per move, inside the caller's
// transaction so the change and its event are committed together or not at all.
import type { Executor } from '../../db/executor.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import type { EventType } from './event-types.ts';
import { insertEvents, nextEventSequence } from './events.repository.ts';

export async function appendEvents(
  trx: Executor,
  ids: IdGenerator,
  e: { moves: { id: number; rooftop_id: number }[]; type: EventType; data: string; now: number },
): Promise<void> {
  const rows = [];
  for (const move of e.moves) {
    rows.push({
      id: ids.uuid(),
      rooftop_id: move.rooftop_id,
      move_id: move.id,
      type: e.type,
      sequence: await nextEventSequence(trx, move.id),
      created_at: e.now,
      data: e.data,
    });
  }
  await insertEvents(trx, rows);
}
