import { sql } from 'kysely';
import type { Executor } from '../../db/executor.ts';
import { lockKey } from '../../db/locks.ts';
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

/** Next per-appointment event sequence number, taken under the appointment's row lock. */
export async function nextAppointmentEventSequence(db: Executor, appointmentId: number): Promise<number> {
  const row = await db
    .updateTable('appointments')
    .set((eb) => ({ event_sequence: eb('event_sequence', '+', 1) }))
    .where('id', '=', appointmentId)
    .returning('event_sequence')
    .executeTakeFirstOrThrow();
  return row.event_sequence;
}

/** Next per-invoice event sequence number, taken under the invoice's row lock. */
export async function nextInvoiceEventSequence(db: Executor, invoiceId: number): Promise<number> {
  const row = await db
    .updateTable('invoices')
    .set((eb) => ({ event_sequence: eb('event_sequence', '+', 1) }))
    .where('id', '=', invoiceId)
    .returning('event_sequence')
    .executeTakeFirstOrThrow();
  return row.event_sequence;
}

export async function findEvent(db: Executor, id: string, rooftopIds: number[]) {
  // No rooftops (an all-rooftops desk before the first one exists): PostgreSQL refuses `in ()`.
  if (!rooftopIds.length) return undefined;
  return db.selectFrom('events').selectAll().where('id', '=', id).where('rooftop_id', 'in', rooftopIds).executeTakeFirst();
}

/**
 * Gives committed events their log positions, in insert order, after every position already
 * given. Only committed rows are visible to this statement, so an event whose transaction commits
 * later is numbered later: a reader's cursor never has an event appear behind it. Serialized by
 * a lock on PostgreSQL (SQLite writes one at a time anyway).
 */
export async function sequenceEvents(db: Executor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockKey(trx, 'event-log-sequencer');
    await sql`
      update events set log_position = numbered.n
      from (
        select position,
               (select coalesce(max(log_position), 0) from events) + row_number() over (order by position) as n
        from events where log_position is null
      ) as numbered
      where events.position = numbered.position`.execute(trx);
  });
}

/** The rooftops' sequenced events in log order, after a log position and from an instant; one extra row tells if more follow. */
export async function listEvents(
  db: Executor,
  q: { rooftopIds: number[]; afterLogPosition: number | null; from: number | null; limit: number },
) {
  if (!q.rooftopIds.length) return [];
  return db
    .selectFrom('events')
    .selectAll()
    .where('rooftop_id', 'in', q.rooftopIds)
    .where('log_position', 'is not', null)
    .$if(q.afterLogPosition !== null, (b) => b.where('log_position', '>', q.afterLogPosition!))
    .$if(q.from !== null, (b) => b.where('created_at', '>=', q.from!))
    .orderBy('log_position')
    .limit(q.limit + 1)
    .execute();
}

export async function findEventsOfMove(db: Executor, moveId: number) {
  return db.selectFrom('events').selectAll().where('move_id', '=', moveId).orderBy('sequence').execute();
}
