// The photo object (spec §10.3): the documented keys exactly, then ours. Rendered from the row and
// the time links are made at (photo-links.ts); used by the move document, the upload's answer and
// the photo.status.changed event.
import Type from 'typebox';
import type { PhotoRow } from '../../../db/schema.ts';
import { formatInstant } from '../../../lib/instant.ts';
import { Instant, Nullable, NullableInstant, NullableString } from '../../../lib/schema-types.ts';
import { photoLink } from './photo-links.ts';

export const PHOTO_STATUSES = ['pending', 'done'] as const;

export const PhotoSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  move_id: Type.Integer(),
  name: Type.String(),
  step_id: Type.String(),
  url: NullableString({ description: 'A signed link that works for about an hour (GET /v1/photos/:id with a token always works)' }),
  status: Type.String({ enum: [...PHOTO_STATUSES] }),
  time: NullableInstant(),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  slot: Type.String({ enum: ['pickup', 'delivery'] }),
  sha256: Type.String({ description: 'Hex SHA-256 of the stored bytes' }),
  width: Type.Integer(),
  height: Type.Integer(),
  bytes: Type.Integer(),
  content_type: Type.String(),
  received_at: Instant(),
  thumbnail_url: NullableString({ description: 'A signed link to a copy at most 640 px wide or high, once the photo is done' }),
});

export interface Links {
  /** PUBLIC_URL: the base of every link. */
  publicUrl: string;
  /** When the links are made (they expire about an hour later). */
  now: number;
}

export function photoDocument(p: PhotoRow, links: Links) {
  return {
    id: p.id,
    move_id: p.move_id,
    name: p.name,
    step_id: p.step_id,
    url: photoLink(links.publicUrl, p, 'original', links.now),
    status: p.status,
    time: p.taken_at === null ? null : formatInstant(p.taken_at),
    lat: p.lat,
    lon: p.lon,
    slot: p.slot,
    sha256: p.sha256,
    width: p.width,
    height: p.height,
    bytes: p.bytes,
    content_type: p.content_type,
    received_at: formatInstant(p.received_at),
    thumbnail_url: p.thumbnail_key === null ? null : photoLink(links.publicUrl, p, 'thumbnail', links.now),
  };
}

export type PhotoDocument = ReturnType<typeof photoDocument>;
