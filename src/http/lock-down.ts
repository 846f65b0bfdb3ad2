// The headers of every page Handoff serves to a browser (the tracking page, the portal): nothing may
// frame it, sniff its types, learn its address from a referrer, or use the device's sensors; each
// page adds its own Content-Security-Policy. Kept here once so the pages cannot drift apart.
import type { FastifyReply } from 'fastify';

export const LOCK_DOWN_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'geolocation=(), camera=(), microphone=()',
  'x-robots-tag': 'noindex, nofollow',
};

/** The lock-down headers and `csp` as the Content-Security-Policy. */
export function lockDown(reply: FastifyReply, csp: string): FastifyReply {
  return reply.header('content-security-policy', csp).headers(LOCK_DOWN_HEADERS);
}
