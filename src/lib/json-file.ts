// A JSON file named on the admin CLI (workflow sets, regions, contracts): its value, or a
// field_invalid problem of the flag that named it, worded alike for every command. What the value
// must be is for the command's own reader to say.
import { readFileSync, statSync } from 'node:fs';
import { ApiError } from './errors.ts';

/** The file's JSON value. `maxBytes`: a larger file is refused before it is read, with `tooLarge`'s words. */
export function readJsonFile(path: string, field: string, limit?: { maxBytes: number; tooLarge: (path: string, size: number) => string }): unknown {
  const problem = (message: string) => ApiError.fromProblems([{ code: 'field_invalid', field, message }]);
  let text: string;
  try {
    if (limit) {
      const { size } = statSync(path);
      if (size > limit.maxBytes) throw problem(limit.tooLarge(path, size));
    }
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw problem(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw problem(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** The file's JSON, which must be an object (not an array). */
export function readJsonObjectFile(path: string, field: string): Record<string, unknown> {
  const parsed = readJsonFile(path, field);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw ApiError.fromProblems([{ code: 'field_invalid', field, message: `${path} must hold a JSON object` }]);
  }
  return parsed as Record<string, unknown>;
}
