import { ApiError } from '../lib/errors.ts';
import { type FieldReader, isPlainObject, readFields } from '../lib/validation.ts';

/** The request body as a JSON object, or invalid_json (spec §4: "not valid JSON, or not a JSON object"). */
export function bodyObject(body: unknown): Record<string, unknown> {
  // An empty body parses to undefined (json-body.ts), which Fastify hands to routes with a body
  // schema as null: fine for POSTs that take none, not here.
  if (body === undefined || body === null) throw new ApiError('invalid_json', 'the body must be a JSON object (it is empty or null)');
  if (!isPlainObject(body)) throw new ApiError('invalid_json', 'the body must be a JSON object');
  return body;
}

/** Reads a JSON-object body with `read`; throws invalid_json, or every problem `read` recorded. */
export function readBody<T>(body: unknown, read: (r: FieldReader) => T): T {
  return readFields(bodyObject(body), read);
}
