// The one error module: every error code of the API (spec §4), its HTTP status and what it means.
// Domain code throws ApiError; src/http/error-handler.ts is the only place that renders one.

export const ERROR_CODES = {
  field_missing: { status: 400, description: 'A required field is absent, null or an empty string.' },
  field_invalid: {
    status: 400,
    description: 'A field has the wrong type, format, range or value; the message says what is allowed.',
  },
  address_invalid: {
    status: 400,
    description: 'An address cannot be resolved: unknown ZIP code, ZIP code not in the given state, or the same address used where two different ones are needed.',
  },
  google_place_id_invalid: {
    status: 400,
    description: 'A location was sent as a google_place_id that Google does not know (or that is not a US street address).',
  },
  outside_region: {
    status: 400,
    description: "The drive is outside the service area: both ends are beyond the rooftop's service radius, or the drive is longer than the maximum drive distance.",
  },
  pickup_location_required: { status: 400, description: 'A move object was sent without a pickup location.' },
  move_invalid: { status: 404, description: 'The move id does not exist for this client.' },
  not_found: { status: 404, description: 'Any other missing resource or route.' },
  access_denied: { status: 401, description: 'Missing, malformed, expired or revoked credentials.' },
  missing_scope: { status: 403, description: "The token's role, or its rooftop scope, may not do this." },
  move_duplication: {
    status: 409,
    description: 'duplicate_check found a move of this rooftop in progress with the same value; the body names the existing move_id.',
  },
  idempotency_key_reused: { status: 422, description: 'The same Idempotency-Key was sent with a different body.' },
  idempotency_in_progress: {
    status: 409,
    description: 'The same Idempotency-Key was sent while the first request with it is still running.',
  },
  move_not_modifiable: {
    status: 409,
    description: "The change (edit, cancel, dispatch or driver step) is not allowed in the move's current state; the message says why.",
  },
  workflow_incomplete: {
    status: 409,
    description: "A driver step that completes (or is gated by) a move's inspection was refused: each problem names a required step without a value, a gate step not yet true, or a photo still being stored.",
  },
  workflow_data_invalid: {
    status: 422,
    description: 'Workflow data was refused: a value of the wrong type, a key that is no step of the workflow, or a step this caller may not write; each problem names its key.',
  },
  slot_unavailable: {
    status: 409,
    description: 'The slot asked for cannot be had now: no driver can fit the whole trip, another caller holds it, it is too soon or the lot is closed; the message says which.',
  },
  appointment_not_modifiable: {
    status: 409,
    description: "The appointment cannot be changed so in its current state (canceled, its time past, or a field frozen once a transport is chosen); the problems name the fields.",
  },
  quote_expired: {
    status: 409,
    description: 'The quote_id sent with a booking is past its expires_at, belongs to another client, or was made for a different booking; ask POST /v1/quotes again.',
  },
  charge_settled: {
    status: 409,
    description: "The move's charge is settled (seven days after the move completed): it is final and can no longer be changed.",
  },
  invoice_closed: {
    status: 409,
    description: 'The invoice is closed (paid or written off): it is frozen and takes no payment or change.',
  },
  invalid_json: { status: 400, description: 'The body is not valid JSON, or is not a JSON object.' },
  unsupported_media_type: { status: 415, description: 'The body is not sent as application/json.' },
  payload_too_large: { status: 413, description: 'The body is over the size limit (64 KiB).' },
  bad_request: {
    status: 400,
    description: 'The request is not well-formed HTTP (a broken request line, header or chunked body); it never reached an endpoint.',
  },
  request_timeout: { status: 408, description: 'The request was not received in time; send it again.' },
  headers_too_large: { status: 431, description: 'The request headers are over the size limit (16 KiB).' },
  rate_limited: { status: 429, description: "Over the client's rate limit; wait for the Retry-After header's seconds." },
  internal_server_error: {
    status: 500,
    description: 'Something unexpected happened on our side; it is logged with the request id.',
  },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldProblem {
  code: ErrorCode;
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems: FieldProblem[] = [],
    /** Extra top-level body fields, e.g. move_id on move_duplication. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = ERROR_CODES[code].status;
  }

  /** A request with field problems: the first problem names the error, all of them are listed. */
  static fromProblems(problems: FieldProblem[]): ApiError {
    const first = problems[0];
    if (!first) throw new Error('fromProblems needs at least one problem');
    return new ApiError(first.code, first.message, problems);
  }
}

export const notFound = (what = 'resource') => new ApiError('not_found', `${what} not found`);
export const moveNotFound = () => new ApiError('move_invalid', 'move not found');
