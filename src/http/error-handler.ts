// The one renderer of error responses (spec §4). Whatever goes wrong — a domain ApiError,
// Fastify's own body parsing errors, an unknown route, or a bug — leaves here as the same JSON
// shape, and nothing internal (stack, SQL, driver message) ever reaches the client.
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

export function errorBody(err: ApiError, publicUrl: string, requestId: string): ErrorBody {
  const errors = err.problems.length
    ? err.problems.map((p) => ({ code: p.code, field: p.field, message: p.message }))
    : [{ code: err.code, field: null, message: err.message }];
  return {
    code: err.code,
    message: err.message,
    doc_url: `${publicUrl}/docs/errors#${err.code}`,
    errors,
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

export const ERROR_DOCS = Object.entries(ERROR_CODES).map(([code, { status, description }]) => ({
  code,
  status,
  description,
}));
