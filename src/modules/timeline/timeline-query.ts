// GET /v1/moves/:id/timeline's query string and its cursor. Pure (spec §4: every problem listed
// at the parameter's name). The cursor is sealed like GET /v1/moves's (lib/checked-cursor.ts); its
// position is a whole keyset key (instant, source rank, id).
import { openCursor, sealCursor } from '../../lib/checked-cursor.ts';
import { queryInteger, readFields } from '../../lib/validation.ts';
import { SOURCES, TEXT_ID_SOURCES, type TimelineKey } from './timeline-items.ts';

export const TIMELINE_LIMIT = { min: 1, max: 500, default: 100 } as const;
/** Longer than any cursor handed out (about 100 characters for a photo's UUID). */
export const TIMELINE_CURSOR_MAX = 160;

export interface TimelineQuery {
  limit: number;
  /** Only items after this key; null: from the start. */
  after: TimelineKey | null;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const POSITION_RE = new RegExp(`^(\\d{1,15})\\.(\\d)\\.([1-9]\\d{0,15}|0|${UUID})$`);
const CURSOR_SCOPE = 'timeline';

export function encodeTimelineCursor(key: TimelineKey): string {
  return sealCursor(CURSOR_SCOPE, `${key.at}.${key.rank}.${key.id}`);
}

/** The key a cursor points after, or null when it is not one we handed out. */
export function decodeTimelineCursor(cursor: string): TimelineKey | null {
  const position = openCursor(CURSOR_SCOPE, cursor, TIMELINE_CURSOR_MAX);
  const m = position === null ? null : POSITION_RE.exec(position);
  if (!m) return null;
  const [, at, rank, id] = m as unknown as [string, string, string, string];
  const source = SOURCES[Number(rank)];
  if (source === undefined) return null;
  // Each source has one kind of id: a UUID only where the source's ids are UUIDs.
  if (TEXT_ID_SOURCES.includes(source) !== id.includes('-')) return null;
  return { at: Number(at), rank: Number(rank), id };
}

/** Reads the query string; throws field_invalid listing every bad parameter (unknown ones are ignored, spec §2). */
export function readTimelineQuery(raw: unknown): TimelineQuery {
  return readFields(raw, (query) => {
    const limit = queryInteger(query, 'limit', TIMELINE_LIMIT.min, TIMELINE_LIMIT.max) ?? TIMELINE_LIMIT.default;
    const cursor = query.string('cursor', { required: false, max: TIMELINE_CURSOR_MAX });
    let after: TimelineKey | null = null;
    if (cursor) {
      after = decodeTimelineCursor(cursor);
      if (after === null) query.invalid('cursor', 'cursor is not valid; send the next_cursor of a previous response unchanged');
    }
    return { limit, after };
  });
}
