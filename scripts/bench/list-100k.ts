// The list-100k scenario (issue 16: "the moves list at 100,000 moves"): a rooftop with 100,000
// moves (seed-moves.ts), then GET /v1/moves measured from one connection — the time one answer
// takes, not throughput — for the first page, a page 90,000 moves deep by cursor, a status filter,
// a week's date range a year back, and searches by VIN ending and by name.
//
//   node --import tsx scripts/bench/list-100k.ts explain [sqlite|postgres]   the query plans of those pages
import type { Request } from 'autocannon';
import { CompiledQuery, sql } from 'kysely';
import { parseDatabaseUrl } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { encodeCursor, readMoveListQuery } from '../../src/modules/moves/move-list.ts';
import { findMovePage } from '../../src/modules/moves/move-list.repository.ts';
import { bookingBodies } from './data.ts';
import { jsonRequest, type LoadPlan, measure, type Measurement } from './load.ts';
import { log } from './log.ts';
import { startHandoff } from './processes.ts';
import { seedMoves, type Seeded } from './seed-moves.ts';
import { authorize, type Engine, query, scratch, setUp } from './setup.ts';

export const LIST_SCENARIOS = 50_000;
const DAY = 86_400_000;

export interface ListQuery {
  what: string;
  path: string;
}

/** The measured pages (paths), from what was seeded. */
export function listQueries(seeded: Seeded, now: number): ListQuery[] {
  const deep = seeded.idsNewestFirst[90_000] ?? seeded.idsNewestFirst.at(-1)!;
  const daysAgo = (days: number) => new Date(now - days * DAY).toISOString().slice(0, 19) + 'Z';
  const lastName = seeded.sample.name.split(' ').at(-1)!;
  return [
    { what: 'first page', path: '/v1/moves?limit=50' },
    { what: 'page 90,000 moves deep (cursor)', path: `/v1/moves?limit=50&cursor=${encodeCursor(deep)}` },
    { what: 'status=dispatched', path: '/v1/moves?limit=50&status=dispatched' },
    { what: 'a week, a year back (from/to)', path: `/v1/moves?limit=50&from=${daysAgo(372)}&to=${daysAgo(365)}` },
    { what: 'from a year back (a wide window)', path: `/v1/moves?limit=50&from=${daysAgo(365)}` },
    { what: 'q = a VIN\'s last 8', path: `/v1/moves?limit=50&q=${seeded.sample.vin.slice(-8)}` },
    { what: `q = a surname (${lastName})`, path: `/v1/moves?limit=50&q=${encodeURIComponent(lastName.toLowerCase())}` },
    { what: 'q = name prefixes + status', path: `/v1/moves?limit=50&status=delivery+successful&q=${encodeURIComponent(seeded.sample.name.slice(0, 3) + ' ' + lastName.slice(0, 3))}` },
  ];
}

interface Prepared {
  url: string;
  seeded: Seeded;
  drop(): Promise<void>;
}

/** A scratch database with the bench rooftop and its 100,000 moves (set up as `handoff serve` would leave it). */
async function prepare(engine: Engine): Promise<Prepared & { dealer: { client_id: string; client_secret: string } }> {
  const db = await scratch(engine);
  try {
    const creds = await setUp(db.url);
    const server = await startHandoff(db.url);
    try {
      const token = await authorize(server.baseUrl, creds.dealer);
      // Real bookings: the template scenario, and the customer lanes the copies spread over.
      const bodies = bookingBodies(16);
      for (let i = 0; i < 20; i++) {
        const res = await fetch(`${server.baseUrl}/v1/concierge-loaner-moves`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: bodies.next() });
        if (!res.ok) throw new Error(`template booking: ${res.status} ${await res.text()}`);
      }
    } finally {
      await server.stop();
    }
    const seeded = await seedMoves(db.url, LIST_SCENARIOS);
    log(`${engine}: seeded ${seeded.moves} moves in ${(seeded.ms / 1000).toFixed(1)} s`);
    // PostgreSQL's autovacuum vacuums and analyzes tables this changed within a minute or so; the bench does not wait for it.
    if (engine === 'postgres') await query(db.url, (k) => sql`vacuum analyze`.execute(k));
    return { url: db.url, seeded, drop: db.drop, dealer: creds.dealer };
  } catch (err) {
    await db.drop();
    throw err;
  }
}

