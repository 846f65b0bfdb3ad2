// GET /healthz: the process is up. GET /readyz: it can serve — the database answers and every
// migration this code knows has been applied (a new version before its migration is not ready).
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import { appliedMigrationNames, MIGRATION_NAMES } from '../../db/migrate.ts';

export function healthRoutes(app: FastifyInstance, deps: { database: Database }): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const checks: Record<string, string> = {};
    try {
      const have = new Set(await appliedMigrationNames(deps.database));
      checks.database = 'ok';
      const missing = MIGRATION_NAMES.filter((n) => !have.has(n));
      checks.migrations = missing.length ? `pending: ${missing.join(', ')}` : 'ok';
    } catch {
      checks.database = 'unreachable';
    }
    const ready = Object.values(checks).every((v) => v === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
  });
}
