// Cancelation (spec §7 "Cancellation", §4 move_not_modifiable / move_invalid / missing_scope, §8 the
// move.cancel.* events): POST /v1/cancelation at every status of a one-way move and of a
// concierge-loaner pair (requested on either leg), the decision job and its delay, the ops override,
// every refusal, roles and rooftops. Every scenario is driven to its state through the real API
// (ops dispatch, driver steps), never by writing rows.
import assert from 'node:assert/strict';
import { inspectBeforeStep, sendWithToken } from '../support/inspection.ts';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { STEPS, type StepName as Step } from '../support/lifecycle.ts';
import { conciergeLoanerRequest, oneWayRequest } from '../support/requests.ts';

// ── The contract, written out from the spec (not imported from src, so src cannot agree with itself) ──

type Outcome = 'canceled' | 'partial' | 'failed';
const OUTCOME_EVENT: Record<Outcome, string> = {
  canceled: 'move.cancel.succeeded',
  partial: 'move.cancel.partial',
  failed: 'move.cancel.failed',
};
const stepAt = (i: number): Step => STEPS[i]!;
/** The status after `done` steps of a dispatched move ("dispatched", "pickup started", …). */
const statusAfter = (done: number) => (done === 0 ? 'dispatched' : stepAt(done - 1).replace('_', ' '));
/** move.pickup.started, … */
const stepEvent = (s: Step) => `move.${s.replace('_', '.')}`;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Spec §7: one outcome for the whole booking — nobody set out → canceled; a move started but no
 * vehicle picked up → partial; a vehicle already picked up → failed. Every move delivered → refused.
 */
function expectedOutcome(done: number[] | null): Outcome | 'refused' {
  if (done === null) return 'canceled';
  if (done.every((d) => d === STEPS.length)) return 'refused';
  if (done.some((d) => d >= 3)) return 'failed';
  if (done.some((d) => d >= 1)) return 'partial';
  return 'canceled';
}

type Doc = Record<string, any>;
interface Driver {
  id: number;
  token: string;
}
/** A booking's moves in driving order (cardinality 0, 1) and their keys in the document. */
interface Booking {
  kind: 'one-way' | 'concierge-loaner';
  ids: number[];
  roles: string[];
}
interface EventRow {
  type: string;
  sequence: number;
  created_at: number;
  data: Doc;
}

function assertError(res: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.json().code, code, res.body);
}

/** The API calls and reads every test here needs, on one test app. */
class Harness {
  constructor(
    readonly t: TestApp,
    readonly ops: string,
    /** The all-rooftops dispatch desk: the only ops client that may make drivers. */
    readonly desk: string,
  ) {}

  async addDriver(name: string): Promise<Driver> {
    const res = await this.t.request('POST', '/v1/ops/drivers', { token: this.desk, body: { name, phone: '804-555-0134' } });
    assert.equal(res.statusCode, 200, res.body);
    const { driver_id, client_id, client_secret } = res.json();
    const auth = await this.t.request('POST', '/v1/authorize', { token: null, body: { client_id, client_secret } });
    assert.equal(auth.statusCode, 200, auth.body);
    return { id: driver_id, token: auth.json().access_token };
  }

  async book(kind: Booking['kind']): Promise<Booking> {
    const [url, body] =
      kind === 'one-way' ? ['/v1/one-way-moves', oneWayRequest()] : ['/v1/concierge-loaner-moves', conciergeLoanerRequest()];
    const res = await this.t.request('POST', url, { body });
    assert.equal(res.statusCode, 200, res.body);
    const doc = res.json();
    const roles = (kind === 'one-way' ? ['move'] : ['loaner_move', 'customer_move']).sort(
      (a, b) => doc[a].cardinality - doc[b].cardinality,
    );
    return { kind, roles, ids: roles.map((r) => doc[r].move_id as number) };
  }

