// Scratch databases and their set-up through the admin CLI: a rooftop, a dealer and an ops client,
// and drivers. PostgreSQL: BENCH_POSTGRES_URL (default TEST_POSTGRES_URL, else the local `test`
// database); each run works in a fresh schema it drops at the end.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runCli } from '../../src/cli.ts';
import { parseDatabaseUrl } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { SERVICE_LOT } from './data.ts';

export type Engine = 'sqlite' | 'postgres';

const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Scratch {
  url: string;
  drop(): Promise<void>;
}

export async function scratch(engine: Engine): Promise<Scratch> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-bench-'));
    return { url: `sqlite:${join(dir, 'bench.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: POSTGRES_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const u = new URL(POSTGRES_URL);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return { url: u.toString(), drop: () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

export async function cli(url: string, argv: string[]): Promise<Record<string, unknown>> {
  const result = await runCli(argv, { ...process.env, DATABASE_URL: url });
  if (result.exitCode !== 0) throw new Error(`handoff ${argv.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

export const DRIVERS = 8;

export interface ClientCredentials {
  client_id: string;
  client_secret: string;
}

export interface Credentials {
  rooftopId: number;
  dealer: ClientCredentials;
  ops: ClientCredentials;
  drivers: (ClientCredentials & { driver_id: number })[];
}

export async function setUp(url: string): Promise<Credentials> {
  const { rooftop_id } = await cli(url, [
    'rooftop', 'add', '--name', SERVICE_LOT.name, '--address-one', SERVICE_LOT.address_one,
    '--city', SERVICE_LOT.city, '--state', SERVICE_LOT.state, '--zip', SERVICE_LOT.zip,
  ]);
  await useReadingsOnlyInspections(url, Number(rooftop_id));
  const dealer = await cli(url, ['client', 'add', '--rooftop', String(rooftop_id), '--role', 'dealer']);
  const ops = await cli(url, ['client', 'add', '--rooftop', String(rooftop_id), '--role', 'ops']);
  const drivers = [];
  for (let i = 1; i <= DRIVERS; i++) {
    drivers.push(await cli(url, ['driver', 'add', '--name', `Bench Driver ${i}`, '--phone', `804-555-01${String(i).padStart(2, '0')}`, '--manual']));
  }
  return { rooftopId: Number(rooftop_id), dealer, ops, drivers } as unknown as Credentials;
}

/**
 * The rooftop's default workflow set asks for nothing (notes only, optional): the driver-step
 * scenario measures the lifecycle step itself — its gate check, the slot signed with its seal,
 * move.bol.ready — not the photos and report a driver uploads before it, which are requests of their own.
 */
async function useReadingsOnlyInspections(url: string, rooftopId: number): Promise<void> {
  const workflow = (type: string) => ({
    name: `Bench ${type}`,
    description: 'Notes only, optional',
    steps: [{ id: 'driver-notes', type: 'string', config: { allow_server_edits: false, required: false } }],
  });
  const dir = mkdtempSync(join(tmpdir(), 'handoff-bench-set-'));
  const file = join(dir, 'set.json');
  writeFileSync(file, JSON.stringify({ name: 'Bench', description: 'Nothing required', pickup: workflow('pickup'), delivery: workflow('delivery') }));
  try {
    await cli(url, ['workflowset', 'add', '--rooftop', String(rooftopId), '--file', file, '--default']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function authorize(baseUrl: string, c: ClientCredentials): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(c),
  });
  if (!res.ok) throw new Error(`authorize: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Reads ids straight from the database (set-up only; never during a measured run). */
export async function query<T>(url: string, read: (db: ReturnType<typeof openDatabase>['db']) => Promise<T>): Promise<T> {
  const database = openDatabase(parseDatabaseUrl(url)!, { poolSize: 1 });
  try {
    return await read(database.db);
  } finally {
    await database.close();
  }
}
