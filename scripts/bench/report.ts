// The bench's report: one markdown table (baseline rows, then each engine's scenarios, checked
// against the targets), then each engine's peak RSS and start-up, then how the run was made.
import { cpus } from 'node:os';
import type { LoadPlan, Measurement } from './load.ts';
import type { Baseline, EngineRun, Row } from './runs.ts';
import type { ScenarioName } from './scenarios.ts';
import type { Engine } from './setup.ts';

/** Targets from the issue: a ratio to the baseline (the same request shape) and, for booking, p99. */
const TARGETS: Record<ScenarioName, { ratio?: Record<Engine, number>; p99Ms?: number }> = {
  booking: { ratio: { sqlite: 0.3, postgres: 0.15 }, p99Ms: 50 },
  'get-move': { ratio: { sqlite: 0.5, postgres: 0.5 } },
  list: {},
  'driver-step': {},
  // Issue 14: a day of 50 drivers and 500 booked scenarios answers in under 50 ms.
  availability: { p99Ms: 50 },
};
const MAX_RSS_MB = 250;
const MAX_STARTUP_MS = 2000;

const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number | undefined) => (n === undefined ? '' : n.toFixed(2));

export interface ReportContext {
  plan: LoadPlan;
  /** Share of the CPUs busy with other work just before the run (see cpuBusy). */
  busyBefore: number;
  /** The whole run, set-up included. */
  seconds: number;
}

export function report(runs: EngineRun[], base: Baseline, context: ReportContext): string {
  const baselineRow = (what: string, m: Measurement) =>
    `| baseline | ${what} | ${f0(m.requestsPerSecond)} | ${f1(m.p50Ms)} | ${f1(m.p99Ms)} | ${m.errors} | | ${f2(m.cpuMsPerRequest)} | | | |`;
  const lines = [
    `| engine | scenario | req/s | p50 ms | p99 ms | errors | server p99 ms | server CPU ms/req | baseline req/s | ratio | targets |`,
    `|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|`,
    baselineRow('POST booking body (AJV)', base.post),
    baselineRow('GET fixed body', base.get),
  ];
  let allPass = true;
  for (const run of runs) {
    for (const row of run.rows) {
      const { line, pass } = scenarioRow(run.engine, row);
      lines.push(line);
      allPass &&= pass;
    }
  }
  lines.push('');
  for (const run of runs) {
    const { line, pass } = processLine(run);
    lines.push(line);
    allPass &&= pass;
  }
  const { plan, busyBefore } = context;
  lines.push(
    '',
    `${plan.connections} connections, ${plan.warmupSeconds} s warm-up + ${plan.seconds} s measured per row; ` +
      `\`node dist/cli.js serve\` (the production build; no job worker), LOG_LEVEL=warn, RATE_LIMIT_PER_MINUTE=0; whole run ${f0(context.seconds)} s. ` +
      `${allPass ? 'All targets met.' : 'Some targets missed (FAIL above).'}`,
    `Machine before the run: ${(busyBefore * 100).toFixed(0)}% of its ${cpus().length} CPUs busy with other work${busyBefore > 0.1 ? ' — numbers are skewed; rerun on an idle machine' : ''}.`,
  );
  return lines.join('\n');
}

/** A scenario's row of the table, and whether it met its targets. */
function scenarioRow(engine: Engine, row: Row): { line: string; pass: boolean } {
  const { m } = row;
  const ratio = row.baseline ? m.requestsPerSecond / row.baseline.requestsPerSecond : NaN;
  const target = TARGETS[row.scenario];
  const checks: string[] = [];
  let pass = true;
  const check = (ok: boolean, text: string) => {
    pass &&= ok;
    checks.push(`${ok ? 'PASS' : 'FAIL'} ${text}`);
  };
  const want = target.ratio?.[engine];
  if (want !== undefined) check(ratio >= want, `ratio ≥ ${want * 100}%`);
  if (target.p99Ms !== undefined) check(m.p99Ms <= target.p99Ms, `p99 ≤ ${target.p99Ms} ms`);
  check(m.errors === 0, 'errors = 0');
  if (row.note) checks.push(`(${row.note})`);
  const codes = m.errors ? ` (${Object.entries(m.statusCodes).map(([c, n]) => `${c}: ${n}`).join(', ')})` : '';
  const line = `| ${engine} | ${row.scenario} | ${f0(m.requestsPerSecond)} | ${f1(m.p50Ms)} | ${f1(m.p99Ms)} | ${m.errors}${codes} | ${row.serverP99Ms === undefined ? '' : `≤ ${row.serverP99Ms}`} | ${f2(m.cpuMsPerRequest)} | ${row.baseline ? f0(row.baseline.requestsPerSecond) : ''} | ${Number.isNaN(ratio) ? '' : `${(ratio * 100).toFixed(0)}%`} | ${checks.join(', ')} |`;
  return { line, pass };
}

/** An engine's peak RSS and start-up against their limits, and what else used the CPUs meanwhile. */
function processLine(run: EngineRun): { line: string; pass: boolean } {
  const rssOk = run.peakRssMb <= MAX_RSS_MB;
  const startOk = run.startupMs <= MAX_STARTUP_MS;
  const line =
    `${run.engine}: peak RSS ${f0(run.peakRssMb)} MB (${rssOk ? 'PASS' : 'FAIL'} ≤ ${MAX_RSS_MB} MB); ` +
    `start-up to first accepted request ${f0(run.startupMs)} ms (${startOk ? 'PASS' : 'FAIL'} ≤ ${MAX_STARTUP_MS} ms); ` +
    `other processes${run.engine === 'postgres' ? ' (PostgreSQL included)' : ''} used ${f0(Math.max(0, run.otherCpuSeconds))} CPU-s of the ${f0(run.seconds * cpus().length)} available meanwhile`;
  return { line, pass: rssOk && startOk };
}
