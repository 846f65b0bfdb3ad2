// Bearer-token authentication and role checks (spec §3). Token verification is a hash; the
// client record (role, rooftops, revocation) is cached for at most CLIENT_CACHE_MS so a revoked
// client is locked out within that time even when it was revoked by another process.
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Executor } from '../../db/executor.ts';
import type { Clock } from '../../lib/clock.ts';
import { ApiError } from '../../lib/errors.ts';
import { signToken, verifyToken } from '../../lib/tokens.ts';
import { type ClientRecord, findClient } from '../clients/clients.repository.ts';
import { secretMatches } from '../clients/credentials.ts';
import type { AuthContext } from './auth-context.ts';
import type { Role } from '../clients/roles.ts';

export type { AuthContext };

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext;
  }
}

const CLIENT_CACHE_MS = 30_000;

/** The portal's session cookie (modules/portal/sessions): an opaque random id, kept hashed server-side. */
export const SESSION_COOKIE = 'handoff_session';

export interface SessionRequest {
  method: string;
  /** The X-CSRF-Token header, required of a state-changing request. */
  csrfToken: string | undefined;
}

/** Authenticates a portal session cookie: a port, so auth does not depend on the portal's module. */
export interface SessionAuthenticator {
  authenticate(cookie: string, request: SessionRequest): Promise<AuthContext>;
}

const denied = (message: string) => new ApiError('access_denied', message);

export class Authenticator {
  private readonly cache = new Map<string, { client: ClientRecord | undefined; until: number }>();

  constructor(
    private readonly db: Executor,
    private readonly secret: string,
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
    private readonly sessions: SessionAuthenticator | null = null,
  ) {}

  /** POST /v1/authorize: exchange client credentials for a bearer token. */
  async issue(clientId: string, clientSecret: string) {
    const client = await findClient(this.db, clientId);
    if (!client || client.revokedAt !== null || !secretMatches(clientSecret, client.secretHash)) {
      throw denied('unknown client_id or wrong client_secret');
    }
    const now = this.clock.now();
    const exp = Math.floor(now / 1000) + this.ttlSeconds;
    return {
      access_token: signToken({ sub: client.clientId, exp }, this.secret),
      token_type: 'Bearer' as const,
      expires_in: this.ttlSeconds,
      expires_at: new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  }

  async authenticate(header: string | undefined): Promise<AuthContext> {
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1]) throw denied('send Authorization: Bearer <access_token> (get one from POST /v1/authorize)');
    const payload = verifyToken(match[1], this.secret);
    if (!payload) throw denied('the access token is not valid');
    if (payload.exp * 1000 <= this.clock.now()) throw denied('the access token has expired; authorize again');
    const client = await this.client(payload.sub);
    if (!client) throw denied('the access token is not valid');
    if (client.revokedAt !== null) throw denied('the client has been revoked');
    return {
      clientId: client.clientId,
      role: client.role,
      rooftopIds: client.rooftopIds,
      allRooftops: client.allRooftops,
      driverId: client.driverId,
    };
  }

  /** Drop a cached client at once (after a revocation in this process). */
  forget(clientId: string): void {
    this.cache.delete(clientId);
  }

  private async client(clientId: string): Promise<ClientRecord | undefined> {
    const now = this.clock.now();
    const hit = this.cache.get(clientId);
    if (hit && hit.until > now) return hit.client;
    const client = await findClient(this.db, clientId);
    this.cache.set(clientId, { client, until: now + CLIENT_CACHE_MS });
    return client;
  }

  /**
   * A bearer token when the request has an Authorization header; otherwise the portal session
   * cookie, if any (the contract: a session acts on /v1 as an API client of its role and rooftops).
   */
  private authenticateRequest(request: FastifyRequest): Promise<AuthContext> {
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (request.headers.authorization !== undefined || !cookie || !this.sessions) return this.authenticate(request.headers.authorization);
    const csrf = request.headers['x-csrf-token'];
    return this.sessions.authenticate(cookie, { method: request.method, csrfToken: typeof csrf === 'string' ? csrf : undefined });
  }

  /** An onRequest hook: authenticate, then require one of `roles`. */
  guard(roles: readonly Role[]): onRequestHookHandler {
    return async (request: FastifyRequest) => {
      request.auth = await this.authenticateRequest(request);
      if (!roles.includes(request.auth.role)) {
        throw new ApiError('missing_scope', `this endpoint needs the ${roles.join(' or ')} role`);
      }
    };
  }
}
