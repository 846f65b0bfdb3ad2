// The built portal on disk (web/portal/build.mjs's output): index.html and the hashed files under
// assets/, each with the brotli and gzip copies the build made beside it. Read once it exists, then
// kept: the file list and index.html in memory, the assets' bytes read per request (the OS caches
// them; a build can add a map library without growing the server's heap).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeHtml } from '../../../lib/html.ts';

export interface PortalAsset {
  type: string;
  /** The file itself, and its precompressed copies when the build made them. */
  path: string;
  br: string | null;
  gzip: string | null;
}

export interface PortalBuild {
  indexHtml: string;
  /** By file name under assets/ (the only names ever served: nothing else on disk is reachable). */
  assets: ReadonlyMap<string, PortalAsset>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/**
 * Where the server looks for the portal by default. Bundled (dist/main.js, dist/cli.js and their
 * chunks all sit in the build's root), it is the build's own portal/ beside them. From the sources
 * (`tsx src/main.ts`), it is this repository's dist/portal/ of the last `npm run build`.
 */
export function defaultPortalDir(): string {
  const fromSources = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSources ? '../../../../dist/portal/' : './portal/', import.meta.url));
}

/** The build in `dir`, or null when there is none (no index.html). `tileUrl` is handed to the page in a meta tag. */
export function readPortalBuild(dir: string, tileUrl: string | null): PortalBuild | null {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return null;
  let indexHtml = readFileSync(index, 'utf8');
  // The maps read the tile URL from the page, so one build serves every deployment's setting.
  if (tileUrl) indexHtml = indexHtml.replace('</head>', `  <meta name="handoff-tile-url" content="${escapeHtml(tileUrl)}" />\n  </head>`);
  const assetsDir = join(dir, 'assets');
  const names = existsSync(assetsDir) ? new Set(readdirSync(assetsDir)) : new Set<string>();
  const assets = new Map<string, PortalAsset>();
  for (const name of names) {
    if (name.endsWith('.br') || name.endsWith('.gz')) continue;
    const path = join(assetsDir, name);
    assets.set(name, {
      type: TYPES[extname(name)] ?? 'application/octet-stream',
      path,
      br: names.has(`${name}.br`) ? `${path}.br` : null,
      gzip: names.has(`${name}.gz`) ? `${path}.gz` : null,
    });
  }
  return { indexHtml, assets };
}
