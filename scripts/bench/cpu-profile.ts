// Reads a V8 .cpuprofile (node --cpu-prof) and sums self time: by function (name, file, line) and
// by area — a package under node_modules, a file of ours under src/, Node's internals, or V8's
// pseudo-frames ((garbage collector), (program), (idle)).
//   node --import tsx scripts/bench/cpu-profile.ts <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  key: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Excluding (idle): time the process was actually on the CPU. */
  busyMs: number;
  functions: SelfTime[];
  areas: SelfTime[];
}

/** "node_modules/kysely", "src/modules/moves/booking/booking.service.ts", "node:internal", or a V8 pseudo-frame. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return `node_modules/${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const src = path.indexOf('/src/');
  return src >= 0 ? path.slice(src + 1) : path;
}

/**
 * `window`: only samples taken between these CLOCK_MONOTONIC instants, in µs — the same clock as
 * process.hrtime in any process of this machine — e.g. the measured run, without start-up.
 */
export function summarizeProfile(profile: CpuProfile, top = 25, window?: { fromUs: number; toUs: number }): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });

  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const area = areaOf(url, functionName);
    const name = functionName || '(anonymous)';
    const key = url ? `${name}  ${area}${area.startsWith('node_modules/') || area === 'node:internal' ? `:${url.split('/').pop()}` : ''}:${lineNumber + 1}` : name;
    functions.set(key, (functions.get(key) ?? 0) + us);
    areas.set(area, (areas.get(area) ?? 0) + us);
    totalUs += us;
    if (functionName === '(idle)') idleUs += us;
  }
  const busyUs = totalUs - idleUs;
  const rank = (m: Map<string, number>) =>
    [...m]
      .filter(([key]) => key !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => ({ key, ms: us / 1000, share: us / busyUs }));
  return { totalMs: totalUs / 1000, busyMs: busyUs / 1000, functions: rank(functions), areas: rank(areas) };
}

export function formatProfileSummary(s: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `CPU profile: ${(s.totalMs / 1000).toFixed(1)} s sampled, ${(s.busyMs / 1000).toFixed(1)} s on the CPU (shares below are of CPU time)`,
    '',
    '| self time by area | ms | share |',
    '|---|---:|---:|',
    ...s.areas.map((a) => `| ${a.key} | ${a.ms.toFixed(0)} | ${pct(a.share)} |`),
    '',
    '| self time by function | ms | share |',
    '|---|---:|---:|',
    ...s.functions.map((f) => `| \`${f.key}\` | ${f.ms.toFixed(0)} | ${pct(f.share)} |`),
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node --import tsx scripts/bench/cpu-profile.ts <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  process.stdout.write(`${formatProfileSummary(summarizeProfile(profile, Number(top ?? 25)))}\n`);
}
