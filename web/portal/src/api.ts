// The one API client of the portal: @handoff/client on this origin. The browser sends the session
// cookie by itself; the CSRF token it must echo on every change is kept here, in memory only (from
// the session's answer: never in storage a script of another page could read).
import { createHandoffClient } from '@handoff/client';

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export const currentCsrfToken = (): string | null => csrfToken;

/** Called when any call answers 401: the session ended (expired, signed out elsewhere, user disabled). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export const api = createHandoffClient({ baseUrl: location.origin, csrfToken: currentCsrfToken });

api.use({
  onResponse({ response }) {
    if (response.status === 401) for (const listener of unauthorizedListeners) listener();
    return response;
  },
});

/** A spec §4 error body: a summary, and every problem with its field's dotted path. */
export interface Problem {
  code: string;
  message: string;
  errors?: { code: string; field?: string | null; message: string }[];
  request_id?: string;
}

/** What to show for a failed call: the server's §4 body when there is one, else a plain sentence. */
export function asProblem(error: unknown, status?: number): Problem {
  if (error && typeof error === 'object' && typeof (error as Problem).message === 'string') {
    const problem = error as Problem;
    return { ...problem, message: sentence(problem.message) };
  }
  if (status && status >= 500) return { code: 'internal_server_error', message: 'The server could not answer. Try again in a moment.' };
  return { code: 'network', message: 'Handoff could not be reached. Check your connection and try again.' };
}

/** The API's messages are lower-case phrases ("wrong email or password"); the page shows sentences. */
const sentence = (text: string) => {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
};

/** What a call of `api` comes to, for the page: the answer's data, or a problem to show. */
export type Result<T> = { data: T } | { problem: Problem };

/**
 * Runs one call of `api` and answers its data or a §4 problem, so no page writes its own try/catch:
 * a refusal becomes the server's body, a network failure (a throw) a plain sentence. A success with no
 * body (204 No Content, as DELETE answers) is a success too, with `data` undefined.
 */
export async function apiCall<T>(run: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Result<T>> {
  try {
    const { data, error, response } = await run();
    return data !== undefined || response.ok ? { data: data as T } : { problem: asProblem(error, response.status) };
  } catch {
    return { problem: asProblem(null) };
  }
}

/** The problems about one field (for its aria-describedby), by the field's path. */
export function fieldProblems(problem: Problem | null, field: string): string[] {
  return (problem?.errors ?? []).filter((e) => e.field === field).map((e) => e.message);
}
