// The three ways to run Handoff:
//   all    — `npm start`: HTTP and the job worker in one process (the embedded default);
//   serve  — `handoff serve`: HTTP only;
//   worker — `handoff worker`: durable jobs only.
// Several serve and worker processes may share one PostgreSQL database. SIGTERM/SIGINT: stop
// accepting requests and claiming jobs, let in-flight requests and running jobs finish, close the
// database, exit 0 (forced after SHUTDOWN_GRACE_MS if something hangs).
import { setFlagsFromString } from 'node:v8';
import pino from 'pino';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createDeps } from './deps.ts';
import { demoWalkthrough, setUpDemoIfEmpty } from './first-run.ts';
import { requestLogSerializers } from './http/log-redaction.ts';

export type ProcessRole = 'all' | 'serve' | 'worker';

const SHUTDOWN_GRACE_MS = 30_000;

/** Runs until a stop signal has been handled; rejects when start-up fails. */
export async function runProcess(role: ProcessRole, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`handoff: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  // V8 lets the old generation grow up to 4× what survived the last full collection before it
  // collects again. Under a steady load of requests that overlap (their objects get promoted)
  // that took a server to 320-370 MB of memory for ~55 MB of live data; growing by 50 % a time
  // holds it near 220 MB for the same throughput (BENCHMARKS.md). Not a cap: the heap still grows
  // as far as it needs. Set before anything of size is allocated.
  if (config.heapGrowingPercent > 0) setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);

  // Listen for the stop signals before anything else: a supervisor (or a test) that sends SIGTERM
  // as soon as it sees "started", or during start-up, must get a clean shutdown, never the
  // default action of a signal nobody listens to yet (that killed a worker in CI once).
  const stopSignal = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });

  const logger = pino({ level: config.logLevel, serializers: requestLogSerializers }).child({ role });
  const deps = await createDeps(config, { logger });
  const http = role !== 'worker';
  const jobs = role !== 'serve';

  // Photos are stored and read by every process (uploads, the sandbox's jobs): a photo directory
  // that cannot be written or a bucket that does not answer stops the start, with its reason.
  await deps.photoStore.check();
  const app = http ? await buildApp(deps, { logger }) : null;
  if (app) await app.listen({ port: config.port, host: config.host });
  // The demo only once listening: a start that fails first (the port taken) must leave the database
  // empty, or the next start would find it set up and never show the passwords made for it.
  const demo = role === 'all' ? await setUpDemoIfEmpty(deps) : null;
  if (jobs) {
    // Every job-running process makes sure the next purge and billing sweep are queued: one job per instant however many start.
    await deps.retention.schedule();
    await deps.billingSweep.schedule();
    deps.worker.start();
  }
  logger.info({ http, jobs }, 'started');
  if (demo) process.stdout.write(demoWalkthrough(demo, config.publicUrl, deps.clock.now()));

  const signal = await stopSignal;
  logger.info({ signal }, 'shutting down');
  setTimeout(() => {
    logger.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  await app?.close(); // stops accepting, waits for in-flight requests
  await deps.close(); // stops the worker after its running jobs, then closes the database
}
