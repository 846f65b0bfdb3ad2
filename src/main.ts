// Process entry: config → database (migrated) → demo setup on first run → HTTP server + job
// worker in one process. SIGTERM/SIGINT: stop accepting, let in-flight requests finish, let
// running jobs finish, then close the database.
import pino from 'pino';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createDeps } from './deps.ts';
import { demoWalkthrough, setUpDemoIfEmpty } from './first-run.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`handoff: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const logger = pino({ level: config.logLevel });
  const deps = await createDeps(config, { logger });
  const demo = await setUpDemoIfEmpty(deps);
  const app = await buildApp(deps, { logger });
  await app.listen({ port: config.port, host: config.host });
  deps.worker.start();
  if (demo) process.stdout.write(demoWalkthrough(demo, config.publicUrl, deps.clock.now()));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await deps.close(); // stops the worker after its running jobs, then the database
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`handoff: failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
