// What an uploaded file is, judged by its bytes (spec §10.3: JPEG, PNG or WebP, "checked by its
// bytes, not its name"), and its thumbnail. sharp decodes the whole image to make the thumbnail,
// so a file that only starts like an image (a truncated JPEG) is refused here, before it is stored.
import type Sharp from 'sharp';
import type { Metadata } from 'sharp';
import { lazyRequire } from '../../../lib/lazy-require.ts';

/** libvips, loaded with the first image: a process that takes no uploads never pays for it at start-up. */
export const loadSharp = lazyRequire<typeof Sharp>('sharp');
import { ApiError } from '../../../lib/errors.ts';

export const IMAGE_TYPES = {
  jpeg: { contentType: 'image/jpeg', extension: 'jpg' },
  png: { contentType: 'image/png', extension: 'png' },
  webp: { contentType: 'image/webp', extension: 'webp' },
} as const;
export type ImageFormat = keyof typeof IMAGE_TYPES;

/** The longest side of a thumbnail (spec: ≤ 640 px). */
export const THUMBNAIL_PX = 640;
/** Larger images are refused: decoding one is what a decompression bomb attacks. */
export const MAX_PIXELS = 60_000_000;

export interface CheckedImage {
  format: ImageFormat;
  contentType: string;
  extension: string;
  width: number;
  height: number;
  /** JPEG, at most THUMBNAIL_PX on its longest side, turned upright by its EXIF orientation. */
  thumbnail: Buffer;
}

const notAnImage = (field: string, allowed: readonly ImageFormat[], why: string) =>
  ApiError.fromProblems([{ code: 'field_invalid', field, message: `${field} must be a ${allowed.map((f) => f.toUpperCase()).join(', ')} image (${why})` }]);

/** The image at `path`, decoded in full; field_invalid at `field` when it is not one of `allowed` or does not decode. */
export async function checkImage(path: string, field: string, allowed: readonly ImageFormat[]): Promise<CheckedImage> {
  let meta: Metadata;
  try {
    meta = await loadSharp()(path, { limitInputPixels: MAX_PIXELS }).metadata();
  } catch {
    throw notAnImage(field, allowed, 'its bytes are not an image');
  }
  const format = meta.format as ImageFormat;
  if (!allowed.includes(format)) throw notAnImage(field, allowed, `its bytes are ${meta.format ?? 'something else'}`);
  if (!meta.width || !meta.height || meta.width * meta.height > MAX_PIXELS) {
    throw notAnImage(field, allowed, `at most ${MAX_PIXELS / 1_000_000} megapixels`);
  }
  let thumbnail: Buffer;
  try {
    thumbnail = await loadSharp()(path, { limitInputPixels: MAX_PIXELS, failOn: 'truncated' })
      .rotate()
      .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer();
  } catch {
    throw notAnImage(field, allowed, 'it is truncated or damaged and does not decode');
  }
  const upright = (meta.orientation ?? 1) >= 5;
  return {
    format,
    ...IMAGE_TYPES[format],
    width: upright ? meta.height : meta.width,
    height: upright ? meta.width : meta.height,
    thumbnail,
  };
}
