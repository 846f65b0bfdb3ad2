// Opaque list cursors (GET /v1/moves, a move's timeline): the base64url of `<scope>:<position>.<check>`.
// The check (a short hash of scope and position; not a secret, the caller's access rules are what
// protect data) makes a truncated or edited cursor a 400 instead of a silently different page. Each
// list keeps only its own position format; the wrapping and the checks live here once.
import { createHash } from 'node:crypto';

const CHECK_LENGTH = 6;

const check = (scope: string, position: string) =>
  createHash('sha256').update(`handoff/v1 cursor ${scope}:${position}`).digest('base64url').slice(0, CHECK_LENGTH);

/** The cursor for `position` (which must not be empty) in the list named `scope`. */
export function sealCursor(scope: string, position: string): string {
  return Buffer.from(`${scope}:${position}.${check(scope, position)}`, 'utf8').toString('base64url');
}

/**
 * The position a cursor of `scope` carries, or null when it is not one we handed out (not base64url,
 * over `maxLength`, another list's, or edited). The caller still checks the position's own format.
 */
export function openCursor(scope: string, cursor: string, maxLength: number): string | null {
  if (cursor.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Node's decoder is lenient (ignores stray bits and characters): only our exact encoding passes.
  if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) return null;
  const prefix = `${scope}:`;
  const dot = text.lastIndexOf('.');
  if (!text.startsWith(prefix) || dot <= prefix.length) return null;
  const position = text.slice(prefix.length, dot);
  return text.slice(dot + 1) === check(scope, position) ? position : null;
}
