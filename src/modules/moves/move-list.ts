// GET /v1/moves (spec §6): reading its query string and its cursor. Pure: no I/O, so the rules
// (spec §2/§4: every problem listed, field_invalid at the parameter's name) are unit-testable.
import { openCursor, sealCursor } from '../../lib/checked-cursor.ts';
import { parseInstant } from '../../lib/instant.ts';
import { type FieldReader, queryInteger, readFields } from '../../lib/validation.ts';
import { MOVE_STATUSES } from './move-document.schema.ts';
import { MOVE_MAX } from './move.limits.ts';
import { Q_MAX, Q_MAX_WORDS, searchWords } from './move-list-search.ts';

/** The §7 status strings, plus `booked` for a move whose status is still null. */
export const STATUS_FILTERS = ['booked', ...MOVE_STATUSES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
/** The longest `from` / `to` and `cursor` taken (a cursor we hand out is far shorter). */
export const QUERY_INSTANT_MAX = 64;
export const CURSOR_MAX = 64;

export interface MoveListQuery {
  status: StatusFilter | null;
  referenceId: string | null;
  /** The words of `q` (move-list-search.ts): each must match the move; null when not searching. */
  words: string[] | null;
  /** Bounds on the scenario's ready_by_time, epoch ms: from inclusive, to exclusive. */
  readyFrom: number | null;
  readyTo: number | null;
  limit: number;
  /** Keyset position: only moves with an id below this one (from the cursor). */
  beforeId: number | null;
}

// The cursor is opaque to clients: lib/checked-cursor.ts seals the last move id of a page.
const CURSOR_SCOPE = 'moves';

export function encodeCursor(moveId: number): string {
  return sealCursor(CURSOR_SCOPE, String(moveId));
}

/** The move id a cursor points after, or null when it is not one we handed out. */
export function decodeCursor(cursor: string): number | null {
  const position = openCursor(CURSOR_SCOPE, cursor, CURSOR_MAX);
  if (position === null || !/^[1-9]\d{0,15}$/.test(position)) return null;
  const id = Number(position);
  return Number.isSafeInteger(id) ? id : null;
}

/**
 * An instant from a query string. A `+` of an offset arrives as a space when the client did not
 * percent-encode it (form encoding), so `…:00 05:00` after a full time is read as `…:00+05:00`.
 */
function queryInstant(query: FieldReader, key: string): number | null {
  const raw = query.string(key, { required: false, max: QUERY_INSTANT_MAX });
  if (raw === null || raw === undefined) return null;
  const ms = parseInstant(raw.replace(/(\d{2}:\d{2}:\d{2}(?:\.\d+)?) (\d{2}:?\d{2})$/, '$1+$2'));
  if (ms === null) {
    query.invalid(key, `${key} must be an instant such as 2026-03-25T14:00:00Z (ISO 8601 with Z or an offset)`);
    return null;
  }
  return ms;
}

/** `q`: 1–100 characters once trimmed, with at least one letter or digit and at most 8 words. */
function queryWords(query: FieldReader): string[] | null {
  if (query.value.q === undefined) return null;
  // Unlike the other parameters an empty q is refused: a search box sent empty is a client's bug.
  if (query.isAbsent('q')) {
    query.invalid('q', `q must be 1 to ${Q_MAX} characters (spaces around it are ignored); leave it out to list every move`);
    return null;
  }
  const q = query.string('q', { required: false, max: Q_MAX });
  if (q === null || q === undefined) return null;
  const words = searchWords(q);
  if (!words.length) query.invalid('q', 'q must contain a letter or digit: it finds customer names, RO numbers, stock numbers and VINs');
  else if (words.length > Q_MAX_WORDS) query.invalid('q', `q must have at most ${Q_MAX_WORDS} words`);
  else return words;
  return null;
}

/** Reads the query string; throws field_invalid listing every bad parameter. */
export function readMoveListQuery(raw: unknown): MoveListQuery {
  return readFields(raw, (query) => {
    const status = query.oneOf('status', STATUS_FILTERS, { required: false });
    const referenceId = query.string('reference_id', { required: false, max: MOVE_MAX.reference });
    const words = queryWords(query);
    const readyFrom = queryInstant(query, 'from');
    const readyTo = queryInstant(query, 'to');
    if (readyFrom !== null && readyTo !== null && readyTo <= readyFrom) {
      query.invalid('to', 'to must be later than from (from is inclusive, to is exclusive)');
    }
    const limit = queryInteger(query, 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
    const cursor = query.string('cursor', { required: false, max: CURSOR_MAX });
    let beforeId: number | null = null;
    if (cursor) {
      beforeId = decodeCursor(cursor);
      if (beforeId === null) {
        query.invalid('cursor', 'cursor is not valid; send the next_cursor of a previous response unchanged');
      }
    }
    return { status: status ?? null, referenceId: referenceId ?? null, words, readyFrom, readyTo, limit, beforeId };
  });
}
