// What every operation of the OpenAPI document says besides its own schemas: who may call it
// (security) and its error answers. Integrators generate clients from the served document, so
// each operation lists the §4 statuses it can answer, all with the one Error component.
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { ERROR_CODES, type ErrorCode } from '../lib/errors.ts';
import { ERROR_SCHEMA_ID, ErrorResponse } from '../lib/schema-types.ts';

/** A bearer token from POST /v1/authorize (the `bearer` security scheme of the document). */
export const BEARER = [{ bearer: [] }];
/** No token: the endpoint is public, or checks its caller some other way (Twilio's signature). */
export const PUBLIC = [];

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500;

/** Answered by the HTTP parser before any route exists (clientErrorHandler): never an operation's. */
const BEFORE_ROUTING: ReadonlySet<ErrorCode> = new Set(['bad_request', 'request_timeout', 'headers_too_large']);

function describe(status: ErrorStatus): string {
  const codes = Object.entries(ERROR_CODES)
    .filter(([code, e]) => e.status === status && !BEFORE_ROUTING.has(code as ErrorCode))
    .map(([code]) => `\`${code}\``);
  const which = codes.length > 1 ? `${codes.slice(0, -1).join(', ')} or ${codes.at(-1)}` : codes[0];
  return `${STATUS_CODES[status]}: ${which} (see /docs/errors)`;
}

/** Registers the Error component; before any route that refers to it. */
export function registerErrorSchema(app: FastifyInstance): void {
  app.addSchema(ErrorResponse);
}

/**
 * The `response` entries of the given error statuses. Documentation only, as far as the bytes go:
 * error-handler.ts sends every error as a JSON string it serialized itself, and Fastify passes a
 * string with a JSON content type through untouched, so these schemas never re-render an error.
 */
export function errorResponses(...statuses: ErrorStatus[]): Record<number, { $ref: string; description: string }> {
  return Object.fromEntries(statuses.map((s) => [s, { $ref: `${ERROR_SCHEMA_ID}#`, description: describe(s) }]));
}
