// @handoff/client: a typed client of the Handoff API, over openapi-fetch. Its types (schema.d.ts) are
// generated from the OpenAPI document the server serves, so a call that compiles matches what the
// server documents: paths, parameters, bodies and every answer's shape.
//
// Two ways to authenticate:
//   - integrators: `token` (from POST /v1/authorize), sent as `Authorization: Bearer …`;
//   - the portal (same origin): the browser sends the session cookie by itself, and every request
//     that changes something carries `csrfToken` as `X-CSRF-Token`, which a cookie cannot supply.
// Either may be a function, read on each request, for a value that changes (a renewed token, the
// CSRF token of a new session).
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

export type HandoffClient = Client<paths>;

type Secret = string | null | undefined | (() => string | null | undefined);

export interface HandoffClientOptions {
  /** The server's origin, e.g. `https://handoff.example.com`; `''` (or the page's origin) in the portal. */
  baseUrl: string;
  /** A bearer token (integrators). */
  token?: Secret;
  /** The session's CSRF token (the portal), sent on every request but GET, HEAD and OPTIONS. */
  csrfToken?: Secret;
  /** Another fetch (tests, a proxy, retries); default the global one. */
  fetch?: (input: Request) => Promise<Response>;
}

export const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const read = (secret: Secret) => (typeof secret === 'function' ? secret() : secret) ?? null;

export function createHandoffClient(options: HandoffClientOptions): HandoffClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    // A bearer client never needs cookies; the portal needs its session cookie, and only on its own origin.
    credentials: options.token === undefined ? 'same-origin' : 'omit',
  });
  const auth: Middleware = {
    onRequest({ request }) {
      const token = read(options.token);
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      const csrf = read(options.csrfToken);
      if (csrf && !SAFE_METHODS.has(request.method.toUpperCase())) request.headers.set(CSRF_HEADER, csrf);
      return request;
    },
  };
  client.use(auth);
  return client;
}
