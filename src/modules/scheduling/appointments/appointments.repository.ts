// The SQL of appointments (spec §11.4). A scheduler's repeat of one appointment (same rooftop,
// source and external_id) is found by the unique index, never inserted twice, however it races.
import type { Insertable, Updateable } from 'kysely';
import { writersAreSerialized } from '../../../db/engine.ts';
import type { Executor, Transaction } from '../../../db/executor.ts';
import type { AppointmentRow, AppointmentTable } from '../../../db/schema.ts';
import type { AppointmentStatus } from './appointment-rules.ts';

export type NewAppointmentRow = Insertable<AppointmentTable>;
export type AppointmentChanges = Updateable<AppointmentTable>;

/**
 * Inserts the appointment, or finds the one already stored under its (rooftop, source,
 * external_id): `created` says which. A racing twin's insert waits for the first to commit and
 * then does nothing (PostgreSQL), or runs after it (SQLite's one writer): either way one row.
 */
export async function insertAppointmentOnce(trx: Transaction, row: NewAppointmentRow): Promise<{ row: AppointmentRow; created: boolean }> {
  const inserted = await trx
    .insertInto('appointments')
    .values(row)
    .onConflict((oc) => oc.columns(['rooftop_id', 'source', 'external_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { row: inserted, created: true };
  const existing = await findBySourceKey(trx, row.rooftop_id, row.source, row.external_id!);
  if (!existing) throw new Error('appointment insert conflicted with no stored appointment');
  return { row: existing, created: false };
}

export function findBySourceKey(db: Executor, rooftopId: number, source: string, externalId: string): Promise<AppointmentRow | undefined> {
  return db
    .selectFrom('appointments')
    .selectAll()
    .where('rooftop_id', '=', rooftopId)
    .where('source', '=', source)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function findAppointment(db: Executor, id: number, rooftopIds: number[]): Promise<AppointmentRow | undefined> {
  // No rooftops (an all-rooftops desk before the first one exists): PostgreSQL refuses `in ()`.
  if (!rooftopIds.length) return undefined;
  return db.selectFrom('appointments').selectAll().where('id', '=', id).where('rooftop_id', 'in', rooftopIds).executeTakeFirst();
}

/** The appointment, its row locked until the transaction ends (SQLite's writers are serialized anyway). */
export async function lockAppointment(trx: Transaction, id: number, rooftopIds: number[]): Promise<AppointmentRow | undefined> {
  if (!rooftopIds.length) return undefined;
  return trx
    .selectFrom('appointments')
    .selectAll()
    .where('id', '=', id)
    .where('rooftop_id', 'in', rooftopIds)
    .$if(!writersAreSerialized(trx), (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function updateAppointment(trx: Transaction, id: number, changes: AppointmentChanges): Promise<AppointmentRow> {
  return trx.updateTable('appointments').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export interface AppointmentFilter {
  rooftopIds: number[];
  status: AppointmentStatus | null;
  /** On appointment_time, epoch ms: from inclusive, to exclusive. */
  from: number | null;
  to: number | null;
  beforeId: number | null;
  limit: number;
}

/** Up to `limit + 1` matching appointments, newest first (one more tells whether a page follows). */
export async function findAppointmentPage(db: Executor, f: AppointmentFilter): Promise<AppointmentRow[]> {
  if (!f.rooftopIds.length) return [];
  return db
    .selectFrom('appointments')
    .selectAll()
    .where('rooftop_id', 'in', f.rooftopIds)
    .$if(f.beforeId !== null, (q) => q.where('id', '<', f.beforeId!))
    .$if(f.status !== null, (q) => q.where('status', '=', f.status!))
    .$if(f.from !== null, (q) => q.where('appointment_time', '>=', f.from!))
    .$if(f.to !== null, (q) => q.where('appointment_time', '<', f.to!))
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}
