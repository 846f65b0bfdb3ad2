// --profile: one scenario under the server's --cpu-prof, its self time summarized over the measured run.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CpuProfile, formatProfileSummary, summarizeProfile } from './cpu-profile.ts';
import { type LoadPlan, measure, type Measurement } from './load.ts';
import { log } from './log.ts';
import { startHandoff } from './processes.ts';
import { bookingRequests, getMoveRequests, listRequests } from './scenarios.ts';
import { availabilityRequests, bookBusyDay } from './availability-day.ts';
import { authorize, type Engine, query, scratch, setUp } from './setup.ts';

export type ProfiledScenario = 'booking' | 'get-move' | 'list' | 'availability';

export async function profileScenario(engine: Engine, scenario: ProfiledScenario, plan: LoadPlan, top: number): Promise<void> {
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
      } else if (scenario === 'availability') {
        const ops = await authorize(server.baseUrl, creds.ops);
        const day = await bookBusyDay(db.url, server.baseUrl, { dealer: token, ops }, creds.rooftopId);
        m = await measure(server.baseUrl, { requests: availabilityRequests(token, day), afterWarmup }, { ...plan, connections: 1 });
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
    const file = mainThreadProfile(dir);
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    process.stdout.write(
      `${scenario} on ${engine} under --cpu-prof: ${m.requestsPerSecond.toFixed(0)} req/s, p50 ${m.p50Ms.toFixed(1)} ms, p99 ${m.p99Ms.toFixed(1)} ms, ${m.errors} errors\n\n`,
    );
    process.stdout.write(`${formatProfileSummary(summarizeProfile(profile, top, window))}\n`);
    log(`profile kept at ${file}`);
  } finally {
    await db.drop();
  }
}

/** The largest profile is the server's main thread (any other thread writes its own, smaller one). */
function mainThreadProfile(dir: string): string {
  const files = readdirSync(dir).map((f) => join(dir, f));
  const file = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!file) throw new Error('no .cpuprofile was written');
  return file;
}
