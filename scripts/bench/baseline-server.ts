// The benchmark's baseline: a bare Fastify server in its own process — no auth, no database, no
// hooks, no logger — with the concierge-loaner request schema validated by Fastify's default AJV,
// answering every request with one fixed body: the reference response (test/fixtures), compacted
// to the form the API sends. What Handoff's routes cost is measured against what this one costs.
//   POST /v1/concierge-loaner-moves   validated body → fixed body
//   GET  /v1/moves/:id, GET /v1/moves → fixed body
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { conciergeLoaner } from '../../src/modules/moves/booking/concierge-loaner.ts';

export const BASELINE_BODY = JSON.stringify(
  JSON.parse(readFileSync(new URL('../../test/fixtures/concierge-loaner.response.json', import.meta.url), 'utf8')),
);

export async function startBaseline(port: number): Promise<{ close(): Promise<void> }> {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  const send = (reply: { type(t: string): { send(b: string): unknown } }) =>
    reply.type('application/json; charset=utf-8').send(BASELINE_BODY);
  app.post(conciergeLoaner.path, { schema: { body: conciergeLoaner.requestSchema } }, async (_request, reply) => send(reply));
  app.get('/v1/moves/:id', async (_request, reply) => send(reply));
  app.get('/v1/moves', async (_request, reply) => send(reply));
  await app.listen({ port, host: '127.0.0.1' });
  return { close: () => app.close() };
}

// Run as a process by the benchmark: PORT=… node --import tsx scripts/bench/baseline-server.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startBaseline(Number(process.env.PORT ?? 8090));
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}
