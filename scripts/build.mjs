#!/usr/bin/env node
// The production build: src/ bundled by esbuild into plain JavaScript in dist/, so the server runs
// on `node` alone, without tsx's loader thread (its off-thread module hooks cost memory and start-up).
//
//   node scripts/build.mjs                 → dist/cli.js (the `handoff` CLI: serve, worker, migrate,
//                                            admin commands) and dist/main.js (`npm start`)
//   node scripts/build.mjs --outdir DIR    → the same into DIR
//
// node_modules stay external (imported at run time from the repo's node_modules, so better-sqlite3's
// native addon and createRequire() lookups work unchanged). Code splitting keeps the CLI's lazy
// import of the HTTP stack lazy and puts the code both entry points share in one chunk. The tracking
// page's assets are read at run time relative to the module (`new URL('./assets/…', import.meta.url)`),
// so they are copied next to whichever output file holds that module.
// The portal (web/portal) is built by vite into <outdir>/portal/, which the bundle serves under /portal/.
// From the command line (`npm run build`, not `npm start`) it first regenerates the typed client's
// schema.d.ts (packages/handoff-client) from the API's OpenAPI document, writing it only when it changed.
// Also a module: `build({ outdir })` (the benchmark and test/api/build.test.ts call it).
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { buildPortal } from '../web/portal/build.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Source directories read relative to a module at run time, keyed by the module that reads them. */
const RUNTIME_ASSETS = [{ module: 'src/modules/tracking/tracking.routes.ts', dir: 'src/modules/tracking/assets', as: 'assets' }];

/**
 * Builds into `outdir` (default <repo>/dist), emptied first. Resolves with the output directory, the
 * files written (relative to it): esbuild's `outputs` (JavaScript and source maps) and the copied
 * `assets`, and the time taken.
 * @param {{ outdir?: string, logLevel?: import('esbuild').LogLevel }} [options]
 * @returns {Promise<{ outdir: string, outputs: string[], assets: string[], ms: number }>}
 */
export async function build({ outdir = join(ROOT, 'dist'), logLevel = 'warning' } = {}) {
  const started = performance.now();
  const out = resolve(outdir);
  // The directory is emptied first: never the repository, one of its parents, or a folder of it but dist/.
  const fromRoot = relative(ROOT, out);
  const containsRepo = !relative(out, ROOT).startsWith('..');
  const inRepo = !fromRoot.startsWith('..') && !isAbsolute(fromRoot);
  if (containsRepo || (inRepo && fromRoot.split(sep)[0] !== 'dist')) throw new Error(`refusing to empty and build into ${out}`);
  rmSync(out, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['src/cli.ts', 'src/main.ts'],
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    logLevel,
  });

  const outputs = Object.keys(result.metafile.outputs).map((f) => relative(out, resolve(ROOT, f)));
  const assets = [];
  for (const asset of RUNTIME_ASSETS) {
    const holders = Object.entries(result.metafile.outputs).filter(([, o]) => asset.module in o.inputs);
    if (holders.length === 0) throw new Error(`${asset.module} is in no output file; where do its ${asset.as} go?`);
    for (const [file] of holders) {
      const target = join(dirname(resolve(ROOT, file)), asset.as);
      cpSync(join(ROOT, asset.dir), target, { recursive: true });
      for (const f of readdirSync(target, { recursive: true, withFileTypes: true })) {
        if (f.isFile()) assets.push(relative(out, join(f.parentPath ?? f.path, f.name)));
      }
    }
  }
  const portal = await buildPortal({ outdir: join(out, 'portal') });
  assets.push(...portal.files.map((f) => join('portal', f)));
  return { outdir: out, outputs, assets, ms: performance.now() - started };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } }, strict: true });
  try {
    // Not on `npm start` (which builds before it runs): the schema is a developer's file, and
    // generating it (about 10 s) would only delay every start.
    if (process.env.npm_lifecycle_event !== 'start') {
      // The generator builds the app from its TypeScript sources: loaded through tsx, like the tests.
      const { tsImport } = await import('tsx/esm/api');
      const { regenerateSchema } = await tsImport('../packages/handoff-client/scripts/generate-schema.ts', import.meta.url);
      const schema = await regenerateSchema();
      if (schema.changed) process.stderr.write(`build: regenerated ${relative(process.cwd(), schema.file)}\n`);
    }
    const { outdir, outputs, assets, ms } = await build({ outdir: values.outdir });
    const js = outputs.filter((f) => f.endsWith('.js')).length;
    const shown = relative(process.cwd(), outdir);
    process.stderr.write(`build: ${js} JavaScript files and ${assets.length} assets in ${shown.startsWith('..') ? outdir : shown || '.'}/ in ${ms.toFixed(0)} ms\n`);
  } catch (err) {
    // esbuild has printed its errors already (logLevel); anything else is printed here.
    if (!(err && typeof err === 'object' && 'errors' in err)) process.stderr.write(`build: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
