// The requests each measured scenario sends, and the server's own view of how long they took.
import type { Client, Request } from 'autocannon';
import { STEPS } from '../../src/modules/moves/lifecycle/state-machine.ts';
import { bookingBodies, SERVICE_LOT } from './data.ts';
import { jsonRequest } from './load.ts';
import { log } from './log.ts';

export type ScenarioName = 'booking' | 'get-move' | 'list' | 'driver-step' | 'availability';

const BOOKING_POOL = 12_000;
let bookingPool: string[] | undefined;
/** Booking bodies, made before any measurement so making them costs no measured CPU. */
export function bookingBodyPool(): string[] {
  if (!bookingPool) {
    const bodies = bookingBodies(42);
    bookingPool = Array.from({ length: BOOKING_POOL }, () => bodies.next());
    log(`${BOOKING_POOL} booking bodies over ${bodies.zipCount} ZIPs in VA/NC/MD/DC within 150 miles of ${SERVICE_LOT.zip}`);
  }
  return bookingPool;
}

export function bookingRequests(token: string | null): Request[] {
  const pool = bookingBodyPool();
  let i = 0;
  return [
    {
      ...jsonRequest('POST', '/v1/concierge-loaner-moves', token),
      setupRequest: (req) => ({ ...req, body: pool[i++ % pool.length]! }),
    },
  ];
}

export function getMoveRequests(token: string | null, moveIds: number[]): Request[] {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return moveIds[seed % moveIds.length]!;
  };
  return [{ ...jsonRequest('GET', '/v1/moves/1', token), setupRequest: (req) => ({ ...req, path: `/v1/moves/${next()}` }) }];
}

export const listRequests = (token: string | null): Request[] => [jsonRequest('GET', '/v1/moves?limit=50', token)];

export interface Pair {
  token: string;
  moveIds: [number, number];
}

/**
 * Driver steps: each connection takes a dispatched pair and walks it — leg 0's six steps, then
 * leg 1's — one request at a time, so every request is the valid next step. A connection that
 * finds no pair left sends a step for a move that does not exist, which counts as an error.
 */
export function driverStepScenario(pairs: Pair[]) {
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

/** Dispatches scenarios to the drivers through the ops API, a few at a time (set-up, not measured). */
export async function dispatch(
  baseUrl: string,
  opsToken: string,
  scenarios: [number, number][],
  driverIds: number[],
  /** Which driver takes the i-th scenario (default: round robin). */
  driverFor: (i: number) => number = (i) => driverIds[i % driverIds.length]!,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < scenarios.length) {
      const i = next++;
      const [moveId] = scenarios[i]!;
      const res = await fetch(`${baseUrl}/v1/ops/moves/${moveId}/dispatch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${opsToken}` },
        body: JSON.stringify({ driver_id: driverFor(i) }),
      });
      if (!res.ok) throw new Error(`dispatch of move ${moveId}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

const ROUTES: Record<ScenarioName, { method: string; route: string }> = {
  booking: { method: 'POST', route: '/v1/concierge-loaner-moves' },
  'get-move': { method: 'GET', route: '/v1/moves/:id' },
  list: { method: 'GET', route: '/v1/moves' },
  'driver-step': { method: 'POST', route: '/v1/driver/moves/:id/steps' },
  availability: { method: 'GET', route: '/v1/appointments/availability' },
};

/**
 * The server's own p99 for a scenario's route, from its request-duration histogram (GET /metrics):
 * the upper bound of the bucket holding the 99th percentile, in ms, over warm-up and measured run.
 * It is the time inside the server, from the request read to the response written — without the
 * wait in the socket queues that the client-side p99 also counts.
 */
export async function serverP99Ms(baseUrl: string, scenario: ScenarioName): Promise<number | undefined> {
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
