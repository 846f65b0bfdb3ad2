// The one renderer of error responses (spec §4). Whatever goes wrong — a domain ApiError,
// Fastify's own body parsing errors, an unknown route, or a bug — leaves here as the same JSON
// shape, and nothing internal (stack, SQL, driver message) ever reaches the client.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, ERROR_CODES } from '../lib/errors.ts';

export interface ErrorBody {
  code: string;
  message: string;
  doc_url: string;
  errors: { code: string; field: string | null; message: string }[];
  request_id: string;
  [extra: string]: unknown;
}

/**
 * How large an error answer may be (ours). A request can hold tens of thousands of bad values (a
 * 64 KiB list of numbers); listing a problem for each made answers of 9–14 MB, stored again under
 * an Idempotency-Key. So the first problems are listed — as many as fit both bounds — then one
 * entry says how many more there are; messages and field paths are cut to a sane length.
 */
export const ERROR_ANSWER_LIMITS = {
  /** Problems listed in `errors` before the "n more" entry. */
  listedProblems: 50,
  /** The whole `errors` list, as JSON. */
  listBytes: 12 * 1024,
  messageChars: 500,
  fieldChars: 200,
} as const;

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function listedProblems(err: ApiError): ErrorBody['errors'] {
  const all = err.problems.length ? err.problems : [{ code: err.code, field: null, message: err.message }];
  const { listedProblems: most, listBytes, messageChars, fieldChars } = ERROR_ANSWER_LIMITS;
  const listed: ErrorBody['errors'] = [];
  let bytes = 0;
  for (const p of all) {
    const entry = { code: p.code, field: p.field === null ? null : cut(p.field, fieldChars), message: cut(p.message, messageChars) };
    // Room is kept for the closing "n more" entry (under 200 bytes).
    bytes += Buffer.byteLength(JSON.stringify(entry)) + 1;
    if (listed.length === most || bytes > listBytes - 200) break;
    listed.push(entry);
  }
  const more = all.length - listed.length;
  if (more > 0) {
    listed.push({
      code: err.code,
      field: null,
      message: `${more} more problem${more === 1 ? ' is' : 's are'} not listed (${listed.length} of ${all.length} shown); fix these and send again to see the rest`,
    });
  }
  return listed;
}

export function errorBody(err: ApiError, publicUrl: string, requestId: string): ErrorBody {
  return {
    code: err.code,
    message: cut(err.message, ERROR_ANSWER_LIMITS.messageChars),
    doc_url: `${publicUrl}/docs/errors#${err.code}`,
    errors: listedProblems(err),
    request_id: requestId,
    ...err.extra,
  };
}

/** Fastify's own errors (raised before our handlers run) mapped onto API error codes. */
function fromFastifyError(err: FastifyError): ApiError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('unsupported_media_type', 'the body must be sent as Content-Type: application/json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('payload_too_large', 'the body is larger than the 64 KiB limit');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('invalid_json', 'the body is empty; send a JSON object');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('invalid_json', 'the body is not valid JSON');
  }
  // The JSON parser's SyntaxError and prototype-poisoning refusals carry a 400 and no code.
  if (err.statusCode === 400 && (err instanceof SyntaxError || /JSON|__proto__|constructor/i.test(err.message))) {
    return new ApiError('invalid_json', 'the body is not valid JSON');
  }
  if (err.statusCode === 413) return new ApiError('payload_too_large', 'the body is larger than the size limit');
  if (err.statusCode === 415) return new ApiError('unsupported_media_type', 'the body must be sent as application/json');
  return null;
}

export function sendError(reply: FastifyReply, request: FastifyRequest, err: ApiError, publicUrl: string) {
  return reply
    .code(err.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(errorBody(err, publicUrl, request.id)));
}

export function registerErrorHandling(app: FastifyInstance, publicUrl: string): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let apiError = error instanceof ApiError ? error : fromFastifyError(error);
    if (!apiError) {
      request.log.error({ err: error }, 'unexpected error');
      apiError = new ApiError('internal_server_error', 'something went wrong on our side; quote the request_id to support');
    } else if (apiError.status >= 500) {
      request.log.error({ err: error }, apiError.message);
    }
    return sendError(reply, request, apiError, publicUrl);
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, request, new ApiError('not_found', `no route for ${request.method} ${request.url.split('?')[0]}`), publicUrl),
  );
}

/**
 * Fastify's clientErrorHandler: what a connection gets when Node's HTTP parser refuses its bytes
 * (malformed framing, headers over the limit, too slow) before any request or route exists. The
 * framework writes to the socket itself here, so this is the one answer written by hand; it has
 * the §4 shape like every other error, with a fresh request id.
 */
export function clientErrorHandler(publicUrl: string) {
  return (err: NodeJS.ErrnoException, socket: Duplex): void => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const apiError =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? new ApiError('headers_too_large', 'the request headers are larger than the 16 KiB limit')
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new ApiError('request_timeout', 'the request was not received in time')
          : new ApiError('bad_request', 'the request is not well-formed HTTP/1.1');
    const body = JSON.stringify(errorBody(apiError, publicUrl, randomUUID()));
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(err);
  };
}

export const ERROR_DOCS = Object.entries(ERROR_CODES).map(([code, { status, description }]) => ({
  code,
  status,
  description,
}));
