// Helpers for the lifecycle tests (spec §3, §7, §8): callers that keep a valid token while the
// test clock moves on, drivers made through the ops API, bookings of every move type, dispatch,
// driver steps, and what a move looks like to the dealer, the driver and the event log.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/modules/clients/roles.ts';
import type { TestApp } from './app.ts';
import {
  conciergeLoanerRequest,
  conciergeLoanerReturnRequest,
  conciergeRequest,
  oneWayRequest,
  roundTripRequest,
} from './requests.ts';
import { completeSlot } from './inspection.ts';

// ── the spec's vocabulary (§7, §8), written out rather than imported from src ────────────────────

export const STEPS = [
  'pickup_started',
  'pickup_arrived',
  'pickup_successful',
  'delivery_started',
  'delivery_arrived',
  'delivery_successful',
] as const;
export type StepName = (typeof STEPS)[number];

/** The status each step moves to; the step's name is also its timestamp field. */
export const STATUS_OF: Record<StepName, string> = {
  pickup_started: 'pickup started',
  pickup_arrived: 'pickup arrived',
  pickup_successful: 'pickup successful',
  delivery_started: 'delivery started',
  delivery_arrived: 'delivery arrived',
  delivery_successful: 'delivery successful',
};

export const EVENT_OF: Record<StepName, string> = {
  pickup_started: 'move.pickup.started',
  pickup_arrived: 'move.pickup.arrived',
  pickup_successful: 'move.pickup.successful',
  delivery_started: 'move.delivery.started',
  delivery_arrived: 'move.delivery.arrived',
  delivery_successful: 'move.delivery.successful',
};

export const EVENT_TYPES = [
  'move.created',
  'move.updated',
  'move.dispatched',
  ...STEPS.map((s) => EVENT_OF[s]),
  'move.cancel.pending',
  'move.cancel.succeeded',
  'move.cancel.partial',
  'move.cancel.failed',
];

/** The extra keys of a move as the driver app sees it, after the move object's own keys. */
export const DRIVER_VIEW_KEYS = ['ready_by_time_utc', 'appointment_time_utc', 'customer_name', 'customer_phone'] as const;

export const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export type Doc = Record<string, any>;

// ── callers ──────────────────────────────────────────────────────────────────────────────────────

const REAUTHORIZE_AFTER_MS = 30 * 60_000;

/**
 * An API client that authorizes again once its token is half an hour old on the test clock, so a
 * test can move the clock hours ahead without its tokens (valid for an hour) running out.
 */
export class Caller {
  private token: string | undefined;
  private issuedAt = 0;

  constructor(
    readonly t: TestApp,
    readonly clientId: string,
    readonly secret: string,
  ) {}

  async bearer(): Promise<string> {
    const now = this.t.clock.now();
    if (this.token === undefined || now - this.issuedAt >= REAUTHORIZE_AFTER_MS) {
      const res = await this.t.request('POST', '/v1/authorize', {
        token: null,
        body: { client_id: this.clientId, client_secret: this.secret },
      });
      assert.equal(res.statusCode, 200, res.body);
      this.token = res.json().access_token as string;
      this.issuedAt = now;
    }
    return this.token!;
  }

  async request(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse> {
    return this.t.request(method, url, { token: await this.bearer(), body });
  }
}

export async function addCaller(t: TestApp, role: Role, rooftopIds: number[] | 'all'): Promise<Caller> {
  const { clientId, secret } = await t.addClient(role, rooftopIds);
  return new Caller(t, clientId, secret);
}

export interface TestDriver {
  driverId: number;
  name: string;
  clientId: string;
  secret: string;
  /** The driver app, signed in with the driver's own client. */
  app: Caller;
}

/** A driver made by the ops desk (POST /v1/ops/drivers), signed in with the credentials it returns. */
export async function addDriver(
  t: TestApp,
  ops: Caller,
  opts: { name: string; canDriveManual?: boolean },
): Promise<TestDriver> {
  const res = await ops.request('POST', '/v1/ops/drivers', {
    name: opts.name,
    phone: '804-555-0134',
    can_drive_manual: opts.canDriveManual ?? false,
  });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.can_drive_manual, opts.canDriveManual ?? false);
  return {
    driverId: body.driver_id,
    name: body.name,
    clientId: body.client_id,
    secret: body.client_secret,
    app: new Caller(t, body.client_id, body.client_secret),
  };
}

