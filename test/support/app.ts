// A real app on a real, empty database of the given engine, driven through fastify.inject.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { LogConfig } from 'kysely';
import pino from 'pino';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createDeps, type Deps } from '../../src/deps.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import { insertClient } from '../../src/modules/clients/clients.repository.ts';
import { hashSecret } from '../../src/modules/clients/credentials.ts';
import type { Role } from '../../src/modules/clients/roles.ts';
import { insertRooftop } from '../../src/modules/rooftops/rooftops.repository.ts';
import { type EngineName, scratchDatabase, type ScratchDatabase } from './databases.ts';

/** Wednesday 2026-03-18 12:00 UTC: tests book relative to this fixed "now". */
export const TEST_NOW = Date.parse('2026-03-18T12:00:00Z');
export const PUBLIC_URL = 'https://api.handoff.test';

export interface TestApp {
  engine: EngineName;
  app: FastifyInstance;
  deps: Deps;
  clock: ManualClock;
  scratch: ScratchDatabase;
  /** A rooftop at the reference service lot (Richmond, VA 23236). */
  rooftopId: number;
  /** A dealer bearer token for that rooftop. */
  token: string;
  addRooftop(overrides?: Partial<{ name: string; zip: string; state: string; timezone: string; holidays: string[] }>): Promise<number>;
  /** `'all'`: an all-rooftops client (`client add --role ops --all-rooftops`, the dispatch desk). */
  addClient(role: Role, rooftopIds: number[] | 'all'): Promise<{ clientId: string; secret: string; token: string }>;
  request(method: string, url: string, opts?: { token?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  count(table: 'moves' | 'scenarios' | 'locations' | 'lanes' | 'events'): Promise<number>;
  close(): Promise<void>;
}

let clientSeq = 0;

/** `log`: Kysely's query log for the app's database (a test that checks which statements a request runs). */
export async function startTestApp(engine: EngineName, env: Record<string, string> = {}, options: { log?: LogConfig } = {}): Promise<TestApp> {
  const scratch = await scratchDatabase(engine);
  // Photos go to a directory of the test's own, never into the working tree's data/.
  const photoDir = mkdtempSync(join(tmpdir(), 'handoff-photos-'));
  // Rate limiting is off unless a test turns it on: tests drive far more requests than a client would.
  const config = loadConfig({ DATABASE_URL: scratch.url, PUBLIC_URL: PUBLIC_URL, RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_ADDRESS_PER_MINUTE: '0', PHOTO_DIR: photoDir, ...env });
  const clock = new ManualClock(TEST_NOW);
  const deps = await createDeps(config, {
    clock,
    database: openDatabase(scratch.config, { poolSize: 5, log: options.log }),
    logger: pino({ level: 'silent' }),
  });
  const app = await buildApp(deps, { logger: false });

  const addRooftop: TestApp['addRooftop'] = async (o = {}) =>
    insertRooftop(deps.database.db, {
      name: o.name ?? "Denny's Automobiles",
      address_one: '11161 Research Plaza Way',
      address_two: null,
      city: 'Richmond',
      state: o.state ?? 'VA',
      zip: o.zip ?? '23236',
      lat: 37.4782,
      lon: -77.5854,
      timezone: o.timezone ?? 'America/New_York',
      business_hours: null,
      holidays: JSON.stringify(o.holidays ?? []),
      created_at: clock.now(),
    });

  const addClient: TestApp['addClient'] = async (role, rooftopIds) => {
    const clientId = `test_${engine}_${++clientSeq}_${Math.random().toString(36).slice(2, 8)}`;
    const secret = `secret_${clientId}`;
    const scope = rooftopIds === 'all' ? { allRooftops: true, rooftopIds: [] } : { rooftopIds };
    await insertClient(deps.database.db, { clientId, secretHash: hashSecret(secret), role, ...scope, now: clock.now() });
    const res = await app.inject({ method: 'POST', url: '/v1/authorize', payload: { client_id: clientId, client_secret: secret } });
    return { clientId, secret, token: res.json().access_token as string };
  };

  const rooftopId = await addRooftop();
  const { token } = await addClient('dealer', [rooftopId]);

  const request: TestApp['request'] = (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const bearer = opts.token === undefined ? token : opts.token;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    return app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(opts.body === undefined ? {} : typeof opts.body === 'string' ? { payload: opts.body } : { payload: opts.body as object }),
    });
  };

  const count: TestApp['count'] = async (table) => {
    const row = await deps.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  return {
    engine,
    app,
    deps,
    clock,
    scratch,
    rooftopId,
    token,
    addRooftop,
    addClient,
    request,
    count,
    close: async () => {
      await app.close();
      await deps.close();
      await scratch.drop();
      rmSync(photoDir, { recursive: true, force: true });
    },
  };
}
