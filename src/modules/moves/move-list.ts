// GET /v1/moves (spec §6): reading its query string and its cursor. Pure: no I/O, so the rules
// (spec §2/§4: every problem listed, field_invalid at the parameter's name) are unit-testable.
import { createHash } from 'node:crypto';
import { parseInstant } from '../../lib/instant.ts';
import { type FieldReader, queryInteger, readFields } from '../../lib/validation.ts';
import { MOVE_STATUSES } from './move-document.schema.ts';
import { MOVE_MAX } from './move.limits.ts';

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
  /** Bounds on the scenario's ready_by_time, epoch ms: from inclusive, to exclusive. */
  readyFrom: number | null;
  readyTo: number | null;
  limit: number;
  /** Keyset position: only moves with an id below this one (from the cursor). */
  beforeId: number | null;
}

// The cursor is the base64url of `move:<id>.<check>` — opaque to clients. The check (a short
// hash of the id; not a secret, the rooftop scope is what protects data) makes a truncated or
// edited cursor a 400 instead of a silently different page.
const CURSOR_RE = /^move:([1-9]\d{0,15})\.([A-Za-z0-9_-]{6})$/;

const cursorCheck = (id: number) =>
  createHash('sha256').update(`handoff/v1/moves cursor ${id}`).digest('base64url').slice(0, 6);

export function encodeCursor(moveId: number): string {
  return Buffer.from(`move:${moveId}.${cursorCheck(moveId)}`, 'utf8').toString('base64url');
}

/** The move id a cursor points after, or null when it is not one we handed out. */
export function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Node's decoder is lenient (ignores stray bits and characters): only our exact encoding passes.
  if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) return null;
  const m = CURSOR_RE.exec(text);
  if (!m?.[1]) return null;
  const id = Number(m[1]);
  return Number.isSafeInteger(id) && m[2] === cursorCheck(id) ? id : null;
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

/** Reads the query string; throws field_invalid listing every bad parameter. */
export function readMoveListQuery(raw: unknown): MoveListQuery {
  return readFields(raw, (query) => {
    const status = query.oneOf('status', STATUS_FILTERS, { required: false });
    const referenceId = query.string('reference_id', { required: false, max: MOVE_MAX.reference });
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
    return { status: status ?? null, referenceId: referenceId ?? null, readyFrom, readyTo, limit, beforeId };
  });
}
