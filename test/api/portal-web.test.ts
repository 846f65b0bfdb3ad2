// Serving the portal (src/modules/portal/web): every page address answers index.html, never cached;
// the hashed assets are cached for good and sent in the smallest precompressed encoding the client
// takes; everything carries the lock-down headers and the portal's Content-Security-Policy; nothing
// of it is in the OpenAPI document; without a build, a 503 page says what to run. Also the first-load
// budget: the dealer's first load must stay under 250 KB of compressed JavaScript.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { LOCK_DOWN_HEADERS } from '../../src/http/lock-down.ts';
import { chooseEncoding, portalCsp, tileOrigin } from '../../src/modules/portal/web/portal-web-rules.ts';
import { configProblems } from '../support/config-problems.ts';
import { engines } from '../support/databases.ts';
import { builtPortal } from '../support/portal-build.ts';
import { type PortalServer, startPortalServer } from '../support/portal-browser.ts';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const BUDGET_BYTES = 250 * 1024;

describe('the portal HTTP rules', () => {
  test('Accept-Encoding picks brotli, then gzip, honours q weights and q=0, and falls back to the file', () => {
    const both = { br: true, gzip: true };
    assert.equal(chooseEncoding('gzip, deflate, br, zstd', both), 'br');
    assert.equal(chooseEncoding('gzip, deflate', both), 'gzip');
    assert.equal(chooseEncoding('br;q=0.5, gzip', both), 'gzip');
    assert.equal(chooseEncoding('br;q=0, gzip;q=0', both), null);
    assert.equal(chooseEncoding('*', both), 'br');
    assert.equal(chooseEncoding('*;q=0.1, br;q=0', both), 'gzip');
    assert.equal(chooseEncoding('identity', both), null);
    assert.equal(chooseEncoding(undefined, both), null);
    assert.equal(chooseEncoding('br', { br: false, gzip: true }), null, 'only what the build made');
  });

  test('PORTAL_TILE_URL: an https template with {z}/{x}/{y}, its origin allowed for images', () => {
    assert.deepEqual(configProblems({ PORTAL_TILE_URL: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' }), []);
    assert.deepEqual(configProblems({ PORTAL_TILE_URL: 'https://{s}.tile.example.com/{z}/{x}/{y}{r}.png' }), []);
    for (const bad of ['http://tile.example.com/{z}/{x}/{y}.png', 'https://tile.example.com/{z}/{x}.png', 'tiles', 'https://a{b}.example.com/{z}/{x}/{y}']) {
      const problems = configProblems({ PORTAL_TILE_URL: bad });
      assert.equal(problems.length, 1, bad);
      assert.match(problems[0]!, /^PORTAL_TILE_URL must be an https URL template with \{z\}, \{x\} and \{y\}/);
    }
    assert.equal(tileOrigin('https://tile.openstreetmap.org/{z}/{x}/{y}.png'), 'https://tile.openstreetmap.org');
    assert.equal(tileOrigin('https://{s}.tile.example.com:8443/{z}/{x}/{y}.png'), 'https://*.tile.example.com:8443');
    assert.equal(portalCsp(null), CSP);
    assert.match(portalCsp('https://tile.openstreetmap.org/{z}/{x}/{y}.png'), /img-src 'self' data: blob: https:\/\/tile\.openstreetmap\.org;/);
  });

  test("the dealer's first load is under 250 KB of compressed JavaScript", async (t) => {
    const { dir } = await builtPortal();
    const manifest = JSON.parse(readFileSync(join(dir, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string; imports?: string[] }>;
    // The entry and its static imports, then the dealer's home page (loaded at once) and its own.
    const files = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      assert.ok(chunk, `${key} is in the manifest`);
      if (files.has(chunk.file)) return;
      files.add(chunk.file);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    visit('index.html');
    visit('src/pages/moves-list.tsx');
    const size = (suffix: string) => [...files].reduce((sum, f) => sum + readFileSync(join(dir, f + suffix)).length, 0);
    const [raw, br, gzip] = [size(''), size('.br'), size('.gz')];
    t.diagnostic(`dealer first load: ${files.size} JavaScript files, ${raw} bytes; ${br} brotli, ${gzip} gzip`);
    assert.ok(br < BUDGET_BYTES && gzip < BUDGET_BYTES, `first load ${br} B brotli / ${gzip} B gzip: over ${BUDGET_BYTES}`);
  });
});

for (const engine of engines()) {
  describe(`serving the built portal, on ${engine}`, () => {
    let server: PortalServer;
    before(async () => {
      server = await startPortalServer(engine);
    });
    after(() => server.close());

    const get = (url: string, headers: Record<string, string> = {}) => server.app.inject({ method: 'GET', url, headers });
    const assertLockedDown = (res: { headers: Record<string, unknown> }, what: string) => {
      assert.equal(res.headers['content-security-policy'], CSP, what);
      for (const [name, value] of Object.entries(LOCK_DOWN_HEADERS)) assert.equal(res.headers[name], value, `${what}: ${name}`);
    };

    test('every portal address answers index.html, never cached, locked down', async () => {
      const index = readFileSync(join(server.portalDir, 'index.html'), 'utf8');
      for (const url of ['/portal', '/portal/', '/portal/login', '/portal/moves', '/portal/moves/42', '/portal/book/one-way', '/portal/no-such-page?x=1']) {
        const res = await get(url);
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.body, index, url);
        assert.equal(res.headers['content-type'], 'text/html; charset=utf-8', url);
        assert.equal(res.headers['cache-control'], 'no-store', url);
        assertLockedDown(res, url);
      }
      const head = await server.app.inject({ method: 'HEAD', url: '/portal/moves' });
      assert.equal(head.statusCode, 200);
    });

    test('hashed assets: immutable, brotli or gzip by Accept-Encoding (vary), the same bytes once decoded', async () => {
      const index = readFileSync(join(server.portalDir, 'index.html'), 'utf8');
      const scripts = [...index.matchAll(/(?:src|href)="\/portal\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
      assert.ok(scripts.some((s) => s.endsWith('.js')) && scripts.some((s) => s.endsWith('.css')), `index.html links its script and stylesheet: ${scripts}`);
      for (const file of scripts) {
        const original = readFileSync(join(server.portalDir, file));
        const url = `/portal/${file}`;
        const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
        assert.equal(br.statusCode, 200, url);
        assert.equal(br.headers['content-encoding'], 'br', url);
        assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable', url);
        assert.equal(br.headers.vary, 'accept-encoding', url);
        assert.match(String(br.headers['content-type']), file.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
        assert.ok(brotliDecompressSync(br.rawPayload).equals(original), `${url}: brotli decodes to the file`);
        assertLockedDown(br, url);
        const gz = await get(url, { 'accept-encoding': 'gzip' });
        assert.equal(gz.headers['content-encoding'], 'gzip', url);
        assert.ok(gunzipSync(gz.rawPayload).equals(original), `${url}: gzip decodes to the file`);
        const plain = await get(url);
        assert.equal(plain.headers['content-encoding'], undefined, url);
        assert.ok(plain.rawPayload.equals(original), `${url}: sent as is without Accept-Encoding`);
      }
    });

    test('an unknown asset, or a path out of assets/, is a 404 not_found', async () => {
      // (A literal /../ never arrives: clients and the URL parser resolve it before routing.)
      for (const url of ['/portal/assets/nope-1234.js', '/portal/assets/%2e%2e%2findex.html', '/portal/assets/..%2f.vite%2fmanifest.json', '/portal/assets/sub/x.js']) {
        const res = await get(url);
        assert.equal(res.statusCode, 404, url);
        assert.equal(res.json().code, 'not_found', url);
      }
    });

    test('the portal is not in the OpenAPI document', async () => {
      const doc = (await get('/docs/json')).json() as { paths: Record<string, unknown> };
      assert.deepEqual(Object.keys(doc.paths).filter((p) => p.startsWith('/portal')), []);
    });
  });
}

describe('the portal without a build, or with map tiles', () => {
  test('no build: every portal page answers a 503 page that says to run npm run build', async () => {
    const server = await startPortalServer('sqlite', {}, { portalDir: '/nonexistent/handoff-portal' });
    try {
      assert.ok(!existsSync('/nonexistent/handoff-portal'));
      for (const url of ['/portal', '/portal/moves']) {
        const res = await server.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 503, url);
        assert.match(res.body, /npm run build/);
        assert.equal(res.headers['content-security-policy'], CSP);
        assert.equal(res.headers['cache-control'], 'no-store');
      }
      assert.equal((await server.app.inject({ method: 'GET', url: '/portal/assets/index.js' })).statusCode, 404);
    } finally {
      await server.close();
    }
  });

  test('PORTAL_TILE_URL: allowed by the policy and handed to the page', async () => {
    const tiles = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
    const server = await startPortalServer('sqlite', { PORTAL_TILE_URL: tiles });
    try {
      const res = await server.app.inject({ method: 'GET', url: '/portal/moves' });
      assert.match(String(res.headers['content-security-policy']), /img-src 'self' data: blob: https:\/\/tile\.openstreetmap\.org;/);
      assert.ok(res.body.includes(`<meta name="handoff-tile-url" content="${tiles}" />`), res.body);
    } finally {
      await server.close();
    }
  });
});
