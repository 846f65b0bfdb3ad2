// `npm run bench`: Handoff under load on loopback, against a bare-Fastify baseline measured in the
// same run, on SQLite and on PostgreSQL. Prints one markdown table, then peak RSS and start-up.
// Method and latest results: BENCHMARKS.md.
//
//   npm run bench                          everything (≈ 2½ minutes on the 2-core reference machine)
//   npm run bench -- --engines sqlite      one engine
//   npm run bench -- --profile             the booking scenario on SQLite under --cpu-prof, summarized
//                                          (--engines postgres: on PostgreSQL; --scenarios list: another one)
//   options: --seconds 10 --warmup 3 --connections 50 --scenarios booking,get-move,list,driver-step,availability,list-100k
//   (list-100k: 100,000 moves seeded, then GET /v1/moves pages from one connection; scripts/bench/list-100k.ts)
//            --top 25 (with --profile)
//
// PostgreSQL: BENCH_POSTGRES_URL (default TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/test);
// each run works in a fresh schema it drops at the end. BENCH_SERVER_FLAGS: extra node flags for the
// server under test (diagnosis: --trace-gc, heap sizes), its output then printed to stderr.
//
// The parts, in scripts/bench/: setup.ts (scratch databases, CLI set-up), processes.ts (the servers),
// scenarios.ts (what each scenario sends), load.ts (autocannon), runs.ts (the runs), report.ts (the
// table and its targets), profile.ts (--profile), machine.ts (what else used the CPUs).
import { parseArgs } from 'node:util';
import type { LoadPlan } from './bench/load.ts';
import { log } from './bench/log.ts';
import { cpuBusy } from './bench/machine.ts';
import { buildHandoff } from './bench/processes.ts';
import { profileScenario } from './bench/profile.ts';
import { report } from './bench/report.ts';
import { type EngineRun, runBaseline, runEngine } from './bench/runs.ts';
import { bookingBodyPool } from './bench/scenarios.ts';
import { list100kTable, runList100k } from './bench/list-100k.ts';
import type { Engine } from './bench/setup.ts';

const began = performance.now();
const { values: args } = parseArgs({
  options: {
    engines: { type: 'string', default: 'sqlite,postgres' },
    scenarios: { type: 'string', default: 'booking,get-move,list,driver-step,availability,list-100k' },
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
const scenarios = new Set(args.scenarios.split(',').map((s) => s.trim()));

const engines = args.engines.split(',').map((e) => e.trim()) as Engine[];
for (const e of engines) if (e !== 'sqlite' && e !== 'postgres') throw new Error(`unknown engine ${e}`);
// The server measured is the production build (dist/), rebuilt first; before any measurement, so
// esbuild's CPU counts in none of them.
await buildHandoff();
if (args.profile) {
  // The first engine and scenario named (booking on SQLite unless --engines / --scenarios say otherwise).
  const scenario = process.argv.includes('--scenarios') ? [...scenarios][0] : 'booking';
  if (scenario !== 'booking' && scenario !== 'get-move' && scenario !== 'list' && scenario !== 'availability') throw new Error(`cannot profile ${scenario}`);
  await profileScenario(process.argv.includes('--engines') ? engines[0]! : 'sqlite', scenario, plan, Number(args.top));
} else {
  const busyBefore = await cpuBusy(1000);
  if (busyBefore > 0.1) log(`warning: the machine is ${(busyBefore * 100).toFixed(0)}% busy before the run; numbers will be skewed`);
  // list-100k works on a database of its own (seeded, not booked): the others share one per engine.
  const list100k = scenarios.delete('list-100k');
  const listRuns = [];
  if (list100k) for (const engine of engines) listRuns.push({ engine, ...(await runList100k(engine, plan)) });
  if (scenarios.size) {
    bookingBodyPool();
    log('baseline');
    const base = await runBaseline(plan);
    const runs: EngineRun[] = [];
    for (const engine of engines) runs.push(await runEngine(engine, base, { plan, scenarios }));
    const seconds = (performance.now() - began) / 1000;
    process.stdout.write(`${report(runs, base, { plan, busyBefore, seconds })}\n`);
  }
  if (list100k) process.stdout.write(`\n${list100kTable(listRuns)}\n`);
}