export interface ListRow {
  what: string;
  m: Measurement;
}

/** Seeds, then measures each page from one connection. */
export async function runList100k(engine: Engine, plan: LoadPlan): Promise<{ rows: ListRow[]; seedMs: number }> {
  const prepared = await prepare(engine);
  try {
    const server = await startHandoff(prepared.url);
    try {
      const token = await authorize(server.baseUrl, prepared.dealer);
      const rows: ListRow[] = [];
      for (const q of listQueries(prepared.seeded, Date.now())) {
        log(`${engine}: list-100k ${q.what}`);
        const requests: Request[] = [jsonRequest('GET', q.path, token)];
        rows.push({ what: q.what, m: await measure(server.baseUrl, { requests }, { ...plan, connections: 1 }, server.cpuSeconds) });
      }
      return { rows, seedMs: prepared.seeded.ms };
    } finally {
      await server.stop();
    }
  } finally {
    await prepared.drop();
  }
}

/** Prints each page query's plan (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE) as the repository builds it, and its time in-process. */
async function explain(engine: Engine): Promise<void> {
  const prepared = await prepare(engine);
  let last: CompiledQuery | undefined;
  const database = openDatabase(parseDatabaseUrl(prepared.url)!, { poolSize: 1, log: (e) => void (last = e.query) });
  try {
    const rooftopId = Number((await database.db.selectFrom('rooftops').select('id').executeTakeFirstOrThrow()).id);
    for (const q of listQueries(prepared.seeded, Date.now())) {
      const filter = { ...readMoveListQuery(Object.fromEntries(new URL(q.path, 'http://x').searchParams)), rooftopIds: [rooftopId] };
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        await findMovePage(database.db, filter);
        times.push(performance.now() - t);
      }
      const statement = last!;
      const prefix = engine === 'postgres' ? 'explain (analyze, costs off, timing off) ' : 'explain query plan ';
      const plan = await database.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + statement.sql, [...statement.parameters]));
      times.sort((a, b) => a - b);
      console.log(`${q.what}: page query median ${times[10]!.toFixed(2)} ms in-process\n  ${statement.sql}\n  ${plan.rows.map((r) => String(r['QUERY PLAN'] ?? r.detail)).join('\n  ')}`);
    }
  } finally {
    await database.close();
    await prepared.drop();
  }
}

if (process.argv[2] === 'explain') await explain((process.argv[3] ?? 'sqlite') as Engine);

/** The scenario's rows: one per page, checked against issue 16's target (median ≤ 20 ms). */
export function list100kTable(runs: { engine: Engine; rows: ListRow[]; seedMs: number }[]): string {
  const lines = [
    `| engine | GET /v1/moves at ${LIST_SCENARIOS * 2} moves | p50 ms | p99 ms | req/s (1 connection) | server CPU ms/req | errors | target |`,
    '|---|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const run of runs) {
    for (const { what, m } of run.rows) {
      const pass = m.p50Ms <= 20 && m.errors === 0;
      lines.push(`| ${run.engine} | ${what} | ${m.p50Ms.toFixed(1)} | ${m.p99Ms.toFixed(1)} | ${m.requestsPerSecond.toFixed(0)} | ${m.cpuMsPerRequest?.toFixed(2) ?? ''} | ${m.errors} | ${pass ? 'PASS' : 'FAIL'} p50 ≤ 20 ms |`);
    }
  }
  lines.push('', runs.map((r) => `${r.engine}: ${LIST_SCENARIOS * 2} moves seeded in ${(r.seedMs / 1000).toFixed(1)} s`).join('; '));
  return lines.join('\n');
}
