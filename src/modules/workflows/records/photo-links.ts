// A photo's expiring links (spec §10.3: `{base}/v1/photos/:id?sig=…&exp=…`, an hour). Each photo
// signs its links with its own random key (photos.url_key), so a link opens that photo and nothing
// else, and rendering a link needs no server secret — only the row and the time.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a link works: at least LINK_LIFETIME_MS, at most a step more (links are made per step). */
export const LINK_LIFETIME_MS = 60 * 60_000;
/**
 * Links made within one step share their expiry, so a document rendered twice in a step is the
 * same bytes (a stored answer, an event, GET /v1/moves/:id agree) and a stored document can be
 * served as it is until its links get short (see documentFreshUntil).
 */
const STEP_MS = 15 * 60_000;

export type PhotoVariant = 'original' | 'thumbnail';

/** The instant (ms) links made at `now` expire. */
export function linkExpiry(now: number): number {
  return (Math.floor(now / STEP_MS) + 1) * STEP_MS + LINK_LIFETIME_MS;
}

/** Until when a document rendered at `now` may be served as stored: its links then still have 45 minutes. */
export function documentFreshUntil(now: number): number {
  return linkExpiry(now) - 45 * 60_000;
}

function signature(urlKey: string, photoId: string, variant: PhotoVariant, expSeconds: number): string {
  return createHmac('sha256', urlKey).update(`${photoId}.${variant}.${expSeconds}`).digest('base64url').slice(0, 32);
}

export function photoLink(base: string, photo: { id: string; url_key: string }, variant: PhotoVariant, now: number): string {
  const exp = Math.floor(linkExpiry(now) / 1000);
  const path = variant === 'thumbnail' ? `${photo.id}/thumbnail` : photo.id;
  return `${base}/v1/photos/${path}?exp=${exp}&sig=${signature(photo.url_key, photo.id, variant, exp)}`;
}

/** Whether `sig` and `exp` (as sent) open this photo's `variant` at `now`. */
export function linkOpens(
  photo: { id: string; url_key: string },
  variant: PhotoVariant,
  given: { exp: string; sig: string },
  now: number,
): boolean {
  if (!/^\d{1,12}$/.test(given.exp) || !/^[A-Za-z0-9_-]{32}$/.test(given.sig)) return false;
  const exp = Number(given.exp);
  if (exp * 1000 <= now) return false;
  const expected = Buffer.from(signature(photo.url_key, photo.id, variant, exp));
  return timingSafeEqual(expected, Buffer.from(given.sig));
}
