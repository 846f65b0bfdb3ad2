import type { Kysely, Migration } from 'kysely';

/**
 * photos.uploaded_by_driver_id: the driver whose app uploaded the photo or signature (the only
 * uploads there are: POST /v1/driver/moves/:id/photos and .../signature), so the timeline names
 * them rather than "unknown". Null on rows from before this column: those came through the same
 * driver endpoints, but which driver was not recorded (a move's driver can change), so none is guessed.
 */
export const photoUploader = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('photos')
      .addColumn('uploaded_by_driver_id', 'bigint', (c) => c.references('drivers.id'))
      .execute();
  },
});
