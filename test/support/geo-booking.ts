// What the geocoding and routing API tests share: a dealer of a fresh rooftop (locations and lanes
// are per rooftop, so each case starts with nothing stored), booking as it, where a location must
// be, the warnings at given fields, and a counter read from GET /metrics.
import assert from 'node:assert/strict';
import { zipDirectory } from '../../src/modules/locations/zip-directory.ts';
import type { TestApp } from './app.ts';

const zips = zipDirectory();

/** The concierge-loaner booking's two places, as its warnings name them. */
export const PLACE_FIELDS = ['loaner_move.pickup_location', 'customer_move.pickup_location'];

export async function dealer(t: TestApp): Promise<{ rooftopId: number; token: string }> {
  const rooftopId = await t.addRooftop();
  const { token } = await t.addClient('dealer', [rooftopId]);
  return { rooftopId, token };
}

export function bookAs(t: TestApp, token: string, path: string, body: unknown) {
  return t.request('POST', path, { token, body });
}

/** Where the reference response has the place: its coordinates, Google's place id and address. */
export function atReferencePlace(loc: Record<string, any>, ref: Record<string, any>, precision = 'rooftop'): void {
  assert.deepEqual(
    { lat: loc.lat, lon: loc.lon, google_place_id: loc.google_place_id, full_address: loc.full_address, geocode_precision: loc.geocode_precision },
    { lat: ref.lat, lon: ref.lon, google_place_id: ref.google_place_id, full_address: ref.full_address, geocode_precision: precision },
  );
}

/** At its ZIP code's centre, as the offline default places it. */
export function atCentroid(loc: Record<string, any>): void {
  const zip = zips.lookup(loc.zip)!;
  assert.deepEqual(
    { lat: loc.lat, lon: loc.lon, google_place_id: loc.google_place_id, geocode_precision: loc.geocode_precision, timezone: loc.timezone },
    { lat: zip.lat, lon: zip.lon, google_place_id: null, geocode_precision: 'zip', timezone: zip.timezone },
  );
}

/** The messages of the document's warnings at these fields. */
export function warningsAt(body: { warnings: { field: string; message: string }[] }, fields: string[]): string[] {
  return body.warnings.filter((w) => fields.includes(w.field)).map((w) => w.message);
}

/** A counter's value in GET /metrics (0 when it has no such series yet). */
export async function metric(t: TestApp, name: string, labels: Record<string, string>): Promise<number> {
  const text = (await t.request('GET', '/metrics', { token: null })).body;
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return 0;
}
