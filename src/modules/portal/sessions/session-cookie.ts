// The session cookie's name and attributes. HttpOnly: page scripts never see it (the portal reads
// the csrf_token from the session body instead). SameSite=Lax: other sites' pages cannot send it
// with their POSTs. Secure, except for plain http on a loopback host (a developer's own machine),
// where a browser would otherwise refuse to keep it.
import { SESSION_COOKIE } from '../../auth/authenticator.ts';

export { SESSION_COOKIE };

export interface SessionCookieOptions {
  path: '/';
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
}

export function isLoopbackHttp(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  if (url.protocol !== 'http:') return false;
  const host = url.hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** No Max-Age: the browser forgets the cookie when it closes; the server ends the session by its own clock. */
export function sessionCookieOptions(publicUrl: string): SessionCookieOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: !isLoopbackHttp(publicUrl) };
}
