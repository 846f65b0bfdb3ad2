#!/usr/bin/env node
// The whole test suite in one node:test run: unit tests, and API tests that each run on SQLite
// and on PostgreSQL. Node 20's test runner takes no globs, so the files are listed here.
// test/browser drives Debian's Chromium (/usr/bin/chromium) against the real server, on both engines too.
// PostgreSQL is required by default (TEST_POSTGRES_URL, default the local `test` database);
// TEST_DATABASES=sqlite runs SQLite only, and says so.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

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

const databases = (process.env.TEST_DATABASES ?? 'sqlite,postgres').split(',');
if (databases.includes('postgres')) {
  const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.end();
  } catch (err) {
    console.error(`PostgreSQL is not reachable at ${url} (${err.message}).`);
    console.error('Start it (see .ci/run), point TEST_POSTGRES_URL at one, or run TEST_DATABASES=sqlite npm test.');
    process.exit(1);
  }
} else {
  console.warn(`Running the database tests on ${databases.join(', ')} only (TEST_DATABASES).`);
}

const files = [...testFiles('test/unit'), ...testFiles('test/api'), ...testFiles('test/browser')];
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', ...process.argv.slice(2), ...files];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
