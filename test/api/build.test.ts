// The production build (scripts/build.mjs): what a deployer runs instead of the TypeScript sources.
// The bundle is built into a temporary directory laid out like a deployment — the build's files,
// and node_modules beside them (a symlink to the repo's) — so nothing in it may reach back into
// src/ at run time. Its own CLI migrates and sets up a dealer; its `serve` answers /healthz, books
// the reference Concierge + Loaner, serves the tracking page's assets (files read next to the
// bundle at run time) and the portal built beside it, and exits 0 on SIGTERM; its `worker` starts and stops cleanly.
// SQLite only: this tests the build, not the database — every database behaviour is tested on both
// engines from the sources, and the bundle's database code is the same code.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { validBooking } from '../support/booking-load.ts';
import { engines, scratchDatabase, type ScratchDatabase } from '../support/databases.ts';
import { authorize, type HandoffProcess, setUpDealer, spawnHandoff } from '../support/handoff-process.ts';
import { referenceResponse } from '../support/requests.ts';
import { assertReferenceShape } from '../support/shape.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** scripts/build.mjs's build() (plain JavaScript, hence the type here). */
type Build = (options?: { outdir?: string }) => Promise<{ outdir: string; outputs: string[]; assets: string[]; ms: number }>;

if (engines().includes('sqlite')) {
  describe('the production build (node dist/cli.js)', () => {
    const cleanup: (() => Promise<unknown> | unknown)[] = [];
    after(async () => {
      // Every step runs (the temp directories are removed even if a process would not die); the first failure is reported.
      const failures: unknown[] = [];
      for (const fn of cleanup.reverse()) await Promise.resolve().then(fn).catch((e: unknown) => failures.push(e));
      if (failures.length) throw failures[0];
    });

    test('its CLI sets up a dealer; serve answers health, a booking and the tracking assets; serve and worker stop cleanly', { timeout: 60_000 }, async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'handoff-build-'));
      const modules = join(dir, 'node_modules');
      cleanup.push(() => {
        // The link alone first (not recursive: a symlink is unlinked, a directory refused), so the
        // recursive removal below can never reach the repo's node_modules.
        rmSync(modules, { force: true });
        rmSync(dir, { recursive: true, force: true });
      });
      symlinkSync(join(ROOT, 'node_modules'), modules, 'dir');

      const { build } = (await import(new URL('../../scripts/build.mjs', import.meta.url).href)) as { build: Build };
      const built = await build({ outdir: join(dir, 'dist') });
      t.diagnostic(`built ${built.outputs.filter((f) => f.endsWith('.js')).length} JavaScript files in ${built.ms.toFixed(0)} ms`);
      const cli = join(built.outdir, 'cli.js');
      const files = [...built.outputs, ...built.assets];
      for (const f of ['cli.js', 'main.js', 'cli.js.map', 'assets/tracking.css', 'assets/tracking.js']) {
        assert.ok(files.includes(f), `the build wrote ${f}: ${files.join(', ')}`);
      }

      const db: ScratchDatabase = await scratchDatabase('sqlite');
      cleanup.push(() => db.drop());
      const dealer = await setUpDealer(db.url, cli); // the built CLI's `rooftop add` and `client add` (each migrates first)

      const started = Date.now();
      const serve: HandoffProcess = await spawnHandoff('serve', { DATABASE_URL: db.url }, { cli });
      cleanup.push(() => serve.kill('SIGKILL'));
      t.diagnostic(`node dist/cli.js serve ready after ${Date.now() - started} ms`);
      const base = serve.baseUrl!;

      const health = await fetch(`${base}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });

      const token = await authorize(base, dealer);
      const booked = await fetch(`${base}/v1/concierge-loaner-moves`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(validBooking('concierge-loaner')), // the reference request, two weeks ahead
      });
      const body = (await booked.json()) as Record<string, any>;
      assert.equal(booked.status, 200, `${JSON.stringify(body)}\n${serve.output()}`);
      assertReferenceShape(body, referenceResponse(), { nullable: ['google_place_id'] });
      const again = await fetch(body.customer_move.move_uri, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(again.status, 200, 'the booked move reads back');

      // The tracking page's assets are the files in src/, as the page links them (the not-found page
      // links the stylesheet by version: cached for good) and at their plain paths.
      const page = await fetch(`${base}/track/no-such-token`);
      assert.equal(page.status, 404);
      const cssHref = /href="(assets\/tracking\.css\?v=[0-9a-f]+)"/.exec(await page.text())?.[1];
      assert.ok(cssHref, 'the tracking page links its stylesheet by version');
      const versioned = await fetch(`${base}/track/${cssHref}`);
      assert.equal(versioned.status, 200);
      assert.equal(versioned.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      for (const [file, type] of [['tracking.css', /^text\/css/], ['tracking.js', /^text\/javascript/]] as const) {
        const asset = await fetch(`${base}/track/assets/${file}`);
        assert.equal(asset.status, 200, file);
        assert.match(String(asset.headers.get('content-type')), type);
        assert.equal(await asset.text(), readFileSync(join(ROOT, 'src/modules/tracking/assets', file), 'utf8'), file);
      }

      // The portal, built beside the bundle (portal/), is what its serve answers under /portal/.
      assert.ok(files.includes('portal/index.html'), `the build wrote the portal: ${files.join(', ')}`);
      const portalPage = await fetch(`${base}/portal/moves`);
      assert.equal(portalPage.status, 200, 'the bundle finds the portal beside it');
      const portalHtml = await portalPage.text();
      assert.equal(portalHtml, readFileSync(join(built.outdir, 'portal/index.html'), 'utf8'));
      const script = /src="\/portal\/(assets\/[^"]+\.js)"/.exec(portalHtml)?.[1];
      assert.ok(script && files.includes(`portal/${script}.br`), `index.html links a built script with its brotli copy: ${script}`);
      const portalScript = await fetch(`${base}/portal/${script}`);
      assert.equal(portalScript.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(await portalScript.text(), readFileSync(join(built.outdir, 'portal', script), 'utf8'));

      assert.deepEqual(await serve.kill('SIGTERM'), { code: 0, signal: null }, `serve exits 0 on SIGTERM:\n${serve.output()}`);

      // The worker from the build starts and stops (alone: serve and worker together is multi-process's test).
      const worker = await spawnHandoff('worker', { DATABASE_URL: db.url }, { cli });
      cleanup.push(() => worker.kill('SIGKILL'));
      assert.deepEqual(await worker.kill('SIGTERM'), { code: 0, signal: null }, `worker exits 0 on SIGTERM:\n${worker.output()}`);
    });
  });
}
