// Real Handoff processes for the process-level tests (crash safety, several processes on one
// database, bad input over real HTTP): `src/main.ts` (`npm start`: HTTP + jobs), `bin/handoff.js
// serve` (HTTP only) and `bin/handoff.js worker` (jobs only), each a direct child (no npm or shell
// in between, so a signal reaches the node process itself), on a free loopback port. Also the
// admin CLI (`rooftop add`, `client add`) and the small HTTP calls every such test starts with.
// Each takes another CLI script instead of bin/handoff.js if asked (a production build's cli.js).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './server-process.ts';

/** Photos of the servers a test starts go to the system's temp directory, never into the working tree. */
const TEST_PHOTO_DIR = mkdtempSync(join(tmpdir(), 'handoff-test-photos-'));

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/handoff.js', import.meta.url));

export type ProcessRole = 'all' | 'serve' | 'worker';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface HandoffProcess {
  role: ProcessRole;
  child: ChildProcess;
  pid: number;
  /** http://127.0.0.1:<port> for `all` and `serve`; null for a worker. */
  baseUrl: string | null;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<Exit>;
  /** Whether it has exited yet. */
  hasExited(): boolean;
  /** Sends `signal` and resolves once the process has exited (SIGKILL after `timeoutMs` as a last resort). */
  kill(signal: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
}

export interface SpawnOptions {
  /** How long to wait for /readyz (HTTP roles) or the "started" log line (worker). */
  readyTimeoutMs?: number;
  /** The CLI script `serve` and `worker` run (default bin/handoff.js), e.g. a build's cli.js. */
  cli?: string;
}

/**
 * Starts one process and resolves once it is ready: /readyz answers 200 for `all` and `serve`,
 * the `started` log line appeared for `worker` (which has no HTTP port). The environment is the
 * test runner's plus PORT/HOST on loopback, LOG_LEVEL=warn (info for a worker: its readiness is a
 * log line) and `env`.
 */
/**
 * How long a process may take to answer /readyz (or log "started"): a hang detector, not a pace. Each
 * process compiles the sources through tsx at start, which on a busy two-core machine (the suite
 * runs two files at once, some of them starting four processes) has taken over 20 s.
 */
const READY_TIMEOUT_MS = 60_000;

export async function spawnHandoff(role: ProcessRole, env: Record<string, string>, options: SpawnOptions = {}): Promise<HandoffProcess> {
  const http = role !== 'worker';
  const port = http ? await freePort() : 0;
  const args = role === 'all' ? ['--import', 'tsx', 'src/main.ts'] : [options.cli ?? BIN, role];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: role === 'worker' ? 'info' : 'warn',
      PHOTO_DIR: TEST_PHOTO_DIR,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  let done = false;
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  const baseUrl = http ? `http://127.0.0.1:${port}` : null;

  const proc: HandoffProcess = {
    role,
    child,
    pid: child.pid!,
    baseUrl,
    output: () => out,
    exited,
    hasExited: () => done,
    kill: async (signal, timeoutMs = 35_000) => {
      if (!done) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? READY_TIMEOUT_MS);
  for (;;) {
    if (done) throw new Error(`handoff ${role} exited before it was ready (${JSON.stringify(await exited)}):\n${out}`);
    if (http) {
      try {
        const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
    } else if (/"msg":"started"/.test(out)) {
      break;
    }
    if (Date.now() > deadline) {
      await proc.kill('SIGKILL');
      throw new Error(`handoff ${role} was not ready within ${options.readyTimeoutMs ?? READY_TIMEOUT_MS} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return proc;
}

/** Runs an admin command of the real bin (`rooftop add …`, `client add …`) and returns its JSON output. */
export async function handoffCli(args: string[], databaseUrl: string, cli = BIN): Promise<Record<string, any>> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return JSON.parse(stdout) as Record<string, any>;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`handoff ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

export interface DealerSetup {
  rooftopId: number;
  clientId: string;
  clientSecret: string;
}

/** A rooftop at the reference service lot (Richmond, VA 23236) and a dealer client for it, through the CLI. */
export async function setUpDealer(databaseUrl: string, cli = BIN): Promise<DealerSetup> {
  const rooftop = await handoffCli(
    ['rooftop', 'add', '--name', "Denny's Automobiles", '--address-one', '11161 Research Plaza Way', '--city', 'Richmond', '--state', 'VA', '--zip', '23236'],
    databaseUrl,
    cli,
  );
  const client = await handoffCli(['client', 'add', '--rooftop', String(rooftop.rooftop_id)], databaseUrl, cli);
  return { rooftopId: Number(rooftop.rooftop_id), clientId: String(client.client_id), clientSecret: String(client.client_secret) };
}

/** POST /v1/authorize → the bearer token. */
export async function authorize(baseUrl: string, dealer: DealerSetup): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: dealer.clientId, client_secret: dealer.clientSecret }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || !body.access_token) throw new Error(`authorize: ${res.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** POST /v1/webhooks for every event type → the webhook id. */
export async function subscribeWebhook(baseUrl: string, token: string, targetUrl: string, secret: string): Promise<number> {
  const res = await fetch(`${baseUrl}/v1/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ target_url: targetUrl, secret, event_types: ['*'] }),
  });
  const body = (await res.json()) as { webhook_id?: number };
  if (res.status !== 200 || typeof body.webhook_id !== 'number') throw new Error(`subscribe: ${res.status} ${JSON.stringify(body)}`);
  return body.webhook_id;
}

/** Polls `check` until it returns a value other than undefined/false, or fails with `describe()` at the deadline. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 20_000, intervalMs = 100, describe }: { timeoutMs?: number; intervalMs?: number; describe?: () => Promise<string> | string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? `: ${await describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
