// The measured runs: the baseline server once, then Handoff on each engine through the scenarios.
import type { Request } from 'autocannon';
import { type LoadPlan, measure, type Measurement } from './load.ts';
import { log } from './log.ts';
import { benchCpuSeconds, machineBusySeconds } from './machine.ts';
import { type Running, startBaselineProcess, startHandoff } from './processes.ts';
import {
  bookingRequests,
  dispatch,
  driverStepScenario,
  getMoveRequests,
  listRequests,
  type ScenarioName,
  serverP99Ms,
} from './scenarios.ts';
import { availabilityRequests, bookBusyDay, coldAnswers } from './availability-day.ts';
import { authorize, type Credentials, DRIVERS, type Engine, query, scratch, setUp } from './setup.ts';

export interface RunOptions {
  plan: LoadPlan;
  /** Scenarios to report (booking always runs: the others read and walk what it books). */
  scenarios: Set<string>;
}

/** The baseline server's answers to the same request shapes: a booking POST and a GET. */
export interface Baseline {
  post: Measurement;
  get: Measurement;
}

export interface Row {
  engine: Engine | 'baseline';
  scenario: ScenarioName;
  m: Measurement;
  /** p99 inside the server (see serverP99Ms). */
  serverP99Ms?: number;
  baseline?: Measurement;
  note?: string;
}

export interface EngineRun {
  engine: Engine;
  rows: Row[];
  startupMs: number;
  peakRssMb: number;
  /** Wall time of the engine's run, and the CPU seconds used meanwhile by anything but this bench and the server. */
  seconds: number;
  otherCpuSeconds: number;
}

export async function runBaseline(plan: LoadPlan): Promise<Baseline> {
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

export async function runEngine(engine: Engine, base: Baseline, { plan, scenarios: wanted }: RunOptions): Promise<EngineRun> {
  const db = await scratch(engine);
  let server: Running | undefined;
  try {
    const creds = await setUp(db.url);
    const started = { at: performance.now(), busy: machineBusySeconds(), bench: benchCpuSeconds() };
    const running = await startHandoff(db.url);
    server = running;
    log(`${engine}: serve answered ${running.startupMs.toFixed(0)} ms after spawn`);
    const dealer = await authorize(running.baseUrl, creds.dealer);
    const run = (requests: Request[]) => measure(running.baseUrl, { requests }, plan, running.cpuSeconds);
    const rows: Row[] = [];

    // Booking always runs: the other scenarios read and walk the moves it books.
    log(`${engine}: booking`);
    const booked = await run(bookingRequests(dealer));
    if (wanted.has('booking')) rows.push({ engine, scenario: 'booking', m: booked, baseline: base.post });

    const moves = await query(db.url, (q) =>
      q.selectFrom('moves').select(['id', 'scenario_id', 'cardinality']).orderBy('scenario_id').orderBy('cardinality').execute(),
    );
    if (wanted.has('get-move')) {
      log(`${engine}: get-move over ${moves.length} moves`);
      rows.push({ engine, scenario: 'get-move', m: await run(getMoveRequests(dealer, moves.map((m) => m.id))), baseline: base.get });
    }
    if (wanted.has('list')) {
      log(`${engine}: list`);
      rows.push({ engine, scenario: 'list', m: await run(listRequests(dealer)), baseline: base.get });
    }
    if (wanted.has('driver-step')) rows.push(await driverSteps(engine, running, creds, moves, base.post, plan));
    if (wanted.has('availability')) {
      const day = await bookBusyDay(db.url, running.baseUrl, { dealer, ops: await authorize(running.baseUrl, creds.ops) }, creds.rooftopId);
      log(`${engine}: availability`);
      // One connection: the time one answer takes, not throughput under contention.
      const m = await measure(running.baseUrl, { requests: availabilityRequests(dealer, day) }, { ...plan, connections: 1 }, running.cpuSeconds);
      const cold = (await coldAnswers(running.baseUrl, dealer, day, db.url)).sort((a, b) => a - b);
      const note = `after a change to the day (model built afresh): median ${cold[cold.length >> 1]!.toFixed(0)} ms, max ${cold.at(-1)!.toFixed(0)} ms of ${cold.length}`;
      rows.push({ engine, scenario: 'availability', m, note });
    }
    for (const row of rows) row.serverP99Ms = await serverP99Ms(running.baseUrl, row.scenario);

    const peakRssMb = running.peakRssMb();
    if (process.env.BENCH_SERVER_FLAGS) process.stderr.write(running.output());
    // PostgreSQL's backends count as "other": on SQLite this is the rest of the machine alone.
    const otherCpuSeconds = machineBusySeconds() - started.busy - (benchCpuSeconds() - started.bench) - running.cpuSeconds();
    const seconds = (performance.now() - started.at) / 1000;
    return { engine, rows, startupMs: running.startupMs, peakRssMb, seconds, otherCpuSeconds };
  } catch (err) {
    if (server) process.stderr.write(server.output().slice(-4000));
    throw err;
  } finally {
    await server?.stop();
    await db.drop();
  }
}

/** About twice the driver-step rates measured here (BENCHMARKS.md), for provisioning pairs. */
const STEP_RATE_CEILING: Record<Engine, number> = { sqlite: 1500, postgres: 1200 };

/** Dispatches enough booked pairs for the run, then walks them (see driverStepScenario). */
async function driverSteps(
  engine: Engine,
  server: Running,
  creds: Credentials,
  moves: { id: number; scenario_id: number; cardinality: number }[],
  basePost: Measurement,
  plan: LoadPlan,
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
