// POST, GET and DELETE /v1/session: the portal's sign-in, "who am I" and sign-out. Every attempt
// is logged with the email and its outcome (never the password); a wrong email and a wrong password
// answer the same 401, and an email locked out after repeated failures answers 429 with Retry-After.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { bodyObject } from '../../../http/body.ts';
import { errorResponses, PUBLIC } from '../../../http/openapi.ts';
import { ApiError } from '../../../lib/errors.ts';
import { NoContent } from '../../../lib/schema-types.ts';
import { readFields } from '../../../lib/validation.ts';
import { SessionUserSchema } from '../accounts/user-document.ts';
import { readPassword } from '../accounts/user-request.ts';
import { EMAIL_MAX, PASSWORD_MAX } from '../accounts/user-rules.ts';
import { CSRF_HEADER } from './csrf.ts';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie.ts';
import type { SessionService } from './sessions.service.ts';

const tags = ['Portal sessions'];

const SessionBody = Type.Object({
  user: SessionUserSchema,
  csrf_token: Type.String({ description: 'Send it as X-CSRF-Token with every request that changes something (not GET/HEAD/OPTIONS)' }),
  expires_at: Type.String({ format: 'date-time', description: 'When the session ends if unused; each request moves it on' }),
});

const LoginBody = Type.Object({
  email: Type.String({ maxLength: EMAIL_MAX }),
  password: Type.String({ maxLength: PASSWORD_MAX }),
});

const WRONG = 'wrong email or password';
const COOKIE_NOTE = `Authenticated by the ${SESSION_COOKIE} cookie that POST /v1/session sets.`;

export function sessionsRoutes(app: FastifyInstance, deps: { sessions: SessionService; publicUrl: string }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const cookieOptions = sessionCookieOptions(deps.publicUrl);

  api.post(
    '/v1/session',
    {
      config: { rateLimitByAddress: true },
      schema: {
        operationId: 'createSession',
        tags,
        summary: 'Sign in to the portal',
        description: `Sets the ${SESSION_COOKIE} cookie (HttpOnly, SameSite=Lax) of a new session; any session the browser had is ended.`,
        security: PUBLIC,
        body: LoginBody,
        response: { 200: SessionBody, ...errorResponses(400, 401, 413, 415, 429, 500) },
      },
    },
    async (request, reply) => {
      const body = readFields(bodyObject(request.body), (r) => ({
        email: r.string('email', { required: true, max: EMAIL_MAX }) ?? '',
        password: readPassword(r, 'password', { required: true }) ?? '',
      }));
      const old = request.cookies[SESSION_COOKIE];
      if (old) await deps.sessions.discard(old);
      const result = await deps.sessions.login(body.email, body.password);
      request.log.info({ email: body.email.toLowerCase(), outcome: result.outcome }, 'portal login');
      if (result.outcome === 'locked') return refuseLocked(reply, result.retryAfterMs);
      if (result.outcome !== 'success') throw new ApiError('access_denied', WRONG);
      reply.setCookie(SESSION_COOKIE, result.cookie, cookieOptions);
      return result.view;
    },
  );

  api.get(
    '/v1/session',
    {
      schema: {
        operationId: 'getSession',
        tags,
        summary: 'The signed-in portal user, the CSRF token and when the session ends',
        description: COOKIE_NOTE,
        security: PUBLIC,
        response: { 200: SessionBody, ...errorResponses(401, 429, 500) },
      },
    },
    async (request) => deps.sessions.current(cookieOf(request)),
  );

  api.delete(
    '/v1/session',
    {
      schema: {
        operationId: 'deleteSession',
        tags,
        summary: 'Sign out: the session ends and its cookie is cleared',
        description: `${COOKIE_NOTE} Needs the X-CSRF-Token header.`,
        security: PUBLIC,
        response: { 204: NoContent('Signed out'), ...errorResponses(400, 401, 413, 415, 429, 500) },
      },
    },
    async (request, reply) => {
      const csrf = request.headers[CSRF_HEADER];
      await deps.sessions.logout(cookieOf(request), { method: 'DELETE', csrfToken: typeof csrf === 'string' ? csrf : undefined });
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send();
    },
  );
}

function cookieOf(request: FastifyRequest): string {
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) throw new ApiError('access_denied', 'no portal session: sign in with POST /v1/session');
  return cookie;
}

function refuseLocked(reply: FastifyReply, retryAfterMs: number): never {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  reply.header('retry-after', String(seconds));
  throw new ApiError('rate_limited', `too many failed sign-ins for this email; retry in ${seconds} s`);
}
