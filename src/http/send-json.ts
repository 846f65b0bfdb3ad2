import type { FastifyReply } from 'fastify';

/** Send an already-serialized JSON body (documents are serialized by their own compiled schema). */
export function sendJson(reply: FastifyReply, json: string, status = 200) {
  return reply.code(status).type('application/json; charset=utf-8').send(json);
}
