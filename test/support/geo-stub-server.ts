// The plumbing the geocoding and routing stubs share (test/support/geo-stubs.ts): a loopback
// node:http server that records every request (method, path, query, headers, parsed body), answers
// through a provider-specific handler, can be told to misbehave until reset, can answer slowly
// (later than a client's timeout), and closes at once, pending slow answers included. Also: the
// reference booking's two places, read from the reference response, and a closed port to aim at.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The JSON body, parsed (undefined when there was none or it was not JSON). */
  body: unknown;
}

export interface StubAnswer {
  status: number;
  body: unknown;
  /** Send `body` as this raw text (an HTML error page) instead of JSON. */
  raw?: string;
}

export interface GeoStub<B extends string> {
  /** The base URL, e.g. http://127.0.0.1:41234 — what GOOGLE_MAPS_API_URL, OSRM_URL, … are set to. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Answer every request with this misbehaviour until reset() (or behave('ok')). */
  behave(behaviour: B | 'ok'): void;
  /** Hold every answer (or those `only` picks) this long: longer than a client's timeout makes a slow provider. */
  delay(ms: number, only?: (req: RecordedRequest) => boolean): void;
  /** Back to answering well and at once; the request log is kept. */
  reset(): void;
  /** Stops listening and drops every connection; afterwards `url` is a closed port. */
  close(): Promise<void>;
}

export type StubHandler<B extends string> = (req: RecordedRequest, behaviour: B | 'ok') => StubAnswer;

export async function startGeoStub<B extends string>(handle: StubHandler<B>): Promise<GeoStub<B>> {
  const requests: RecordedRequest[] = [];
  let behaviour: B | 'ok' = 'ok';
  let delayMs = 0;
  let delayOnly: ((req: RecordedRequest) => boolean) | undefined;
  const pending = new Set<NodeJS.Timeout>();

  const send = (res: ServerResponse, answer: StubAnswer) => {
    if (res.destroyed) return;
    const raw = answer.raw ?? JSON.stringify(answer.body);
    const type = answer.raw === undefined ? 'application/json; charset=UTF-8' : 'text/html; charset=UTF-8';
    res.writeHead(answer.status, { 'content-type': type });
    res.end(raw);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
      };
      requests.push(recorded);
      const answer = handle(recorded, behaviour);
      if (delayMs <= 0 || (delayOnly && !delayOnly(recorded))) return send(res, answer);
      const timer = setTimeout(() => {
        pending.delete(timer);
        send(res, answer);
      }, delayMs);
      pending.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behave(b) {
      behaviour = b;
    },
    delay(ms, only) {
      delayMs = ms;
      delayOnly = only;
    },
    reset() {
      behaviour = 'ok';
      delayMs = 0;
      delayOnly = undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of pending) clearTimeout(t);
        pending.clear();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A URL on a loopback port that was listened on and closed: connecting to it is refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

// ── the reference booking's places, as the reference response has them ───────────────────────────

export interface ReferencePlace {
  address_one: string;
  city: string;
  state: string;
  zip: string;
  lat: number;
  lon: number;
  google_place_id: string;
  full_address: string;
}

const reference = JSON.parse(
  readFileSync(new URL('../fixtures/concierge-loaner.response.json', import.meta.url), 'utf8'),
) as { loaner_move: { pickup_location: ReferencePlace }; customer_move: { pickup_location: ReferencePlace } };

const place = (p: ReferencePlace): ReferencePlace => ({
  address_one: p.address_one,
  city: p.city,
  state: p.state,
  zip: p.zip,
  lat: p.lat,
  lon: p.lon,
  google_place_id: p.google_place_id,
  full_address: p.full_address,
});

/** 11161 Research Plaza Way, Richmond VA 23236 (the service lot). */
export const SERVICE_LOT = place(reference.loaner_move.pickup_location);
/** 210 S Mulberry St, Richmond VA 23220 (the customer). */
export const CUSTOMER = place(reference.customer_move.pickup_location);
export const REFERENCE_PLACES = [SERVICE_LOT, CUSTOMER];

/** The address as the booking holds it, in the shape the geocoders take. */
export function standardAddress(p: ReferencePlace) {
  return { address_one: p.address_one, address_two: null, city: p.city, state: p.state, zip: p.zip };
}

/** Whether a free-text query or street field names `p`: its house number and street, and its ZIP when given. */
export function namesPlace(p: ReferencePlace, street: string, zip?: string): boolean {
  const words = (s: string) => s.toUpperCase().replace(/[^A-Z0-9 ]/g, ' ').split(/\s+/).filter(Boolean);
  const want = words(p.address_one).slice(0, 3).join(' ');
  const got = ` ${words(street).join(' ')} `;
  return got.includes(` ${want} `) && (zip === undefined || zip.startsWith(p.zip));
}

/** The place `lat`,`lon` is (within ~100 m), if it is one of the reference places. */
export function placeAt(lat: number, lon: number): ReferencePlace | undefined {
  return REFERENCE_PLACES.find((p) => Math.abs(p.lat - lat) < 0.001 && Math.abs(p.lon - lon) < 0.001);
}

/** Meters between two points (the stubs' stand-in for a road network off the reference lane). */
export function metersBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Richmond, California: where a careless geocoder sends Richmond, Virginia (a mismatch). */
export const WRONG_RICHMOND = { lat: 37.9357576, lon: -122.3477486 };

/** The reference lane (service lot ↔ customer) as each router answers it. */
export const REFERENCE_ROUTES = {
  google: { distanceMeters: 20_600, durationSeconds: 1140 },
  osrm: { distanceMeters: 20_512.4, durationSeconds: 1087.6 },
  valhalla: { lengthMiles: 12.742, timeSeconds: 1163.9 },
} as const;

export function routeBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
  const pa = placeAt(a.lat, a.lon);
  const pb = placeAt(b.lat, b.lon);
  if (pa && pb && pa !== pb) return 'reference' as const;
  const meters = Math.round(metersBetween(a, b) * 1.3);
  return { meters, seconds: Math.round(meters / 13.41) };
}

