// Runs the real server (`src/main.ts`) as a child process on a free loopback port.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Photos of the servers a test starts go to the system's temp directory, never into the working tree. */
const TEST_PHOTO_DIR = mkdtempSync(join(tmpdir(), 'handoff-test-photos-'));

const root = fileURLToPath(new URL('../../', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  output(): string;
  /**
   * Waits (15 s at most) until the output matches: the first run prints its walk-through once
   * listening, so it may come just after the server first answers.
   */
  waitForOutput(pattern: RegExp): Promise<string>;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PHOTO_DIR: TEST_PHOTO_DIR, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${baseUrl}/docs/errors`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start within 15 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    baseUrl,
    output: () => out,
    waitForOutput: async (pattern) => {
      const until = Date.now() + 15_000;
      while (!pattern.test(out)) {
        if (child.exitCode !== null || Date.now() > until) throw new Error(`no ${pattern} in the server's output:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return out;
    },
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
