// One measured scenario: autocannon against a base URL, a warm-up run whose numbers are thrown
// away, then the measured run. Everything is loopback and bounded in time.
import autocannon, { type Client, type Request, type Result } from 'autocannon';

export interface LoadPlan {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface Scenario {
  /** Requests each connection sends, in a loop (built per request when they have setupRequest). */
  requests?: Request[];
  /** Called once per connection, for per-connection request sequences (driver steps). */
  setupClient?: (client: Client) => void;
  /** Runs between the warm-up and the measured run (e.g. to drop work the warm-up left half done). */
  afterWarmup?: () => void;
}

export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors, timeouts, non-2xx answers and body mismatches. */
  errors: number;
  completed: number;
  statusCodes: Record<string, number>;
  /** CPU time of the server process per completed request, in ms (when its CPU clock was given). */
  cpuMsPerRequest?: number;
}

/** `cpuSeconds`: the server process's CPU clock, to report its CPU time per request. */
export async function measure(
  baseUrl: string,
  scenario: Scenario,
  plan: LoadPlan,
  cpuSeconds?: () => number,
): Promise<Measurement> {
  const run = (duration: number) =>
    autocannon({
      url: baseUrl,
      connections: plan.connections,
      duration,
      timeout: 10,
      requests: scenario.requests,
      setupClient: scenario.setupClient,
    });
  if (plan.warmupSeconds > 0) await run(plan.warmupSeconds);
  scenario.afterWarmup?.();
  const cpuBefore = cpuSeconds?.();
  const m = summarize(await run(plan.seconds));
  if (cpuSeconds && cpuBefore !== undefined) m.cpuMsPerRequest = ((cpuSeconds() - cpuBefore) * 1000) / m.completed;
  return m;
}

export function summarize(r: Result): Measurement {
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
  const completed = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    requestsPerSecond: completed / r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx + r.mismatches,
    completed,
    statusCodes,
  };
}

/** A JSON request with a bearer token. */
export function jsonRequest(method: string, path: string, token: string | null, body?: string): Request {
  const headers: Record<string, string> = method === 'GET' ? {} : { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return { method, path, headers, ...(body === undefined ? {} : { body }) };
}
