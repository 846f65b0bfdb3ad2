// The portal's front end (web/portal, built into <build>/portal/): GET /portal and every page under
// it answer index.html — the app routes in the browser — never cached, so a new build reaches
// everyone on their next load; GET /portal/assets/<hashed file> answers the file, cached for good
// (its name changes with its content), in the smallest precompressed encoding the browser takes.
// Every answer carries the page lock-down headers and the portal's Content-Security-Policy. Not
// part of the API: hidden from the OpenAPI document. Without a build (running from the sources
// before `npm run build`), every page answers 503 saying so.
import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { lockDown } from '../../../http/lock-down.ts';
import { notFound } from '../../../lib/errors.ts';
import { type PortalBuild, readPortalBuild } from './portal-build.ts';
import { chooseEncoding, portalCsp } from './portal-web-rules.ts';

export interface PortalWebOptions {
  /** The built portal (index.html, assets/). */
  dir: string;
  /** PORTAL_TILE_URL: allowed by the policy and handed to the page. */
  tileUrl: string | null;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Handoff portal: not built</title></head>
<body><main><h1>The portal has not been built</h1>
<p>This server has no built portal to serve. Run <code>npm run build</code> (it builds the portal into
<code>dist/portal/</code>), then restart Handoff.</p></main></body></html>
`;

export function portalWebRoutes(app: FastifyInstance, options: PortalWebOptions): void {
  const csp = portalCsp(options.tileUrl);
  let build: PortalBuild | null = null;
  let warned = false;
  /** The build, read on first use and kept; looked for again on each request until there is one. */
  const current = (request: FastifyRequest): PortalBuild | null => {
    build ??= readPortalBuild(options.dir, options.tileUrl);
    if (!build && !warned) {
      warned = true;
      request.log.warn({ dir: options.dir }, 'no portal build to serve: run `npm run build`');
    }
    return build;
  };

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const found = current(request);
    lockDown(reply, csp).header('cache-control', 'no-store').type('text/html; charset=utf-8');
    return found ? reply.send(found.indexHtml) : reply.code(503).send(NOT_BUILT);
  };

  const asset = async (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
    const file = current(request)?.assets.get(request.params['*']);
    if (!file) throw notFound('portal asset');
    const encoding = chooseEncoding(request.headers['accept-encoding'], { br: file.br !== null, gzip: file.gzip !== null });
    const path = encoding === 'br' ? file.br : encoding === 'gzip' ? file.gzip : file.path;
    lockDown(reply, csp).header('cache-control', IMMUTABLE).header('vary', 'accept-encoding').type(file.type);
    if (encoding) reply.header('content-encoding', encoding);
    return reply.send(await readFile(path ?? file.path));
  };

  const hidden = { schema: { hide: true } };
  app.get('/portal', hidden, page);
  app.get('/portal/*', hidden, page);
  app.get('/portal/assets/*', hidden, asset);
}
