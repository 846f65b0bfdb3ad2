// A steady booking load against real server processes, for the crash and multi-process tests:
// N concurrent loops, each POSTing one booking after another (round-robin over the four booking
// endpoints and over the target servers), every request with its own Idempotency-Key. Every
// answer is recorded — status, the move ids of a 200, the error code of a 4xx/5xx — and so is every
// request that never got an answer (connection refused or reset: the server died under it).
// Bounded by a request count and a duration, and stoppable at any moment. Loopback only.
import {
  conciergeLoanerRequest,
  conciergeRequest,
  oneWayRequest,
  roundTripRequest,
} from './requests.ts';

export type BookingKind = 'concierge-loaner' | 'concierge' | 'one-way' | 'round-trip';

export interface BookingEndpoint {
  kind: BookingKind;
  path: string;
  /** The move objects of the request and the response, in cardinality order. */
  moveKeys: string[];
}

export const BOOKING_ENDPOINTS: readonly BookingEndpoint[] = [
  { kind: 'concierge-loaner', path: '/v1/concierge-loaner-moves', moveKeys: ['loaner_move', 'customer_move'] },
  { kind: 'concierge', path: '/v1/concierge-moves', moveKeys: ['customer_move'] },
  { kind: 'one-way', path: '/v1/one-way-moves', moveKeys: ['move'] },
  { kind: 'round-trip', path: '/v1/round-trip-moves', moveKeys: ['move_one', 'move_two'] },
];

export const endpointOf = (kind: string): BookingEndpoint => {
  const e = BOOKING_ENDPOINTS.find((x) => x.kind === kind);
  if (!e) throw new Error(`unknown booking kind ${kind}`);
  return e;
};

/**
 * A future instant for real-clock servers (the fixtures' 2026-03-25 is fixed): `daysAhead` days
 * from now at 15:00 UTC, inside the default business hours of the Richmond service lot.
 */
export function futureInstant(daysAhead = 14, now = Date.now()): string {
  const d = new Date(now + daysAhead * 24 * 3600_000);
  d.setUTCHours(15, 0, 0, 0);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A valid body for `kind`, dated `at`, every move's reference_id set to `reference` so the
 * bookings a request made can be found in the database by it.
 */
export function validBooking(kind: BookingKind, at = futureInstant(), reference?: string): Record<string, any> {
  let body: Record<string, any>;
  switch (kind) {
    case 'concierge-loaner':
      body = conciergeLoanerRequest();
      body.appointment_time_utc = at;
      break;
    case 'concierge':
      body = conciergeRequest('pickup');
      body.appointment_time_utc = at;
      break;
    case 'one-way':
      body = oneWayRequest();
      body.ready_by_time_utc = at;
      break;
    case 'round-trip':
      body = roundTripRequest();
      body.ready_by_time_utc = at;
      break;
  }
  if (reference !== undefined) {
    for (const key of endpointOf(kind).moveKeys) {
      delete body[key].reference_num;
      body[key].reference_id = reference;
    }
  }
  return body;
}

export interface LoadRecord {
  /** The Idempotency-Key, also every move's reference_id. */
  key: string;
  kind: BookingKind;
  path: string;
  /** The server it was sent to. */
  target: string;
  /** The exact body sent (a retry must send the same bytes). */
  body: string;
  /** The HTTP status; null when no answer came (see error). */
  status: number | null;
  /** A 200's move ids, in cardinality order. */
  moveIds: number[];
  /** The error code of a non-200 answer, or the connection error when there was no answer. */
  error: string | null;
  startedAt: number;
  endedAt: number;
}

export interface LoadOptions {
  /** Base URLs (http://127.0.0.1:port); the loops take them in turn. */
  targets: string[];
  token: string;
  concurrency: number;
  /** Stop after this many requests in all. */
  maxRequests: number;
  /** Stop starting requests after this long. */
  maxMs: number;
  /** Prefix of every Idempotency-Key / reference (keeps the runs of one database apart). */
  keyPrefix: string;
  /** Which endpoints to use; all four by default. */
  kinds?: BookingKind[];
  /** Per-request timeout (default 20 s). */
  requestTimeoutMs?: number;
}

export interface Load {
  /** Every request so far (answered or not), in order of completion. */
  records: LoadRecord[];
  /** Resolves once every loop has finished (its request in flight included). */
  done: Promise<LoadRecord[]>;
  /** No new requests from now on; the ones in flight still complete. */
  stop(): void;
  ok(): LoadRecord[];
  /** Requests that got no answer at all (the connection failed). */
  unanswered(): LoadRecord[];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Sends one booking; never throws (a failed connection is recorded as status null). */
export async function sendBooking(
  target: string,
  token: string,
  r: { key: string; kind: BookingKind; path: string; body: string },
  timeoutMs = 20_000,
): Promise<LoadRecord> {
  const startedAt = Date.now();
  const record: LoadRecord = { ...r, target, status: null, moveIds: [], error: null, startedAt, endedAt: 0 };
  try {
    const res = await fetch(`${target}${r.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': r.key },
      body: r.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    record.status = res.status;
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      // recorded below
    }
    if (res.status === 200) {
      record.moveIds = endpointOf(r.kind).moveKeys.map((k) => json?.[k]?.move_id);
      if (record.moveIds.some((id) => !Number.isInteger(id))) record.error = `200 without move ids: ${text.slice(0, 200)}`;
    } else {
      record.error = typeof json?.code === 'string' ? json.code : `non-JSON ${res.status}: ${text.slice(0, 200)}`;
    }
  } catch (err) {
    // No answer, or the answer broke off: the server died (or never listened).
    record.status = null;
    record.error = describeFetchError(err);
  }
  record.endedAt = Date.now();
  return record;
}

export function startBookingLoad(o: LoadOptions): Load {
  for (const t of o.targets) {
    if (!LOOPBACK.has(new URL(t).hostname)) throw new Error(`load targets must be loopback, not ${t}`);
  }
  const kinds = o.kinds ?? BOOKING_ENDPOINTS.map((e) => e.kind);
  const records: LoadRecord[] = [];
  const deadline = Date.now() + o.maxMs;
  const at = futureInstant();
  let issued = 0;
  let stopped = false;

  const loop = async (): Promise<void> => {
    while (!stopped && issued < o.maxRequests && Date.now() < deadline) {
      const n = issued++;
      const kind = kinds[n % kinds.length]!;
      const key = `${o.keyPrefix}-${n}`;
      const body = JSON.stringify(validBooking(kind, at, key));
      const target = o.targets[n % o.targets.length]!;
      records.push(await sendBooking(target, o.token, { key, kind, path: endpointOf(kind).path, body }, o.requestTimeoutMs));
    }
  };
  const done = Promise.all(Array.from({ length: o.concurrency }, loop)).then(() => records);
  return {
    records,
    done,
    stop: () => {
      stopped = true;
    },
    ok: () => records.filter((r) => r.status === 200),
    unanswered: () => records.filter((r) => r.status === null),
  };
}

function describeFetchError(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return `${e.name}: ${e.message}${cause ? ` (${cause})` : ''}`;
}

/** A one-line summary of a load, for logs and assertion messages. */
export function summarize(records: LoadRecord[]): string {
  const by = new Map<string, number>();
  for (const r of records) {
    const k = r.status === null ? `no answer: ${r.error}` : r.status === 200 ? '200' : `${r.status} ${r.error}`;
    by.set(k, (by.get(k) ?? 0) + 1);
  }
  return `${records.length} requests: ${[...by].map(([k, n]) => `${n}× ${k}`).join(', ')}`;
}
