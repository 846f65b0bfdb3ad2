// GET /docs (Swagger UI), GET /docs/json (OpenAPI generated from the route schemas) and
// GET /docs/errors, the page every error's doc_url points into.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { ERROR_DOCS } from '../../http/error-handler.ts';
import { registerErrorSchema } from '../../http/openapi.ts';
import { escapeHtml } from '../../lib/html.ts';

export async function registerOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      // 3.1: nullable fields are JSON Schema type arrays (["string", "null"]).
      openapi: '3.1.0',
      info: {
        title: 'Handoff API',
        version: '1.0.0',
        description:
          'Vehicle logistics for dealerships: book moves, follow them, get told. Every error links to /docs/errors.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'From POST /v1/authorize' } },
      },
    },
    // A shared schema is a component under its own $id (#/components/schemas/Error), not def-0.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  registerErrorSchema(app);
  await app.register(swaggerUi, { routePrefix: '/docs' });
}

export function errorDocsRoute(app: FastifyInstance): void {
  const rows = ERROR_DOCS.map(
    (e) =>
      `<tr id="${e.code}"><td><a href="#${e.code}"><code>${e.code}</code></a></td><td>${e.status}</td><td>${escapeHtml(e.description)}</td></tr>`,
  ).join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Handoff API errors</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.5rem;text-align:left;vertical-align:top}
tr:target{background:#fff7d6}</style></head>
<body><h1>Handoff API errors</h1>
<p>Every error response is <code>{ code, message, doc_url, errors: [{ code, field, message }], request_id }</code>.
<code>errors</code> lists every problem found in the request, each with the dotted path of its field.</p>
<table><thead><tr><th>code</th><th>HTTP</th><th>when</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
  app.get('/docs/errors', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(html),
  );
}
