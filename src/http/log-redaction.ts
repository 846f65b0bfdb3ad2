// What request logs may say: the tracking token in /track/<token> is a bearer secret (whoever
// holds it sees the trip), so it is masked; headers (Authorization) are never logged at all.
import type { FastifyRequest } from 'fastify';

export function redactUrl(url: string): string {
  return url.replace(/^\/track\/[^/?#]+/, '/track/[redacted]');
}

export const requestLogSerializers = {
  req(request: FastifyRequest) {
    return {
      method: request.method,
      url: redactUrl(request.url),
      remoteAddress: request.ip,
    };
  },
};
