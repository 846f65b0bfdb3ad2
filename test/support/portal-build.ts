// The built portal the tests serve: web/portal built once per content hash of its sources (and of the
// typed client it imports, and the lock file that pins vite and Preact), cached under the system's
// temp directory. Built into a staging directory and renamed into place, so two test files building
// at once never see half a build: the second rename loses and uses the winner's.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPortal } from '../../web/portal/build.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = ['web/portal', 'packages/handoff-client', 'package-lock.json'];

function filesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules')
    .sort()
    .flatMap((name) => filesOf(join(path, name)));
}

/** A hash of every source file's path and bytes. */
export function portalSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap((s) => filesOf(join(ROOT, s)))) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

let built: Promise<{ dir: string; fresh: boolean }> | undefined;

/** The directory of the portal built from the current sources (index.html, assets/, .vite/manifest.json). */
export function builtPortal(): Promise<{ dir: string; fresh: boolean }> {
  built ??= (async () => {
    const dir = join(tmpdir(), `handoff-portal-${portalSourceHash()}`);
    if (existsSync(join(dir, 'index.html'))) return { dir, fresh: false };
    const staging = mkdtempSync(join(tmpdir(), 'handoff-portal-staging-'));
    try {
      await buildPortal({ outdir: staging });
      renameSync(staging, dir);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      // Another test file finished the same build first: use its copy.
      if (!existsSync(join(dir, 'index.html'))) throw err;
    }
    return { dir, fresh: true };
  })();
  return built;
}
