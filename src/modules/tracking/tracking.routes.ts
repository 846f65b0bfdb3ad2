// The public tracking page (spec §8): GET /track/:token (HTML), GET /track/:token/status (the same
// facts as JSON, polled by the page), and the page's own stylesheet and script. No login — the
// unguessable token is the key — so every response is locked down: a strict Content-Security-Policy
// (nothing but this origin's stylesheet, script and status JSON), no caching of personal pages, no
// referrer leaking the token, no framing, no indexing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import Type from 'typebox';
import { lockDown as lockDownPage } from '../../http/lock-down.ts';
import { Unchecked } from '../../lib/schema-types.ts';
import { isPlainObject } from '../../lib/validation.ts';
import { type PageAssets, renderExpiredPage, renderNotFoundPage, renderTrackingPage } from './tracking-page.ts';
import type { TrackingService } from './tracking.service.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function asset(file: string, type: string) {
  const body = readFileSync(new URL(`./assets/${file}`, import.meta.url), 'utf8');
  const version = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { file, type, body, version, url: `assets/${file}?v=${version}` };
}

const ASSETS = [asset('tracking.css', 'text/css; charset=utf-8'), asset('tracking.js', 'text/javascript; charset=utf-8')];
const PAGE_ASSETS: PageAssets = { css: ASSETS[0]!.url, js: ASSETS[1]!.url };

/** Headers of every tracking response. */
function lockDown(reply: FastifyReply): FastifyReply {
  return lockDownPage(reply, CONTENT_SECURITY_POLICY);
}

const html = (reply: FastifyReply, status: number, body: string) =>
  lockDown(reply).code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);

const json = (reply: FastifyReply, status: number, body: unknown) =>
  lockDown(reply).code(status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(JSON.stringify(body));

/** The path's token: any string (an unknown one gets the friendly 404 page); the validator is off, the type is honest. */
const TokenParams = Type.Object({ token: Type.String() });
const AssetQuery = Unchecked(Type.Object({ v: Type.Optional(Type.String()) }));

export function trackingRoutes(fastify: FastifyInstance, deps: { tracking: TrackingService }): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  for (const a of ASSETS) {
    app.get(`/track/assets/${a.file}`, { schema: { hide: true, querystring: AssetQuery } }, async (request, reply) => {
      // The page links the current version (?v=<hash>), which never changes: cache it for good.
      const current = isPlainObject(request.query) && request.query.v === a.version;
      return lockDown(reply)
        .header('cache-control', current ? 'public, max-age=31536000, immutable' : 'no-cache')
        .type(a.type)
        .send(a.body);
    });
  }

  // Anyone may guess at tokens: limited per address (the assets above are static and are not).
  const publicRoute = { schema: { hide: true, params: TokenParams }, config: { rateLimitByAddress: true } };
  app.get('/track/:token', publicRoute, async (request, reply) => {
    const { token } = request.params;
    const result = await deps.tracking.track(token);
    if (result.kind === 'not_found') return html(reply, 404, renderNotFoundPage(PAGE_ASSETS));
    if (result.kind === 'expired') return html(reply, 410, renderExpiredPage(PAGE_ASSETS));
    return html(reply, 200, renderTrackingPage(result.status, { token, assets: PAGE_ASSETS }));
  });

  app.get('/track/:token/status', publicRoute, async (request, reply) => {
    const { token } = request.params;
    const result = await deps.tracking.track(token);
    if (result.kind === 'not_found') return json(reply, 404, { state: 'not_found', message: 'This tracking link does not exist.' });
    if (result.kind === 'expired') return json(reply, 410, { state: 'expired', message: 'This tracking link has expired.' });
    return json(reply, 200, result.status);
  });
}
