// How busy the machine is, from /proc/stat: anything else running (a test suite, a build) skews every
// number the bench reports, so it says how much else ran.
import { readFileSync } from 'node:fs';

/** How busy the machine's CPUs were over `ms`, as a share of all of them (taken before the run). */
export async function cpuBusy(ms: number): Promise<number> {
  const a = machineTicks();
  await new Promise((r) => setTimeout(r, ms));
  const b = machineTicks();
  return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
}

/** All CPUs' ticks (1/100 s) since boot: idle (with iowait) and in all. */
function machineTicks(): { idle: number; total: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  return { idle: ticks[3]! + ticks[4]!, total: ticks.reduce((a, b) => a + b, 0) };
}

/** CPU seconds the machine spent busy, for "what else ran" during an engine's run. */
export function machineBusySeconds(): number {
  const t = machineTicks();
  return (t.total - t.idle) / 100;
}

/** CPU seconds this bench process (autocannon included) has used. */
export function benchCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
