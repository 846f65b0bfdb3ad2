// The session endpoints (POST, GET and DELETE /v1/session) through the typed client. A session's
// answer carries the CSRF token, kept in memory (api.ts) for the calls that change something.
import type { operations } from '@handoff/client';
import { api, asProblem, type Problem, setCsrfToken } from './api.ts';

export type SessionBody = operations['getSession']['responses'][200]['content']['application/json'];
export type PortalUser = SessionBody['user'];
export type Role = PortalUser['role'];

export type SessionAnswer =
  | { ok: true; session: SessionBody }
  | { ok: false; status: number; problem: Problem; retryAfterSeconds: number | null };

type Call = { data?: SessionBody; error?: unknown; response: Response };

function answer({ data, error, response }: Call): SessionAnswer {
  if (data) {
    setCsrfToken(data.csrf_token);
    return { ok: true, session: data };
  }
  const retry = Number(response.headers.get('retry-after'));
  return {
    ok: false,
    status: response.status,
    problem: asProblem(error, response.status),
    retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : null,
  };
}

export async function readSession(): Promise<SessionAnswer> {
  return answer(await api.GET('/v1/session'));
}

export async function signIn(email: string, password: string): Promise<SessionAnswer> {
  return answer(await api.POST('/v1/session', { body: { email, password } }));
}

/** Ends the session (the server clears the cookie). Whatever it answers — a 401 means it was over already — the token goes. */
export async function signOut(): Promise<void> {
  try {
    await api.DELETE('/v1/session');
  } finally {
    setCsrfToken(null);
  }
}
