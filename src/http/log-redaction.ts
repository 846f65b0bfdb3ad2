// What request logs may say (masks in lib/redaction.ts); headers (Authorization) are never logged at all.
import type { FastifyRequest } from 'fastify';
import { redactUrl } from '../lib/redaction.ts';

export const requestLogSerializers = {
  req(request: FastifyRequest) {
    return {
      method: request.method,
      url: redactUrl(request.url),
      remoteAddress: request.ip,
    };
  },
};