export async function deactivateDriver(ops: Caller, driverId: number): Promise<void> {
  const res = await ops.request('PATCH', `/v1/ops/drivers/${driverId}`, { active: false });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().active, false);
}

// ── move types ───────────────────────────────────────────────────────────────────────────────────

export type MoveRole = 'loaner_move' | 'customer_move' | 'move' | 'move_one' | 'move_two';

export interface MoveTypeCase {
  name: string;
  path: string;
  body: () => Doc;
  usecaseKey: string;
  /** The move objects of the document, in driving order (index = cardinality). */
  legs: MoveRole[];
}

export const MOVE_TYPE_CASES: MoveTypeCase[] = [
  {
    name: 'concierge-loaner pickup',
    path: '/v1/concierge-loaner-moves',
    body: conciergeLoanerRequest,
    usecaseKey: 'concierge-loaner-pu',
    legs: ['loaner_move', 'customer_move'],
  },
  {
    name: 'concierge-loaner return',
    path: '/v1/concierge-loaner-moves',
    body: conciergeLoanerReturnRequest,
    usecaseKey: 'concierge-loaner-ret',
    legs: ['customer_move', 'loaner_move'],
  },
  {
    name: 'concierge pickup',
    path: '/v1/concierge-moves',
    body: () => conciergeRequest('pickup'),
    usecaseKey: 'concierge-pu',
    legs: ['customer_move'],
  },
  { name: 'one-way', path: '/v1/one-way-moves', body: oneWayRequest, usecaseKey: 'one-way', legs: ['move'] },
  {
    name: 'round-trip',
    path: '/v1/round-trip-moves',
    body: roundTripRequest,
    usecaseKey: 'round-trip',
    legs: ['move_one', 'move_two'],
  },
];

export const ONE_WAY: MoveTypeCase = MOVE_TYPE_CASES.find((c) => c.name === 'one-way')!;

export interface Booked {
  /** The booking response, byte for byte. */
  raw: string;
  doc: Doc;
  /** Move ids in driving order. */
  ids: number[];
}

export async function book(dealer: Caller, path: string, body: Doc, legs: MoveRole[]): Promise<Booked> {
  const res = await dealer.request('POST', path, body);
  assert.equal(res.statusCode, 200, res.body);
  const doc = res.json();
  legs.forEach((role, i) => assert.equal(doc[role].cardinality, i, `${role} is leg ${i}`));
  return { raw: res.body, doc, ids: legs.map((role) => doc[role].move_id as number) };
}

export const bookCase = (dealer: Caller, c: MoveTypeCase, body: Doc = c.body()) => book(dealer, c.path, body, c.legs);

