// The cast of the inspection tests (spec §10): a test app with a dealer, the ops desk and two
// drivers; moves booked and walked to the point a test needs (the pickup slot open); and what a
// refused request must leave untouched — the dealer's document and the row counts.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from './app.ts';
import type { EngineName } from './databases.ts';
import { addCaller, addDriver, bookCase, type Caller, dispatchOk, type Doc, documentOf, type MoveTypeCase, ONE_WAY, stepsOk, type TestDriver } from './lifecycle.ts';

export interface Scene {
  t: TestApp;
  dealer: Caller;
  /** The rooftop's ops client (reads and edits like the dealer, dispatches). */
  ops: Caller;
  driver: TestDriver;
  otherDriver: TestDriver;
  /** A dealer of another rooftop. */
  stranger: Caller;
}

export async function startScene(engine: EngineName, env: Record<string, string> = {}): Promise<Scene> {
  const t = await startTestApp(engine, env);
  const desk = await addCaller(t, 'ops', 'all');
  const otherRooftop = await t.addRooftop({ name: 'Elsewhere Motors' });
  return {
    t,
    dealer: await addCaller(t, 'dealer', [t.rooftopId]),
    ops: await addCaller(t, 'ops', [t.rooftopId]),
    driver: await addDriver(t, desk, { name: 'Dana Driver' }),
    otherDriver: await addDriver(t, desk, { name: 'Otto Other' }),
    stranger: await addCaller(t, 'dealer', [otherRooftop]),
  };
}

export interface BookedMove {
  doc: Doc;
  ids: number[];
  /** The first leg: the one the tests walk. */
  id: number;
}

/** A booking of `c`, its first leg dispatched to the scene's driver (nothing recorded yet). */
export async function dispatchedMove(s: Scene, c: MoveTypeCase = ONE_WAY, body: Doc = c.body()): Promise<BookedMove> {
  const booked = await bookCase(s.dealer, c, body);
  const id = booked.ids[0]!;
  await dispatchOk(s.ops, id, s.driver.driverId);
  return { doc: booked.doc, ids: booked.ids, id };
}

/** A booking whose first leg's driver has arrived at the pickup: its pickup slot is open. */
export async function arrivedMove(s: Scene, c: MoveTypeCase = ONE_WAY, body?: Doc): Promise<BookedMove> {
  const move = await dispatchedMove(s, c, body);
  await stepsOk(s.driver.app, move.id, ['pickup_started', 'pickup_arrived']);
  return move;
}

export const TABLES = ['moves', 'move_slots', 'photos', 'events', 'move_steps', 'jobs'] as const;

export async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await t.deps.database.db
      .selectFrom(table as 'moves')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Every file under `dir` (relative paths, sorted); none when it does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1))
    .sort();
}

/** The files of the local photo store (none for another kind of store). */
export async function storedFiles(s: Scene): Promise<string[]> {
  const store = s.t.deps.config.photos.store;
  return store.kind === 'local' ? filesUnder(store.dir) : [];
}

export interface Snapshot {
  document: string;
  driverView: string;
  counts: Record<string, number>;
  files: string[];
}

/** What a refused request must not change: the dealer's document, the driver's slot view, the rows and the stored files. */
export async function snapshot(s: Scene, moveId: number, slot: 'pickup' | 'delivery' = 'pickup'): Promise<Snapshot> {
  const view = await s.driver.app.request('GET', `/v1/driver/moves/${moveId}/workflows/${slot}`);
  return {
    document: await documentOf(s.dealer, moveId),
    // An error answer differs only by its request id.
    driverView: `${view.statusCode} ${view.body.replace(/"request_id":"[^"]*"/, '')}`,
    counts: await rowCounts(s.t),
    files: await storedFiles(s),
  };
}

/** Runs `refused` (which asserts its own answer) and checks that nothing at all changed. */
export async function assertNothingWritten(s: Scene, moveId: number, refused: () => Promise<unknown>, slot: 'pickup' | 'delivery' = 'pickup'): Promise<void> {
  const before = await snapshot(s, moveId, slot);
  await refused();
  assert.deepEqual(await snapshot(s, moveId, slot), before, 'a refused request wrote nothing');
}

/** The §4 error shape, and nothing internal in it. */
export function assertCleanError(res: LightMyRequestResponse, status: number, code: string): Doc {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json();
  assert.deepEqual(Object.keys(body), ['code', 'message', 'doc_url', 'errors', 'request_id'], res.body);
  assert.equal(body.code, code);
  assert.doesNotMatch(res.body, /at \w+ \(|\.ts:\d+|SQLITE|insert into|select .* from|stack/i, 'no internals');
  return body;
}
