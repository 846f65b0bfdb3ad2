// The SQL of inspection photos (and signature images): one row per stored original, unique per
// move, slot, step and bytes, so the same upload again finds its row instead of adding one.
import type { Insertable } from 'kysely';
import type { Executor } from '../../../db/executor.ts';
import type { PhotoRow, PhotoTable } from '../../../db/schema.ts';

/** The photos the moves show now (retakes replaced what they retook), oldest first. */
export async function findCurrentPhotosOfMoves(db: Executor, moveIds: number[]): Promise<PhotoRow[]> {
  if (!moveIds.length) return [];
  return db
    .selectFrom('photos')
    .selectAll()
    .where('move_id', 'in', moveIds)
    .where('superseded_at', 'is', null)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

export async function findPhoto(db: Executor, id: string): Promise<PhotoRow | undefined> {
  return db.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPhotoByBytes(
  db: Executor,
  key: { moveId: number; slot: string; stepId: string; sha256: string },
): Promise<PhotoRow | undefined> {
  return db
    .selectFrom('photos')
    .selectAll()
    .where('move_id', '=', key.moveId)
    .where('slot', '=', key.slot)
    .where('step_id', '=', key.stepId)
    .where('sha256', '=', key.sha256)
    .executeTakeFirst();
}

/** Inserts the photo unless the same bytes are already there for its step; true when inserted. */
export async function insertPhoto(db: Executor, row: Insertable<PhotoTable>): Promise<boolean> {
  const result = await db
    .insertInto('photos')
    .values(row)
    .onConflict((oc) => oc.columns(['move_id', 'slot', 'step_id', 'sha256']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** A retake: the step's other current photos are replaced (kept, no longer listed); `keepId` is listed again. */
export async function supersedeOthers(db: Executor, p: { moveId: number; slot: string; stepId: string; keepId: string; now: number }) {
  await db
    .updateTable('photos')
    .set({ superseded_at: p.now })
    .where('move_id', '=', p.moveId)
    .where('slot', '=', p.slot)
    .where('step_id', '=', p.stepId)
    .where('id', '!=', p.keepId)
    .where('superseded_at', 'is', null)
    .execute();
  await db.updateTable('photos').set({ superseded_at: null }).where('id', '=', p.keepId).execute();
}

export async function markPhotoDone(db: Executor, id: string, thumbnailKey: string, now: number): Promise<void> {
  await db.updateTable('photos').set({ status: 'done', thumbnail_key: thumbnailKey, done_at: now }).where('id', '=', id).execute();
}
