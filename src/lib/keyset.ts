// Keyset pages (GET /v1/moves, /v1/events, /v1/webhooks/:id/deliveries): a query fetches one row
// more than the page, so whether another page follows is known without counting, and the cursor is
// the position of the page's last row. Positions never shift while a client pages on.
import type { FieldReader } from './validation.ts';

/** One page of `rows` fetched with `limit + 1`: the page, and whether more rows follow it. */
export function keysetPage<T>(rows: T[], limit: number): { page: T[]; hasMore: boolean } {
  const hasMore = rows.length > limit;
  return { page: hasMore ? rows.slice(0, limit) : rows, hasMore };
}

/** The cursor after the page's last row, or null on the last page. */
export function nextCursor<T>(page: { page: T[]; hasMore: boolean }, cursorOf: (last: T) => string): string | null {
  const last = page.page.at(-1);
  return page.hasMore && last !== undefined ? cursorOf(last) : null;
}

/**
 * A plain position cursor, `<prefix><digits>` as next_cursor hands it out (`e12`, `d7`); null when
 * absent, and a problem at `cursor` when it is not one of ours.
 */
export function readPositionCursor(q: FieldReader, prefix: string, max: number): number | null {
  const raw = q.string('cursor', { required: false, max });
  if (raw === null) return null;
  const digits = raw.startsWith(prefix) ? raw.slice(prefix.length) : '';
  if (!/^\d{1,15}$/.test(digits)) {
    q.invalid('cursor', 'cursor must be a next_cursor from a previous page');
    return null;
  }
  return Number(digits);
}
