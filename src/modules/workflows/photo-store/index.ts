// Which PhotoStore runs, chosen by config (PHOTO_STORE): the embedded files under the data directory,
// or an S3-compatible bucket. Callers get the port and never learn which.
import { LocalPhotoStore } from './local-photo-store.ts';
import type { PhotoStore } from './photo-store.ts';
import { S3PhotoStore, type S3Settings } from './s3-photo-store.ts';

export type { PhotoStore, StoredObject } from './photo-store.ts';
export { assertValidKey, contentTypeOfKey } from './photo-store.ts';
export { LocalPhotoStore } from './local-photo-store.ts';
export { S3PhotoStore, type S3PhotoStoreOptions, type S3Settings } from './s3-photo-store.ts';

/** The shape of Config['photos']['store'] (config.ts), declared here too so this module depends on no other. */
export type PhotoStoreConfig = { kind: 'local'; dir: string } | { kind: 's3'; s3: S3Settings };

export function createPhotoStore(config: PhotoStoreConfig): PhotoStore {
  switch (config.kind) {
    case 'local':
      return new LocalPhotoStore(config.dir);
    case 's3':
      return new S3PhotoStore(config.s3);
  }
}
