// Spawning what the benchmark measures: the real `handoff serve` process (the production build,
// `node dist/cli.js serve`, built first) and the baseline server. Start-up time is from spawn to
// the first answered HTTP request (polled every 5 ms); peak RSS is the kernel's high-water mark
// (VmHWM) of the process, read just before it is stopped.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/server-process.ts';

/** USER_HZ: 100 on Linux everywhere this runs. */
const CLOCK_TICKS = 100;

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));


export interface Running {
  child: ChildProcess;
  baseUrl: string;
  port: number;
  startupMs: number;
  output(): string;
  /** VmHWM of the process, in MB. */
  peakRssMb(): number;
  /** CPU time the process has used (user + system, all threads), in seconds. */
  cpuSeconds(): number;
  /** SIGTERM, wait for the exit (a clean exit writes --cpu-prof profiles). */
  stop(): Promise<number | null>;
}

export async function startProcess(opts: {
  args: string[];
  env: Record<string, string>;
  /** Polled until it answers (any status). */
  probePath: string;
  nodeFlags?: string[];
}): Promise<Running> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [...(opts.nodeFlags ?? []), ...opts.args], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = started + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${opts.args.join(' ')} exited early (${child.exitCode}):\n${out}`);
    try {
      await fetch(`${baseUrl}${opts.probePath}`);
      break;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${opts.args.join(' ')} did not answer within 20 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const startupMs = performance.now() - started;
  return {
    child,
    baseUrl,
    port,
    startupMs,
    output: () => out,
    peakRssMb: () => {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    },
    cpuSeconds: () => {
      // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks, after the ")" of the name.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** scripts/build.mjs's build() (plain JavaScript, hence the type here). */
type Build = (options?: { outdir?: string }) => Promise<{ outdir: string; outputs: string[]; assets: string[]; ms: number }>;
let built: Promise<unknown> | undefined;

/**
 * Builds dist/ (scripts/build.mjs) once per bench run, so the server measured is the current source.
 * The bench calls it before measuring anything; startHandoff awaits it too (then a no-op).
 */
export function buildHandoff(): Promise<unknown> {
  built ??= (async () => {
    const { build } = (await import(new URL('../build.mjs', import.meta.url).href)) as { build: Build };
    const { ms } = await build();
    process.stderr.write(`bench: built dist/ in ${ms.toFixed(0)} ms\n`);
  })();
  return built;
}

/** `handoff serve`: the HTTP API alone (no job worker), from the production build as deployed (`node dist/cli.js serve`). */
export async function startHandoff(databaseUrl: string, nodeFlags: string[] = []): Promise<Running> {
  await buildHandoff();
  // BENCH_SERVER_FLAGS: extra node flags for the server, for diagnosis (e.g. --trace-gc).
  const extra = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  return startProcess({
    args: ['dist/cli.js', 'serve'],
    nodeFlags: [...nodeFlags, ...extra],
    probePath: '/healthz',
    env: {
      DATABASE_URL: databaseUrl,
      // Request logs off (warn and above only): the benchmark measures the API, not log I/O.
      LOG_LEVEL: 'warn',
      // The per-client limit would answer most of a load test with 429s.
      RATE_LIMIT_PER_MINUTE: '0',
      // The photo store is checked at start; the bench uploads nothing, but keeps it out of the working tree.
      PHOTO_DIR: mkdtempSync(join(tmpdir(), 'handoff-bench-photos-')),
    },
  });
}

export function startBaselineProcess(): Promise<Running> {
  return startProcess({ args: ['--import', 'tsx', 'scripts/bench/baseline-server.ts'], probePath: '/v1/moves', env: {} });
}