/** GET /v1/moves/:id, the raw body (asserting 200). */
export async function documentOf(reader: Caller, moveId: number): Promise<string> {
  const res = await reader.request('GET', `/v1/moves/${moveId}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.body;
}

/** The move object of `moveId` in a scenario document. */
export function moveIn(doc: Doc, moveId: number): Doc {
  for (const v of Object.values(doc)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && (v as Doc).move_id === moveId) return v as Doc;
  }
  throw new Error(`move ${moveId} is not in the document`);
}

/**
 * A move object as the driver app shows it: without a pair move's charge (money is the dealer's
 * business) and without move_details_url (the portal's page: drivers have no portal login).
 */
function driverMoveObject(doc: Doc, moveId: number): Doc {
  const { charge: _charge, move_details_url: _portal, ...move } = moveIn(doc, moveId);
  return move;
}

/** What the driver app shows for one move: the move object, then the scenario's times and customer. */
export function driverView(doc: Doc, moveId: number): Doc {
  return {
    ...driverMoveObject(doc, moveId),
    ready_by_time_utc: doc.ready_by_time_utc,
    appointment_time_utc: doc.appointment_time_utc ?? null,
    customer_name: doc.customer_name ?? null,
    customer_phone: doc.customer_phone ?? null,
  };
}

export function assertDriverViewKeys(item: Doc, doc: Doc): void {
  const moveKeys = Object.keys(driverMoveObject(doc, item.move_id));
  assert.deepEqual(Object.keys(item), [...moveKeys, ...DRIVER_VIEW_KEYS], `driver view of move ${item.move_id}: keys in order`);
}

// ── lifecycle calls ──────────────────────────────────────────────────────────────────────────────

export const dispatch = (ops: Caller, moveId: number | string, driverId: unknown) =>
  ops.request('POST', `/v1/ops/moves/${moveId}/dispatch`, { driver_id: driverId });

export async function dispatchOk(ops: Caller, moveId: number, driverId: number): Promise<Doc> {
  const res = await dispatch(ops, moveId, driverId);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

export interface StepBody {
  step: string;
  lat: number;
  lon: number;
  odometer?: number;
  fuel_level?: number;
  notes?: string;
}

export const sendStep = (driver: Caller, moveId: number | string, body: unknown) =>
  driver.request('POST', `/v1/driver/moves/${moveId}/steps`, body);

export const position = { lat: 37.5407, lon: -77.436 };

/**
 * Records `steps` in order (default: all of them) with a plain position, asserting each is accepted.
 * Before a `_successful` step the driver completes that end's inspection (a clean report and the
 * signature), as the default workflow requires.
 */
export async function stepsOk(driver: Caller, moveId: number, steps: readonly StepName[] = STEPS): Promise<void> {
  for (const step of steps) {
    if (step === 'pickup_successful' || step === 'delivery_successful') await completeSlot(driver, moveId, step === 'pickup_successful' ? 'pickup' : 'delivery');
    const res = await sendStep(driver, moveId, { step, ...position });
    assert.equal(res.statusCode, 200, `${step} of move ${moveId}: ${res.body}`);
  }
}

export async function driverMoves(driver: Caller): Promise<Doc[]> {
  const res = await driver.request('GET', '/v1/driver/moves');
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.deepEqual(Object.keys(body), ['moves']);
  return body.moves as Doc[];
}

/** POST /v1/cancelation by the dealer, then (optionally) the ops desk's decision. */
export async function cancel(dealer: Caller, ops: Caller, moveId: number, outcome?: 'canceled' | 'partial' | 'failed') {
  const res = await dealer.request('POST', '/v1/cancelation', { move_id: moveId });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { move_id: moveId, cancel_status: 'pending' });
  if (outcome) {
    const decided = await ops.request('POST', `/v1/ops/moves/${moveId}/cancel-decision`, { outcome });
    assert.equal(decided.statusCode, 200, decided.body);
  }
}

// ── the database side ────────────────────────────────────────────────────────────────────────────

export async function eventRows(t: TestApp, moveId: number) {
  const rows = await t.deps.database.db
    .selectFrom('events')
    .selectAll()
    .where('move_id', '=', moveId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    position: Number(r.position),
    id: r.id,
    rooftop_id: Number(r.rooftop_id),
    move_id: Number(r.move_id),
    type: r.type,
    sequence: Number(r.sequence),
    created_at: Number(r.created_at),
    data: r.data,
  }));
}

export async function stepRows(t: TestApp, moveId: number) {
  const rows = await t.deps.database.db
    .selectFrom('move_steps')
    .selectAll()
    .where('move_id', '=', moveId)
    .orderBy('id')
    .execute();
  const num = (v: unknown) => (v === null ? null : Number(v));
  return rows.map((r) => ({
    driver_id: num(r.driver_id),
    step: r.step,
    lat: num(r.lat),
    lon: num(r.lon),
    odometer: num(r.odometer),
    fuel_level: num(r.fuel_level),
    notes: r.notes,
    created_at: Number(r.created_at),
  }));
}

export async function countRows(t: TestApp, table: 'events' | 'move_steps' | 'moves' | 'drivers'): Promise<number> {
  const row = await t.deps.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ── errors ───────────────────────────────────────────────────────────────────────────────────────

export type Problem = [code: string, field: string | null];

export const problemsOf = (res: LightMyRequestResponse): Problem[] =>
  (res.json().errors as { code: string; field: string | null }[]).map((e) => [e.code, e.field]);

/** The §4 error body: status, code, and exactly these problems (any order). */
export function assertError(res: LightMyRequestResponse, status: number, code: string, problems?: Problem[]): void {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json();
  assert.equal(body.code, code, res.body);
  assert.equal(typeof body.message, 'string');
  assert.ok(body.message.length > 0, 'the message says what is wrong');
  assert.ok(Array.isArray(body.errors) && body.errors.length > 0, res.body);
  const expected = problems ?? [[code, null]];
  const sort = (p: Problem[]) => [...p].map((x) => JSON.stringify(x)).sort();
  assert.deepEqual(sort(problemsOf(res)), sort(expected), res.body);
}
