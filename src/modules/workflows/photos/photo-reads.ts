// Who may read a photo (spec §10.3): a signed link (exp and sig, about an hour), or a bearer token of
// the photo's rooftop (dealer, dealer_admin, ops) or of the move's driver. Anything else — another
// rooftop's photo, a bad or expired link — is reported as no such photo (404).
import type { Database } from '../../../db/database.ts';
import type { PhotoRow } from '../../../db/schema.ts';
import type { Clock } from '../../../lib/clock.ts';
import { notFound } from '../../../lib/errors.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { findScenarioIdOfDriverMove } from '../../moves/lifecycle/lifecycle.repository.ts';
import type { PhotoStore, StoredObject } from '../photo-store/photo-store.ts';
import { linkOpens, type PhotoVariant } from '../records/photo-links.ts';
import { findPhoto } from '../records/photos.repository.ts';

export type PhotoAccess = { link: { exp: string; sig: string } } | { auth: AuthContext };

/** A read answered by the store's own presigned link, or by the bytes. */
export type PhotoRead = { redirect: string } | { object: StoredObject; photo: PhotoRow };

/** How long the object store's own links (the redirect target) work: the redirect is followed at once. */
const PRESIGNED_SECONDS = 300;

const noPhoto = () => notFound('photo');

export class PhotoReads {
  constructor(private readonly deps: { database: Database; clock: Clock; store: PhotoStore }) {}

  async read(photoId: string, variant: PhotoVariant, access: PhotoAccess): Promise<PhotoRead> {
    const photo = /^[0-9a-f-]{36}$/.test(photoId) ? await findPhoto(this.deps.database.db, photoId) : undefined;
    if (!photo || !(await this.mayRead(photo, variant, access))) throw noPhoto();
    const key = variant === 'thumbnail' ? photo.thumbnail_key : photo.storage_key;
    if (key === null) throw noPhoto();
    const presigned = await this.deps.store.presignedGetUrl(key, PRESIGNED_SECONDS);
    if (presigned) return { redirect: presigned };
    const object = await this.deps.store.get(key);
    if (!object) throw noPhoto();
    return { object, photo };
  }

  private async mayRead(photo: PhotoRow, variant: PhotoVariant, access: PhotoAccess): Promise<boolean> {
    if ('link' in access) return linkOpens(photo, variant, access.link, this.deps.clock.now());
    const { auth } = access;
    if (auth.role === 'driver') return (await findScenarioIdOfDriverMove(this.deps.database.db, photo.move_id, auth.driverId!)) !== undefined;
    return auth.rooftopIds.includes(photo.rooftop_id);
  }
}