  dispatch(moveId: number, driverId: number, token = this.ops) {
    return this.t.request('POST', `/v1/ops/moves/${moveId}/dispatch`, { token, body: { driver_id: driverId } });
  }
  async step(driver: Driver, moveId: number, step: Step) {
    await inspectBeforeStep(sendWithToken(this.t, driver.token), moveId, step);
    return this.t.request('POST', `/v1/driver/moves/${moveId}/steps`, {
      token: driver.token,
      body: { step, lat: 37.5407, lon: -77.436 },
    });
  }
  cancel(moveId: number, token: string | null = this.t.token) {
    return this.t.request('POST', '/v1/cancelation', { token, body: { move_id: moveId } });
  }
  decide(moveId: number, outcome: Outcome, token = this.ops) {
    return this.t.request('POST', `/v1/ops/moves/${moveId}/cancel-decision`, { token, body: { outcome } });
  }

  async doc(moveId: number): Promise<Doc> {
    const res = await this.t.request('GET', `/v1/moves/${moveId}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }
  /** The document of each move of the booking, in driving order. */
  async moves(b: Booking): Promise<Doc[]> {
    const doc = await this.doc(b.ids[0]!);
    return b.roles.map((r) => doc[r]);
  }

  async events(moveId: number): Promise<EventRow[]> {
    const rows = await this.t.deps.database.db
      .selectFrom('events')
      .select(['type', 'sequence', 'created_at', 'data'])
      .where('move_id', '=', moveId)
      .orderBy('sequence')
      .execute();
    return rows.map((r) => ({ type: r.type, sequence: Number(r.sequence), created_at: Number(r.created_at), data: JSON.parse(r.data) }));
  }
  async eventTypes(b: Booking): Promise<string[][]> {
    return Promise.all(b.ids.map(async (id) => (await this.events(id)).map((e) => e.type)));
  }

  /** cancel.decide jobs that have not finished (queued, running or failed). */
  async openDecisionJobs(): Promise<{ run_at: number; state: string }[]> {
    const rows = await this.t.deps.database.db
      .selectFrom('jobs')
      .select(['run_at', 'state'])
      .where('kind', '=', 'cancel.decide')
      .where('state', '!=', 'done')
      .execute();
    return rows.map((r) => ({ run_at: Number(r.run_at), state: r.state }));
  }

  /**
   * Runs every due job (other features queue theirs too: texts, webhooks) until none is left, and
   * returns how many cancel.decide jobs finished in the process.
   */
  async runJobs(): Promise<number> {
    const done = async () =>
      Number(
        (
          await this.t.deps.database.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('kind', '=', 'cancel.decide')
            .where('state', '=', 'done')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await done();
    while ((await this.t.deps.worker.runOnce()) > 0);
    return (await done()) - before;
  }

  async decidedBy(moveId: number): Promise<string | null> {
    const row = await this.t.deps.database.db
      .selectFrom('moves')
      .select('cancel_decided_by')
      .where('id', '=', moveId)
      .executeTakeFirstOrThrow();
    return row.cancel_decided_by;
  }

  /**
   * Dispatches the booking to `driver` (unless `done` is null: left booked) and records `done[i]`
   * steps on leg i, leg by leg, the clock one second further for each. Returns the step instants.
   */
  async driveTo(b: Booking, driver: Driver, done: number[] | null): Promise<(string | null)[][]> {
    const stamps = b.ids.map(() => STEPS.map((): string | null => null));
    if (done === null) return stamps;
    const res = await this.dispatch(b.ids[0]!, driver.id);
    assert.equal(res.statusCode, 200, res.body);
    for (const [leg, id] of b.ids.entries()) {
      for (let i = 0; i < done[leg]!; i++) {
        this.t.clock.advance(1000);
        const r = await this.step(driver, id, stepAt(i));
        assert.equal(r.statusCode, 200, `leg ${leg} ${stepAt(i)}: ${r.body}`);
        stamps[leg]![i] = iso(this.t.clock.now());
      }
    }
    return stamps;
  }
}

/** The documents of a booking show `done` steps per leg with these instants, and this cancel_status. */
function assertMoves(moves: Doc[], done: number[] | null, stamps: (string | null)[][], cancelStatus: string | null, what: string) {
  for (const [leg, m] of moves.entries()) {
    assert.equal(m.status, done === null ? null : statusAfter(done[leg]!), `${what}: leg ${leg} status`);
    assert.equal(m.cancel_status, cancelStatus, `${what}: leg ${leg} cancel_status`);
    for (const [i, s] of STEPS.entries()) assert.equal(m[s], stamps[leg]![i], `${what}: leg ${leg} ${s}`);
  }
}

/** Events before the cancelation: created, dispatched (when dispatched), then each step in order. */
const historyOf = (done: number[] | null, leg: number) => [
  'move.created',
  ...(done === null ? [] : ['move.dispatched', ...STEPS.slice(0, done[leg]).map(stepEvent)]),
  // A delivered move's evidence pack is ready (spec §10.4).
  ...(done !== null && done[leg] === STEPS.length ? ['move.bol.ready'] : []),
];

function describeState(b: Booking, done: number[] | null): string {
  if (done === null) return 'booked';
  return done.map((d, leg) => (b.kind === 'one-way' ? `"${statusAfter(d)}"` : `leg ${leg} "${statusAfter(d)}"`)).join(', ');
}

/**
 * The whole cancelation of one booking at one state: 200 pending on every move with its events, the
 * decision by rule once the jobs ran, with its events, the GET document, what the driver may still do,
 * and that a second request is refused.
 */
async function cancelAtState(h: Harness, driver: Driver, kind: Booking['kind'], done: number[] | null, targetLeg: number) {
  const t = h.t;
  t.clock.set(TEST_NOW);
  const b = await h.book(kind);
  const stamps = await h.driveTo(b, driver, done);
  const target = b.ids[targetLeg]!;
  const expected = expectedOutcome(done);
  const before = await h.eventTypes(b);
  b.ids.forEach((_, leg) => assert.deepEqual(before[leg], historyOf(done, leg), `history of leg ${leg}`));
  assert.deepEqual(await h.openDecisionJobs(), [], 'no decision job left over from an earlier test');

  const res = await h.cancel(target);
  if (expected === 'refused') {
    assertError(res, 409, 'move_not_modifiable');
    assert.match(res.json().message, /delivered/);
    assertMoves(await h.moves(b), done, stamps, null, 'after the refusal');
    assert.deepEqual(await h.eventTypes(b), before, 'a refused cancelation writes no event');
    assert.deepEqual(await h.openDecisionJobs(), [], 'nor a job');
    return;
  }

  // Pending: 200 with the spec's body, on every move of the booking, one event each.
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { move_id: target, cancel_status: 'pending' });
  const pendingDoc = await h.doc(target);
  assertMoves(
    b.roles.map((r) => pendingDoc[r]),
    done,
    stamps,
    'pending',
    'pending',
  );
  for (const [leg, id] of b.ids.entries()) {
    const events = await h.events(id);
    assert.deepEqual(
      events.map((e) => e.type),
      [...historyOf(done, leg), 'move.cancel.pending'],
      `leg ${leg} events while pending`,
    );
    assert.deepEqual(events.at(-1)!.data, pendingDoc, `leg ${leg}: the pending event carries the current GET document`);
  }
  assert.deepEqual(await h.openDecisionJobs(), [{ run_at: t.clock.now(), state: 'queued' }], 'one decision job, due at once');

  // The decision by rule.
  t.clock.advance(1000);
  assert.equal(await h.runJobs(), 1, 'the decision job runs');
  assert.deepEqual(await h.openDecisionJobs(), [], 'the job is done');
  const decidedDoc = await h.doc(target);
  const decided = b.roles.map((r) => decidedDoc[r]);
  assertMoves(decided, done, stamps, expected, 'decided');
  assert.equal(new Set(decided.map((m) => m.cancel_status)).size, 1, 'every leg ends in the same cancel state');
  for (const [leg, id] of b.ids.entries()) {
    const events = await h.events(id);
    assert.deepEqual(
      events.map((e) => e.type),
      [...historyOf(done, leg), 'move.cancel.pending', OUTCOME_EVENT[expected]],
      `leg ${leg} events after the decision`,
    );
    assert.deepEqual(
      events.map((e) => e.sequence),
      events.map((_, i) => i + 1),
      `leg ${leg}: sequence 1..n`,
    );
    assert.deepEqual(events.at(-1)!.data, decidedDoc, `leg ${leg}: the outcome event carries the decided document`);
    assert.equal(iso(events.at(-1)!.created_at), iso(t.clock.now()));
    assert.equal(await h.decidedBy(id), 'rule');
  }
  assert.equal(await h.runJobs(), 0, 'nothing else to decide');

  // What may still happen: a second request never; the driver only after a failed cancelation.
  const again = await h.cancel(b.ids[1 - targetLeg] ?? target);
  assertError(again, 409, 'move_not_modifiable');
  const leg = done === null ? -1 : done.findIndex((d) => d < STEPS.length);
  const eventsBefore = await h.eventTypes(b);
  if (leg >= 0) {
    const next = stepAt(done![leg]!);
    const r = await h.step(driver, b.ids[leg]!, next);
    if (expected === 'failed') {
      assert.equal(r.statusCode, 200, `after a failed cancelation the move continues: ${r.body}`);
      const after = await h.moves(b);
      assert.equal(after[leg]!.status, next.replace('_', ' '));
      assert.deepEqual(after.map((m) => m.cancel_status), b.ids.map(() => 'failed'));
      eventsBefore[leg]!.push(stepEvent(next));
      // The delivery signed (every photo stored): the evidence pack is ready.
      if (next === 'delivery_successful') eventsBefore[leg]!.push('move.bol.ready');
    } else {
      assertError(r, 409, 'move_not_modifiable');
    }
  } else {
    // Left booked and now canceled: it can no longer be dispatched either.
    assertError(await h.dispatch(target, driver.id), 409, 'move_not_modifiable');
  }
  assert.deepEqual(await h.eventTypes(b), eventsBefore, 'a refused request writes no event');
}

// ── The states ──────────────────────────────────────────────────────────────────────────────────

/** null = booked, else steps recorded per leg after dispatch. */
const ONE_WAY_STATES: (number[] | null)[] = [null, ...[0, 1, 2, 3, 4, 5, 6].map((d) => [d])];
/** Leg 0 through every status with leg 1 dispatched, then leg 0 delivered and leg 1 through every status. */
const PAIR_STATES: (number[] | null)[] = [
  null,
  ...[0, 1, 2, 3, 4, 5, 6].map((d) => [d, 0]),
  ...[1, 2, 3, 4, 5, 6].map((d) => [6, d]),
];

for (const engine of engines()) {
  describe(`POST /v1/cancelation on ${engine}`, () => {
    let t: TestApp;
    let h: Harness;
    let driver: Driver;
    before(async () => {
      t = await startTestApp(engine, { CANCEL_DECISION_DELAY_MS: '0' });
      h = new Harness(t, (await t.addClient('ops', [t.rooftopId])).token, (await t.addClient('ops', 'all')).token);
      driver = await h.addDriver('Sam Driver');
    });
    after(() => t.close());

    describe('a one-way move at every status', () => {
      for (const done of ONE_WAY_STATES) {
        const expected = expectedOutcome(done);
        test(`${describeState({ kind: 'one-way', ids: [0], roles: ['move'] }, done)} → ${expected}`, () =>
          cancelAtState(h, driver, 'one-way', done, 0));
      }
    });

    describe('a concierge-loaner pair at every state, canceled through either leg', () => {
      for (const done of PAIR_STATES) {
        const expected = expectedOutcome(done);
        const label = describeState({ kind: 'concierge-loaner', ids: [0, 0], roles: [] }, done);
        // Pickup: leg 0 is the loaner, leg 1 the customer's vehicle.
        test(`${label}, requested on the loaner_move → ${expected}`, () => cancelAtState(h, driver, 'concierge-loaner', done, 0));
        test(`${label}, requested on the customer_move → ${expected}`, () =>
          cancelAtState(h, driver, 'concierge-loaner', done, 1));
      }
    });

    describe('driver steps while pending and after the decision', () => {
      test('the driver may step while pending; the rule looks at the state when it decides', async () => {
        t.clock.set(TEST_NOW);
        const b = await h.book('concierge-loaner');
        await h.driveTo(b, driver, [0, 0]);
        assert.equal((await h.cancel(b.ids[1]!)).statusCode, 200);
        const r = await h.step(driver, b.ids[0]!, 'pickup_started');
        assert.equal(r.statusCode, 200, `a pending cancelation does not stop the driver: ${r.body}`);
        assert.equal(r.json().cancel_status, 'pending');
        assert.equal(await h.runJobs(), 1);
        assert.deepEqual((await h.moves(b)).map((m) => m.cancel_status), ['partial', 'partial']);
        assert.deepEqual((await h.events(b.ids[0]!)).map((e) => e.type), [
          'move.created',
          'move.dispatched',
          'move.cancel.pending',
          'move.pickup.started',
          'move.cancel.partial',
        ]);
        assertError(await h.step(driver, b.ids[0]!, 'pickup_arrived'), 409, 'move_not_modifiable');
        const mine = await t.request('GET', '/v1/driver/moves', { token: driver.token });
        assert.equal(mine.statusCode, 200);
        assert.ok(
          !mine.json().moves.some((m: Doc) => b.ids.includes(m.move_id)),
          'a canceled booking leaves the driver app list',
        );
      });

      test('after a failed cancelation the driver finishes both legs; the pair stays "failed"', async () => {
        t.clock.set(TEST_NOW);
        const b = await h.book('concierge-loaner');
        await h.driveTo(b, driver, [3, 0]);
        assert.equal((await h.cancel(b.ids[0]!)).statusCode, 200);
        assert.equal(await h.runJobs(), 1);
        for (const [leg, id] of b.ids.entries()) {
          for (let i = leg === 0 ? 3 : 0; i < STEPS.length; i++) {
            const r = await h.step(driver, id, stepAt(i));
            assert.equal(r.statusCode, 200, `leg ${leg} ${stepAt(i)}: ${r.body}`);
          }
        }
        const moves = await h.moves(b);
        assert.deepEqual(moves.map((m) => [m.status, m.cancel_status]), [
          ['delivery successful', 'failed'],
          ['delivery successful', 'failed'],
        ]);
        assertError(await h.cancel(b.ids[1]!), 409, 'move_not_modifiable');
      });
    });

    describe('refusals (409 move_not_modifiable)', () => {
      test('a second request while pending, on either leg, by dealer or ops', async () => {
        const b = await h.book('concierge-loaner');
        await h.driveTo(b, driver, [1, 0]);
        assert.equal((await h.cancel(b.ids[0]!)).statusCode, 200);
        const before = await h.eventTypes(b);
        for (const id of b.ids) {
          const res = await h.cancel(id);
          assertError(res, 409, 'move_not_modifiable');
          assert.match(res.json().message, /pending/);
          assertError(await h.cancel(id, h.ops), 409, 'move_not_modifiable');
        }
        assert.deepEqual(await h.eventTypes(b), before);
        assert.equal((await h.openDecisionJobs()).length, 1, 'still one decision job');
        assert.equal(await h.runJobs(), 1);
      });

      for (const [label, done, outcome] of [
        ['canceled', [0], 'canceled'],
        ['partial', [2], 'partial'],
        ['failed', [4], 'failed'],
      ] as const) {
        test(`a request after the cancelation was decided "${label}"`, async () => {
          const b = await h.book('one-way');
          await h.driveTo(b, driver, [...done]);
          assert.equal((await h.cancel(b.ids[0]!)).statusCode, 200);
          assert.equal(await h.runJobs(), 1);
          assert.equal((await h.moves(b))[0]!.cancel_status, outcome);
          const before = await h.eventTypes(b);
          assertError(await h.cancel(b.ids[0]!), 409, 'move_not_modifiable');
          assert.deepEqual(await h.eventTypes(b), before);
          assert.deepEqual(await h.openDecisionJobs(), []);
        });
      }

      test('a request when every move is delivered', async () => {
        for (const kind of ['one-way', 'concierge-loaner'] as const) {
          const b = await h.book(kind);
          await h.driveTo(b, driver, b.ids.map(() => 6));
          for (const id of b.ids) assertError(await h.cancel(id), 409, 'move_not_modifiable');
          assert.deepEqual((await h.moves(b)).map((m) => m.cancel_status), b.ids.map(() => null));
        }
      });

      test('an ops decision when nothing is pending: never requested, or already decided', async () => {
        const b = await h.book('concierge-loaner');
        await h.driveTo(b, driver, [0, 0]);
        for (const outcome of ['canceled', 'partial', 'failed'] as const) {
          assertError(await h.decide(b.ids[0]!, outcome), 409, 'move_not_modifiable');
        }
        assert.equal((await h.cancel(b.ids[0]!)).statusCode, 200);
        assert.equal(await h.runJobs(), 1);
        const before = await h.eventTypes(b);
        for (const id of b.ids) assertError(await h.decide(id, 'failed'), 409, 'move_not_modifiable');
        assert.deepEqual((await h.moves(b)).map((m) => m.cancel_status), ['canceled', 'canceled']);
        assert.deepEqual(await h.eventTypes(b), before);
      });
    });

    test('a request without a usable move_id is a 400 naming the field', async () => {
      for (const [body, code] of [
        [{}, 'field_missing'],
        [{ move_id: null }, 'field_missing'],
        [{ move_id: 'abc' }, 'field_invalid'],
        [{ move_id: 1.5 }, 'field_invalid'],
      ] as const) {
        const res = await t.request('POST', '/v1/cancelation', { body });
        assertError(res, 400, code);
        assert.deepEqual(
          res.json().errors.map((e: { code: string; field: string }) => [e.code, e.field]),
          [[code, 'move_id']],
          JSON.stringify(body),
        );
      }
      assert.deepEqual(await h.openDecisionJobs(), []);
    });

    describe('who may cancel', () => {
      test('dealer, dealer_admin and ops may request; driver and no token may not', async () => {
        const admin = (await t.addClient('dealer_admin', [t.rooftopId])).token;
        for (const [token, ok] of [
          [t.token, true],
          [admin, true],
          [h.ops, true],
          [driver.token, false],
        ] as const) {
          const b = await h.book('one-way');
          const res = await h.cancel(b.ids[0]!, token);
          if (ok) {
            assert.equal(res.statusCode, 200, res.body);
            assert.deepEqual(res.json(), { move_id: b.ids[0], cancel_status: 'pending' });
          } else {
            assertError(res, 403, 'missing_scope');
            assert.equal((await h.moves(b))[0]!.cancel_status, null);
          }
        }
        assertError(await h.cancel(1, null), 401, 'access_denied');
        assert.equal(await h.runJobs(), 3);
      });

      test('only ops may decide: dealer and driver get 403', async () => {
        const b = await h.book('one-way');
        assert.equal((await h.cancel(b.ids[0]!)).statusCode, 200);
        assertError(await h.decide(b.ids[0]!, 'canceled', t.token), 403, 'missing_scope');
        assertError(await h.decide(b.ids[0]!, 'canceled', driver.token), 403, 'missing_scope');
        assert.equal((await h.moves(b))[0]!.cancel_status, 'pending');
        assert.equal(await h.runJobs(), 1);
      });

      test("another rooftop's move, or no such move, is 404 move_invalid", async () => {
        const b = await h.book('concierge-loaner');
        const otherRooftop = await t.addRooftop({ name: 'Other Motors' });
        const otherDealer = (await t.addClient('dealer', [otherRooftop])).token;
        const otherOps = (await t.addClient('ops', [otherRooftop])).token;
        for (const id of b.ids) {
          assertError(await h.cancel(id, otherDealer), 404, 'move_invalid');
          assertError(await h.cancel(id, otherOps), 404, 'move_invalid');
        }
        assertError(await h.cancel(999_999_999), 404, 'move_invalid');
        assert.deepEqual((await h.moves(b)).map((m) => m.cancel_status), [null, null]);
        assert.equal((await h.cancel(b.ids[0]!)).statusCode, 200);
        for (const id of b.ids) assertError(await h.decide(id, 'canceled', otherOps), 404, 'move_invalid');
        assertError(await h.decide(999_999_999, 'canceled'), 404, 'move_invalid');
        assert.equal(await h.runJobs(), 1);
        assert.deepEqual((await h.moves(b)).map((m) => m.cancel_status), ['canceled', 'canceled']);
      });
    });
  });

  describe(`the cancelation decision delay on ${engine}`, () => {
    const DELAY = 60_000;
    let t: TestApp;
    let h: Harness;
    let driver: Driver;
    before(async () => {
      t = await startTestApp(engine, { CANCEL_DECISION_DELAY_MS: String(DELAY) });
      h = new Harness(t, (await t.addClient('ops', [t.rooftopId])).token, (await t.addClient('ops', 'all')).token);
      driver = await h.addDriver('Sam Driver');
    });
    after(() => t.close());

    for (const [kind, done, expected] of [
      ['one-way', [0], 'canceled'],
      ['concierge-loaner', [2, 0], 'partial'],
      ['concierge-loaner', [6, 1], 'failed'],
    ] as const) {
      test(`${kind}, ${describeState({ kind, ids: [0, 0], roles: [] }, [...done])}: nothing is decided before ${DELAY} ms, then "${expected}"`, async () => {
        t.clock.set(TEST_NOW);
        const b = await h.book(kind);
        await h.driveTo(b, driver, [...done]);
        const requestedAt = t.clock.now();
        assert.equal((await h.cancel(b.ids.at(-1)!)).statusCode, 200);
        assert.deepEqual(await h.openDecisionJobs(), [{ run_at: requestedAt + DELAY, state: 'queued' }]);
        const pending = await h.eventTypes(b);

        assert.equal(await h.runJobs(), 0, 'not due yet');
        t.clock.advance(DELAY - 1);
        assert.equal(await h.runJobs(), 0, 'still not due 1 ms before');
        assert.deepEqual((await h.moves(b)).map((m) => m.cancel_status), b.ids.map(() => 'pending'));
        assert.deepEqual(await h.eventTypes(b), pending);

        t.clock.advance(1);
        assert.equal(await h.runJobs(), 1, 'due after the delay');
        assert.deepEqual((await h.moves(b)).map((m) => m.cancel_status), b.ids.map(() => expected));
        assert.deepEqual(await h.eventTypes(b), pending.map((types) => [...types, OUTCOME_EVENT[expected]]));
        assert.deepEqual(await h.openDecisionJobs(), []);
      });
    }

    for (const [kind, done, override, byRule] of [
      ['one-way', [0], 'partial', 'canceled'],
      ['concierge-loaner', [0, 0], 'failed', 'canceled'],
      ['concierge-loaner', [4, 0], 'canceled', 'failed'],
    ] as const) {
      for (const via of kind === 'one-way' ? [0] : [0, 1]) {
        test(`${kind}: ops decides "${override}" (the rule would say "${byRule}") through leg ${via} before the delay; the job then changes nothing`, async () => {
          t.clock.set(TEST_NOW);
          const b = await h.book(kind);
          await h.driveTo(b, driver, [...done]);
          assert.equal((await h.cancel(b.ids[0]!)).statusCode, 200);
          t.clock.advance(DELAY / 2);
          const res = await h.decide(b.ids[via]!, override);
          assert.equal(res.statusCode, 200, res.body);
          const decidedDoc = await h.doc(b.ids[0]!);
          assert.deepEqual(res.json(), decidedDoc, 'the decision answers with the current document');
          assert.deepEqual(b.roles.map((r) => decidedDoc[r].cancel_status), b.ids.map(() => override));
          const decided = await h.eventTypes(b);
          for (const [leg, types] of decided.entries()) {
            assert.deepEqual(types.slice(-2), ['move.cancel.pending', OUTCOME_EVENT[override]], `leg ${leg}`);
          }
          for (const id of b.ids) assert.equal(await h.decidedBy(id), 'ops');

          t.clock.advance(DELAY / 2);
          assert.equal(await h.runJobs(), 1, 'the job runs when due');
          assert.deepEqual(await h.openDecisionJobs(), [], 'and finishes (done, not failed)');
          assert.deepEqual(await h.doc(b.ids[0]!), decidedDoc, 'the override stands');
          assert.deepEqual(await h.eventTypes(b), decided, 'no further event');
          for (const id of b.ids) assert.equal(await h.decidedBy(id), 'ops');
        });
      }
    }
  });
}
