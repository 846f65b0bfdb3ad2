// What the geocoding and routing clients share: one JSON request over Node's global fetch with a
// hard deadline, failures sorted into a few kinds the fallbacks and the metrics can act on, and
// the counter interface those outcomes are reported through (prom-client stays in http/).
// Error messages never carry the request URL: Google's key travels in it.

/** Why a provider did not answer usefully. */
export type ProviderFailureKind =
  | 'timeout' //       no complete answer within the deadline
  | 'unreachable' //   connection refused / reset / DNS: the provider is down or misconfigured
  | 'quota' //         over its rate limit or quota (Google OVER_QUERY_LIMIT, HTTP 429)
  | 'denied' //        the key is missing, wrong or not enabled (REQUEST_DENIED, HTTP 401/403)
  | 'rejected' //      the provider called the request invalid (INVALID_REQUEST, HTTP 400)
  | 'no_route' //      a router found no road between the points (OSRM NoRoute)
  | 'error'; //        5xx, UNKNOWN_ERROR, or an answer we cannot read

/** Every outcome a provider call is counted under. */
export type ProviderOutcome = 'ok' | 'not_found' | 'mismatch' | 'invalid_place_id' | ProviderFailureKind;

/** Counts provider calls by provider and outcome; the composition root backs it with prom-client. */
export interface OutcomeCounter {
  inc(provider: string, outcome: ProviderOutcome): void;
}

/** A logger shape pino's satisfies, so these files need not import pino. */
export interface WarnLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export const noCounter: OutcomeCounter = { inc() {} };

/** A provider call's deadline when none is configured (GEOCODER_TIMEOUT_MS / ROUTER_TIMEOUT_MS default to it too). */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 3000;

export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly kind: ProviderFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${provider}: ${message}`, options);
    this.name = 'ProviderError';
  }
}

export interface JsonAnswer {
  status: number;
  /** The parsed body, or undefined when it was empty or not JSON. */
  body: unknown;
}

export interface JsonRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  timeoutMs: number;
}

/**
 * One request, its whole answer read within `timeoutMs` (AbortSignal.timeout covers the body
 * too). Transport failures throw ProviderError; any HTTP status comes back for the client to read,
 * because each provider says "not found" and "failed" differently.
 */
export async function requestJson(provider: string, url: string, req: JsonRequest): Promise<JsonAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.json !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(url, {
      method: req.method ?? 'GET',
      headers,
      body: req.json === undefined ? undefined : JSON.stringify(req.json),
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, body };
  } catch (err) {
    throw transportError(provider, err, req.timeoutMs);
  }
}

function transportError(provider: string, err: unknown, timeoutMs: number): ProviderError {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProviderError(provider, 'timeout', `no answer within ${timeoutMs} ms`, { cause: err });
  }
  // Not String(err): undici's "Failed to parse URL from …" would put the URL, key and all, in a log.
  const code = (err as { cause?: { code?: string } } | null)?.cause?.code;
  return new ProviderError(provider, 'unreachable', `could not be reached (${code ?? name ?? 'fetch failed'})`, { cause: err });
}

/** The failure kind an unsuccessful HTTP status means, for providers that speak plain HTTP. */
export function failureForStatus(status: number): ProviderFailureKind {
  if (status === 429) return 'quota';
  if (status === 401 || status === 403) return 'denied';
  if (status >= 400 && status < 500) return 'rejected';
  return 'error';
}

/** Normalizes a configured base URL: no trailing slash, so paths can be appended. */
export function baseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** A short reason for a warning a customer may read: no provider text, no URLs. */
export function describeFailure(kind: ProviderOutcome, timeoutMs?: number): string {
  switch (kind) {
    case 'timeout':
      return timeoutMs ? `it did not answer within ${timeoutMs} ms` : 'it did not answer in time';
    case 'unreachable':
      return 'it could not be reached';
    case 'quota':
      return 'it is over its request quota';
    case 'denied':
      return 'it refused our credentials';
    case 'rejected':
      return 'it rejected the request';
    case 'no_route':
      return 'it found no road route';
    default:
      return 'it answered with an error';
  }
}
