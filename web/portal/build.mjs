// The portal's production build: vite (its JS API, no config file to drift from this one) with
// Preact's preset, into <outdir>/ (scripts/build.mjs passes dist/portal), served by Handoff under
// /portal/ (src/modules/portal/web). File names carry a content hash, so the server caches them for
// good; every text asset gets a brotli and a gzip copy beside it, made once here rather than on each
// request, so the server sends the smallest encoding a browser accepts.
// Also used by the browser tests (test/support/portal-build.ts), which cache a build per content hash.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

export const PORTAL_ROOT = fileURLToPath(new URL('.', import.meta.url));
/** The typed client package the portal imports (a vite alias, so there is one copy of it). */
export const CLIENT_ROOT = fileURLToPath(new URL('../../packages/handoff-client/src/', import.meta.url));
/** Already compressed formats gain nothing from another pass. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;

/** The vite configuration of the build (exported so a `vite` dev server could use the same one). */
export async function portalViteConfig(outdir) {
  const { default: preact } = await import('@preact/preset-vite');
  return {
    root: PORTAL_ROOT,
    base: '/portal/',
    configFile: false,
    logLevel: 'warn',
    clearScreen: false,
    // prerender off: the portal is a signed-in app; there is nothing to prerender.
    plugins: [preact({ prerender: { enabled: false } })],
    resolve: { alias: { '@handoff/client': join(CLIENT_ROOT, 'index.ts') } },
    build: {
      outDir: outdir,
      emptyOutDir: true,
      assetsDir: 'assets',
      // Every browser the portal supports has module preload; the polyfill would only add bytes.
      modulePreload: { polyfill: false },
      // The manifest says which chunks a page loads: the first-load budget test reads it.
      manifest: true,
      sourcemap: false,
      target: 'es2022',
    },
  };
}

/** Writes `<file>.br` and `<file>.gz` beside each compressible asset, only where smaller; returns them. */
export function precompress(dir) {
  const written = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      written.push(...precompress(path));
      continue;
    }
    if (!COMPRESSIBLE.test(name)) continue;
    const body = readFileSync(path);
    const copies = [
      ['.br', brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } })],
      ['.gz', gzipSync(body, { level: 9 })],
    ];
    for (const [ext, copy] of copies) {
      if (copy.length >= body.length) continue;
      writeFileSync(path + ext, copy);
      written.push(path + ext);
    }
  }
  return written;
}

/**
 * Builds the portal into `outdir` (emptied first). Resolves with the files written, relative to
 * it, and the time taken.
 * @param {{ outdir: string }} options
 * @returns {Promise<{ outdir: string, files: string[], ms: number }>}
 */
export async function buildPortal({ outdir }) {
  const started = performance.now();
  const out = resolve(outdir);
  rmSync(out, { recursive: true, force: true });
  const { build } = await import('vite');
  await build(await portalViteConfig(out));
  precompress(join(out, 'assets'));
  const files = readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => relative(out, join(f.parentPath ?? f.path, f.name)))
    .sort();
  return { outdir: out, files, ms: performance.now() - started };
}
