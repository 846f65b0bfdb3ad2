// `npm run bench`: Handoff under load on loopback, against a bare-Fastify baseline measured in the
// same run, on SQLite and on PostgreSQL. Prints one markdown table, then peak RSS and start-up.
// Method and latest results: BENCHMARKS.md.
//
//   npm run bench                          everything (≈ 2½ minutes on the 2-core reference machine)
//   npm run bench -- --engines sqlite      one engine
//   npm run bench -- --profile             the booking scenario on SQLite under --cpu-prof, summarized
//                                          (--engines postgres: on PostgreSQL; --scenarios list: another one)
//   options: --seconds 10 --warmup 3 --connections 50 --scenarios booking,get-move,list,driver-step
//            --top 25 (with --profile)
//
// PostgreSQL: BENCH_POSTGRES_URL (default TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/test);
// each run works in a fresh schema it drops at the end. BENCH_SERVER_FLAGS: extra node flags for the
// server under test (diagnosis: --trace-gc, heap sizes), its output then printed to stderr.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Client, Request } from 'autocannon';
import pg from 'pg';
import { runCli } from '../src/cli.ts';
import { parseDatabaseUrl } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { STEPS } from '../src/modules/moves/lifecycle/state-machine.ts';
import { formatProfileSummary, summarizeProfile, type CpuProfile } from './bench/cpu-profile.ts';
import { bookingBodies, SERVICE_LOT } from './bench/data.ts';
import { jsonRequest, type LoadPlan, measure, type Measurement } from './bench/load.ts';
import { buildHandoff, type Running, startBaselineProcess, startHandoff } from './bench/processes.ts';

type Engine = 'sqlite' | 'postgres';
type ScenarioName = 'booking' | 'get-move' | 'list' | 'driver-step';

