// What every CLI command parser shares: the action it returns, its usage error, and small readers.
import type { Config } from '../config.ts';
import type { Executor } from '../db/executor.ts';

/** A parsed command, run once the database is open and migrated. */
export type Action = (ctx: { db: Executor; migrated: string[]; config: Config }) => Promise<object>;

/** A command line that cannot be run as given: usage is printed with the message (exit status 2). */
export class UsageError extends Error {}

export const INTEGER_ID = /^[1-9]\d{0,14}$/;

/** "a, b,,c" → ["a", "b", "c"]; an absent flag is an empty list. */
export function splitList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