const { values: args } = parseArgs({
  options: {
    engines: { type: 'string', default: 'sqlite,postgres' },
    scenarios: { type: 'string', default: 'booking,get-move,list,driver-step' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    profile: { type: 'boolean', default: false },
    top: { type: 'string', default: '25' },
  },
});
const plan: LoadPlan = {
  connections: Number(args.connections),
  warmupSeconds: Number(args.warmup),
  seconds: Number(args.seconds),
};
const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Targets from the issue: a ratio to the baseline (the same request shape) and, for booking, p99. */
const TARGETS: Record<ScenarioName, { ratio?: Record<Engine, number>; p99Ms?: number }> = {
  booking: { ratio: { sqlite: 0.3, postgres: 0.15 }, p99Ms: 50 },
  'get-move': { ratio: { sqlite: 0.5, postgres: 0.5 } },
  list: {},
  'driver-step': {},
};
const wantedScenarios = new Set(args.scenarios.split(',').map((s) => s.trim()));
const MAX_RSS_MB = 250;
const MAX_STARTUP_MS = 2000;

const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
const began = performance.now();

// ---------------------------------------------------------------------------------------------
// Scratch databases and set-up through the admin CLI.

interface Scratch {
  url: string;
  drop(): Promise<void>;
}

async function scratch(engine: Engine): Promise<Scratch> {
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

async function cli(url: string, argv: string[]): Promise<Record<string, unknown>> {
  const result = await runCli(argv, { ...process.env, DATABASE_URL: url });
  if (result.exitCode !== 0) throw new Error(`handoff ${argv.join(' ')} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

const DRIVERS = 8;

interface Credentials {
  dealer: { client_id: string; client_secret: string };
  ops: { client_id: string; client_secret: string };
  drivers: { driver_id: number; client_id: string; client_secret: string }[];
}

async function setUp(url: string): Promise<Credentials> {
  const { rooftop_id } = await cli(url, [
    'rooftop', 'add', '--name', SERVICE_LOT.name, '--address-one', SERVICE_LOT.address_one,
    '--city', SERVICE_LOT.city, '--state', SERVICE_LOT.state, '--zip', SERVICE_LOT.zip,
  ]);
  const dealer = await cli(url, ['client', 'add', '--rooftop', String(rooftop_id), '--role', 'dealer']);
  const ops = await cli(url, ['client', 'add', '--rooftop', String(rooftop_id), '--role', 'ops']);
  const drivers = [];
  for (let i = 1; i <= DRIVERS; i++) {
    drivers.push(await cli(url, ['driver', 'add', '--name', `Bench Driver ${i}`, '--phone', `804-555-01${String(i).padStart(2, '0')}`, '--manual']));
  }
  return { dealer, ops, drivers } as unknown as Credentials;
}

async function authorize(baseUrl: string, c: { client_id: string; client_secret: string }): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(c),
  });
  if (!res.ok) throw new Error(`authorize: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Reads ids straight from the database (set-up only; never during a measured run). */
async function query<T>(url: string, read: (db: ReturnType<typeof openDatabase>['db']) => Promise<T>): Promise<T> {
  const database = openDatabase(parseDatabaseUrl(url)!, { poolSize: 1 });
  try {
    return await read(database.db);
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios.

const BOOKING_POOL = 12_000;
let bookingPool: string[] | undefined;
/** Booking bodies, made before any measurement so making them costs no measured CPU. */
function bookingBodyPool(): string[] {
  if (!bookingPool) {
    const bodies = bookingBodies(42);
    bookingPool = Array.from({ length: BOOKING_POOL }, () => bodies.next());
    log(`${BOOKING_POOL} booking bodies over ${bodies.zipCount} ZIPs in VA/NC/MD/DC within 150 miles of ${SERVICE_LOT.zip}`);
  }
  return bookingPool;
}

function bookingRequests(token: string | null): Request[] {
  const pool = bookingBodyPool();
  let i = 0;
  return [
    {
      ...jsonRequest('POST', '/v1/concierge-loaner-moves', token),
      setupRequest: (req) => ({ ...req, body: pool[i++ % pool.length]! }),
    },
  ];
}

function getMoveRequests(token: string | null, moveIds: number[]): Request[] {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return moveIds[seed % moveIds.length]!;
  };
  return [{ ...jsonRequest('GET', '/v1/moves/1', token), setupRequest: (req) => ({ ...req, path: `/v1/moves/${next()}` }) }];
}

const listRequests = (token: string | null): Request[] => [jsonRequest('GET', '/v1/moves?limit=50', token)];

interface Pair {
  token: string;
  moveIds: [number, number];
}

/**
 * Driver steps: each connection takes a dispatched pair and walks it — leg 0's six steps, then
 * leg 1's — one request at a time, so every request is the valid next step. A connection that
 * finds no pair left sends a step for a move that does not exist, which counts as an error.
 */
function driverStepScenario(pairs: Pair[]) {
  let next = 0;
  let starved = 0;
  const setupClient = (client: Client) => {
    let pair: Pair | undefined;
    let i = 12;
    client.setRequests([
      {
        ...jsonRequest('POST', '/v1/driver/moves/0/steps', 'none'),
        setupRequest: (req) => {
          if (i === 12) {
            pair = pairs[next++];
            i = 0;
          }
          if (!pair) {
            starved++;
            return { ...req, body: JSON.stringify({ step: 'pickup_started', lat: 37.5, lon: -77.5 }) };
          }
          const moveId = pair.moveIds[i < 6 ? 0 : 1];
          const step = STEPS[i % 6]!;
          i++;
          return {
            ...req,
            path: `/v1/driver/moves/${moveId}/steps`,
            headers: { ...req.headers, authorization: `Bearer ${pair.token}` },
            body: JSON.stringify({ step, lat: 37.4986, lon: -77.5975 }),
          };
        },
      },
    ]);
  };
  return { setupClient, used: () => Math.min(next, pairs.length), starved: () => starved };
}

const ROUTES: Record<ScenarioName, { method: string; route: string }> = {
  booking: { method: 'POST', route: '/v1/concierge-loaner-moves' },
  'get-move': { method: 'GET', route: '/v1/moves/:id' },
  list: { method: 'GET', route: '/v1/moves' },
  'driver-step': { method: 'POST', route: '/v1/driver/moves/:id/steps' },
};

/**
 * The server's own p99 for a scenario's route, from its request-duration histogram (GET /metrics):
 * the upper bound of the bucket holding the 99th percentile, in ms, over warm-up and measured run.
 * It is the time inside the server, from the request read to the response written — without the
 * wait in the socket queues that the client-side p99 also counts.
 */
async function serverP99Ms(baseUrl: string, scenario: ScenarioName): Promise<number | undefined> {
  const { method, route } = ROUTES[scenario];
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const buckets = new Map<number, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('handoff_http_request_duration_seconds_bucket{')) continue;
    if (!line.includes(`route="${route}"`) || !line.includes(`method="${method}"`) || !line.includes('status="200"')) continue;
    const le = /le="([^"]+)"/.exec(line)![1]!;
    const bound = le === '+Inf' ? Infinity : Number(le) * 1000;
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  const total = buckets.get(Infinity);
  if (!total) return undefined;
  return [...buckets].sort((a, b) => a[0] - b[0]).find(([, n]) => n >= 0.99 * total)?.[0];
}

/** Dispatches scenarios to the drivers through the ops API, a few at a time (set-up, not measured). */
async function dispatch(baseUrl: string, opsToken: string, scenarios: [number, number][], driverIds: number[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < scenarios.length) {
      const i = next++;
      const [moveId] = scenarios[i]!;
      const res = await fetch(`${baseUrl}/v1/ops/moves/${moveId}/dispatch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${opsToken}` },
        body: JSON.stringify({ driver_id: driverIds[i % driverIds.length] }),
      });
      if (!res.ok) throw new Error(`dispatch of move ${moveId}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

// ---------------------------------------------------------------------------------------------
// Runs.

interface Row {
  engine: Engine | 'baseline';
  scenario: ScenarioName;
  m: Measurement;
  /** p99 inside the server (see serverP99Ms). */
  serverP99Ms?: number;
  baseline?: Measurement;
  note?: string;
}

interface EngineRun {
  engine: Engine;
  rows: Row[];
  startupMs: number;
  peakRssMb: number;
  /** Wall time of the engine's run, and the CPU seconds used meanwhile by anything but this bench and the server. */
  seconds: number;
  otherCpuSeconds: number;
}

async function runBaseline(): Promise<{ post: Measurement; get: Measurement }> {
  const server = await startBaselineProcess();
  try {
    log(`baseline: POST ${plan.seconds} s`);
    const post = await measure(server.baseUrl, { requests: bookingRequests(null) }, plan, server.cpuSeconds);
    log(`baseline: GET ${plan.seconds} s`);
    const get = await measure(server.baseUrl, { requests: getMoveRequests(null, [1, 2, 3]) }, plan, server.cpuSeconds);
    return { post, get };
  } finally {
    await server.stop();
  }
}

async function runEngine(engine: Engine, base: { post: Measurement; get: Measurement }): Promise<EngineRun> {
  const db = await scratch(engine);
  let server: Running | undefined;
  try {
    const creds = await setUp(db.url);
    const started = { at: performance.now(), busy: machineBusySeconds(), bench: benchCpuSeconds() };
    server = await startHandoff(db.url);
    log(`${engine}: serve answered ${server.startupMs.toFixed(0)} ms after spawn`);
    const dealer = await authorize(server.baseUrl, creds.dealer);
    const rows: Row[] = [];

    const cpu = server.cpuSeconds;
    // Booking always runs: the other scenarios read and walk the moves it books.
    log(`${engine}: booking`);
    const booked = await measure(server.baseUrl, { requests: bookingRequests(dealer) }, plan, cpu);
    if (wantedScenarios.has('booking')) rows.push({ engine, scenario: 'booking', m: booked, baseline: base.post });

    const moves = await query(db.url, (q) =>
      q.selectFrom('moves').select(['id', 'scenario_id', 'cardinality']).orderBy('scenario_id').orderBy('cardinality').execute(),
    );
    if (wantedScenarios.has('get-move')) {
      log(`${engine}: get-move over ${moves.length} moves`);
      const ids = moves.map((m) => m.id);
      rows.push({ engine, scenario: 'get-move', m: await measure(server.baseUrl, { requests: getMoveRequests(dealer, ids) }, plan, cpu), baseline: base.get });
    }
    if (wantedScenarios.has('list')) {
      log(`${engine}: list`);
      rows.push({ engine, scenario: 'list', m: await measure(server.baseUrl, { requests: listRequests(dealer) }, plan, cpu), baseline: base.get });
    }
    if (wantedScenarios.has('driver-step')) rows.push(await driverSteps(engine, server, creds, moves, base.post));
    for (const row of rows) row.serverP99Ms = await serverP99Ms(server.baseUrl, row.scenario);

    const peakRssMb = server.peakRssMb();
    if (process.env.BENCH_SERVER_FLAGS) process.stderr.write(server.output());
    // PostgreSQL's backends count as "other": on SQLite this is the rest of the machine alone.
    const otherCpuSeconds =
      machineBusySeconds() - started.busy - (benchCpuSeconds() - started.bench) - server.cpuSeconds();
    const seconds = (performance.now() - started.at) / 1000;
    return { engine, rows, startupMs: server.startupMs, peakRssMb, seconds, otherCpuSeconds };
  } catch (err) {
    if (server) process.stderr.write(server.output().slice(-4000));
    throw err;
  } finally {
    await server?.stop();
    await db.drop();
  }
}

/** Dispatches enough booked pairs for the run, then walks them (see driverStepScenario). */
async function driverSteps(
  engine: Engine,
  server: Running,
  creds: Credentials,
  moves: { id: number; scenario_id: number; cardinality: number }[],
  basePost: Measurement,
): Promise<Row> {
  const scenarios: [number, number][] = [];
  for (let i = 0; i + 1 < moves.length; i++) {
    if (moves[i]!.scenario_id === moves[i + 1]!.scenario_id) scenarios.push([moves[i]!.id, moves[i + 1]!.id]);
  }
  const wanted = Math.ceil((STEP_RATE_CEILING[engine] * (plan.warmupSeconds + plan.seconds)) / 12) + 4 * plan.connections;
  const chosen = scenarios.slice(0, wanted);
  const ops = await authorize(server.baseUrl, creds.ops);
  const t = performance.now();
  await dispatch(server.baseUrl, ops, chosen, creds.drivers.map((d) => d.driver_id));
  log(`${engine}: dispatched ${chosen.length} pairs in ${((performance.now() - t) / 1000).toFixed(1)} s; driver-step`);
  const tokens = new Map<number, string>();
  for (const d of creds.drivers) tokens.set(d.driver_id, await authorize(server.baseUrl, d));
  const pairs = chosen.map(([a, b], i) => ({
    token: tokens.get(creds.drivers[i % DRIVERS]!.driver_id)!,
    moveIds: [a, b] as [number, number],
  }));
  const steps = driverStepScenario(pairs);
  const m = await measure(server.baseUrl, { setupClient: steps.setupClient }, plan, server.cpuSeconds);
  return {
    engine,
    scenario: 'driver-step',
    m,
    baseline: basePost,
    note: steps.starved() ? `ran out of dispatched pairs (${steps.starved()} requests)` : undefined,
  };
}

/** About twice the driver-step rates measured here (BENCHMARKS.md), for provisioning pairs. */
const STEP_RATE_CEILING: Record<Engine, number> = { sqlite: 1500, postgres: 1200 };

/**
 * How busy the machine's CPUs were over `ms`, as a share of all of them, from /proc/stat. Taken
 * before the run: anything else running (a test suite, a build) skews every number here.
 */
async function cpuBusy(ms: number): Promise<number> {
  const a = machineTicks();
  await new Promise((r) => setTimeout(r, ms));
  const b = machineTicks();
  return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
}

/** All CPUs' ticks (1/100 s) since boot, from /proc/stat: idle (with iowait) and in all. */
function machineTicks(): { idle: number; total: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  return { idle: ticks[3]! + ticks[4]!, total: ticks.reduce((a, b) => a + b, 0) };
}

/** CPU seconds the machine spent busy, for "what else ran" during an engine's run. */
function machineBusySeconds(): number {
  const t = machineTicks();
  return (t.total - t.idle) / 100;
}

/** CPU seconds this bench process (autocannon included) has used. */
function benchCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

// ---------------------------------------------------------------------------------------------
// Report.

function report(runs: EngineRun[], base: { post: Measurement; get: Measurement }, busyBefore: number): string {
  const f0 = (n: number) => n.toFixed(0);
  const f1 = (n: number) => n.toFixed(1);
  const f2 = (n: number | undefined) => (n === undefined ? '' : n.toFixed(2));
  const lines = [
    `| engine | scenario | req/s | p50 ms | p99 ms | errors | server p99 ms | server CPU ms/req | baseline req/s | ratio | targets |`,
    `|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|`,
    `| baseline | POST booking body (AJV) | ${f0(base.post.requestsPerSecond)} | ${f1(base.post.p50Ms)} | ${f1(base.post.p99Ms)} | ${base.post.errors} | | ${f2(base.post.cpuMsPerRequest)} | | | |`,
    `| baseline | GET fixed body | ${f0(base.get.requestsPerSecond)} | ${f1(base.get.p50Ms)} | ${f1(base.get.p99Ms)} | ${base.get.errors} | | ${f2(base.get.cpuMsPerRequest)} | | | |`,
  ];
  let allPass = true;
  for (const run of runs) {
    for (const row of run.rows) {
      const { m } = row;
      const ratio = row.baseline ? m.requestsPerSecond / row.baseline.requestsPerSecond : NaN;
      const target = TARGETS[row.scenario];
      const checks: string[] = [];
      const check = (ok: boolean, text: string) => {
        allPass &&= ok;
        checks.push(`${ok ? 'PASS' : 'FAIL'} ${text}`);
      };
      const want = target.ratio?.[run.engine];
      if (want !== undefined) check(ratio >= want, `ratio ≥ ${want * 100}%`);
      if (target.p99Ms !== undefined) check(m.p99Ms <= target.p99Ms, `p99 ≤ ${target.p99Ms} ms`);
      check(m.errors === 0, 'errors = 0');
      if (row.note) checks.push(`(${row.note})`);
      const codes = m.errors ? ` (${Object.entries(m.statusCodes).map(([c, n]) => `${c}: ${n}`).join(', ')})` : '';
      lines.push(
        `| ${run.engine} | ${row.scenario} | ${f0(m.requestsPerSecond)} | ${f1(m.p50Ms)} | ${f1(m.p99Ms)} | ${m.errors}${codes} | ${row.serverP99Ms === undefined ? '' : `≤ ${row.serverP99Ms}`} | ${f2(m.cpuMsPerRequest)} | ${row.baseline ? f0(row.baseline.requestsPerSecond) : ''} | ${Number.isNaN(ratio) ? '' : `${(ratio * 100).toFixed(0)}%`} | ${checks.join(', ')} |`,
      );
    }
  }
  lines.push('');
  for (const run of runs) {
    const rssOk = run.peakRssMb <= MAX_RSS_MB;
    const startOk = run.startupMs <= MAX_STARTUP_MS;
    allPass &&= rssOk && startOk;
    lines.push(
      `${run.engine}: peak RSS ${f0(run.peakRssMb)} MB (${rssOk ? 'PASS' : 'FAIL'} ≤ ${MAX_RSS_MB} MB); ` +
        `start-up to first accepted request ${f0(run.startupMs)} ms (${startOk ? 'PASS' : 'FAIL'} ≤ ${MAX_STARTUP_MS} ms); ` +
        `other processes${run.engine === 'postgres' ? ' (PostgreSQL included)' : ''} used ${f0(Math.max(0, run.otherCpuSeconds))} CPU-s of the ${f0(run.seconds * cpus().length)} available meanwhile`,
    );
  }
  lines.push(
    '',
    `${plan.connections} connections, ${plan.warmupSeconds} s warm-up + ${plan.seconds} s measured per row; ` +
      `\`node dist/cli.js serve\` (the production build; no job worker), LOG_LEVEL=warn, RATE_LIMIT_PER_MINUTE=0; whole run ${((performance.now() - began) / 1000).toFixed(0)} s. ` +
      `${allPass ? 'All targets met.' : 'Some targets missed (FAIL above).'}`,
    `Machine before the run: ${(busyBefore * 100).toFixed(0)}% of its ${cpus().length} CPUs busy with other work${busyBefore > 0.1 ? ' — numbers are skewed; rerun on an idle machine' : ''}.`,
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// --profile: the booking scenario under --cpu-prof, summarized over the measured run.

async function profileScenario(engine: Engine, scenario: 'booking' | 'get-move' | 'list'): Promise<void> {
  const db = await scratch(engine);
  const dir = mkdtempSync(join(tmpdir(), 'handoff-cpuprof-'));
  try {
    const creds = await setUp(db.url);
    const server = await startHandoff(db.url, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    let window: { fromUs: number; toUs: number };
    let m: Measurement;
    try {
      const token = await authorize(server.baseUrl, creds.dealer);
      const now = () => Number(process.hrtime.bigint() / 1000n);
      let fromUs = 0;
      const afterWarmup = () => (fromUs = now());
      if (scenario === 'booking') {
        m = await measure(server.baseUrl, { requests: bookingRequests(token), afterWarmup }, plan);
      } else {
        // Moves to read first, unprofiled.
        await measure(server.baseUrl, { requests: bookingRequests(token) }, { ...plan, warmupSeconds: 0 });
        const ids = await query(db.url, (q) => q.selectFrom('moves').select('id').execute());
        const requests = scenario === 'list' ? listRequests(token) : getMoveRequests(token, ids.map((r) => r.id));
        m = await measure(server.baseUrl, { requests, afterWarmup }, plan);
      }
      window = { fromUs, toUs: now() };
    } finally {
      await server.stop();
    }
    // The largest profile is the server's main thread (any other thread writes its own, smaller one).
    const files = readdirSync(dir).map((f) => join(dir, f));
    const file = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (!file) throw new Error('no .cpuprofile was written');
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    process.stdout.write(
      `${scenario} on ${engine} under --cpu-prof: ${m.requestsPerSecond.toFixed(0)} req/s, p50 ${m.p50Ms.toFixed(1)} ms, p99 ${m.p99Ms.toFixed(1)} ms, ${m.errors} errors\n\n`,
    );
    process.stdout.write(`${formatProfileSummary(summarizeProfile(profile, Number(args.top), window))}\n`);
    log(`profile kept at ${file}`);
  } finally {
    await db.drop();
  }
}

// ---------------------------------------------------------------------------------------------

const engines = args.engines.split(',').map((e) => e.trim()) as Engine[];
for (const e of engines) if (e !== 'sqlite' && e !== 'postgres') throw new Error(`unknown engine ${e}`);
// The server measured is the production build (dist/), rebuilt first; before any measurement, so
// esbuild's CPU counts in none of them.
await buildHandoff();
if (args.profile) {
  // The first engine and scenario named (booking on SQLite unless --engines / --scenarios say otherwise).
  const scenario = process.argv.includes('--scenarios') ? [...wantedScenarios][0] : 'booking';
  if (scenario !== 'booking' && scenario !== 'get-move' && scenario !== 'list') throw new Error(`cannot profile ${scenario}`);
  await profileScenario(process.argv.includes('--engines') ? engines[0]! : 'sqlite', scenario);
} else {
  const busyBefore = await cpuBusy(1000);
  if (busyBefore > 0.1) log(`warning: the machine is ${(busyBefore * 100).toFixed(0)}% busy before the run; numbers will be skewed`);
  bookingBodyPool();
  log('baseline');
  const base = await runBaseline();
  const runs: EngineRun[] = [];
  for (const engine of engines) runs.push(await runEngine(engine, base));
  process.stdout.write(`${report(runs, base, busyBefore)}\n`);
}
