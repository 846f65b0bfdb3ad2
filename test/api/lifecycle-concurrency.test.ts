// Races on the move lifecycle (spec §7, §8): a driver's steps, a dealer's cancelation, an ops
// dispatch to another driver (and sometimes a second driver, an ops decision and the decision job)
// fired together on one concierge-loaner booking, round after round from different starting states
// and in different orders. On PostgreSQL the requests really overlap on the connection pool; on
// SQLite they are serialized by the engine. Whatever the interleaving, the result must be a state
// the lifecycle allows, with an event log that tells exactly that story.
import assert from 'node:assert/strict';
import { useNothingRequiredSet } from '../support/inspection.ts';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { STEPS, type StepName as Step } from '../support/lifecycle.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';

/**
 * PostgreSQL is where requests overlap for real, so it gets more rounds: a lock-order deadlock
 * between two transactions on one booking shows up in some rounds only (see the cancel lanes).
 */
const ROUNDS = { sqlite: 30, postgres: 60 } as const;

// ── The contract, from the spec ─────────────────────────────────────────────────────────────────

type Outcome = 'canceled' | 'partial' | 'failed';
const OUTCOMES: Outcome[] = ['canceled', 'partial', 'failed'];
const OUTCOME_EVENT: Record<Outcome, string> = {
  canceled: 'move.cancel.succeeded',
  partial: 'move.cancel.partial',
  failed: 'move.cancel.failed',
};
const STATUSES = ['dispatched', ...STEPS.map((s) => s.replace('_', ' '))];
const stepAt = (i: number): Step => STEPS[i]!;
const stepEvent = (s: Step) => `move.${s.replace('_', '.')}`;
const STEP_EVENTS = STEPS.map(stepEvent);
/** 0 = booked (null), 1 = dispatched, 2 = pickup started, … 7 = delivery successful. */
const rank = (status: string | null) => (status === null ? 0 : STATUSES.indexOf(status) + 1);

/** The spec's rule, applied to the booking's documents at the moment of the decision. */
function ruleOutcome(moves: Doc[]): Outcome {
  if (moves.some((m) => m.pickup_successful !== null)) return 'failed';
  if (moves.some((m) => m.pickup_started !== null)) return 'partial';
  return 'canceled';
}

type Doc = Record<string, any>;
interface Driver {
  id: number;
  name: string;
  token: string;
}

/** A small seeded PRNG (mulberry32), so a failing round can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    shuffle<T>(xs: T[]): T[] {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
}

interface Logged {
  who: string;
  what: string;
  status: number;
  code?: string;
  body: string;
}

for (const engine of engines()) {
  describe(`lifecycle races on ${engine}`, () => {
    let t: TestApp;
    let ops: string;
    /** The all-rooftops dispatch desk: the only ops client that may make and rename drivers. */
    let desk: string;
    let driverA: Driver;
    let driverB: Driver;
    before(async () => {
      t = await startTestApp(engine, { CANCEL_DECISION_DELAY_MS: '0' });
      ops = (await t.addClient('ops', [t.rooftopId])).token;
      desk = (await t.addClient('ops', 'all')).token;
      // The races are the lifecycle's: each step is judged by its rules alone (useNothingRequiredSet).
      await useNothingRequiredSet(t, desk, t.rooftopId);
      driverA = await addDriver('Alex Driver');
      driverB = await addDriver('Blair Driver');
    });
    after(() => t.close());

    async function addDriver(name: string): Promise<Driver> {
      const res = await t.request('POST', '/v1/ops/drivers', { token: desk, body: { name, phone: '804-555-0134' } });
      assert.equal(res.statusCode, 200, res.body);
      const { driver_id, client_id, client_secret } = res.json();
      const auth = await t.request('POST', '/v1/authorize', { token: null, body: { client_id, client_secret } });
      return { id: driver_id, name, token: auth.json().access_token };
    }

    /** A new pair: its move ids in driving order and their document keys. */
    async function bookPair(action: 'pickup' | 'return') {
      const req = conciergeLoanerRequest();
      if (action === 'return') {
        req.customer_action = 'return';
        [req.loaner_move.pickup_location, req.customer_move.pickup_location] = [
          req.customer_move.pickup_location,
          req.loaner_move.pickup_location,
        ];
      }
      const res = await t.request('POST', '/v1/concierge-loaner-moves', { body: req });
      assert.equal(res.statusCode, 200, res.body);
      const doc = res.json();
      const roles = ['loaner_move', 'customer_move'].sort((a, b) => doc[a].cardinality - doc[b].cardinality);
      return { roles, ids: roles.map((r) => doc[r].move_id as number) };
    }

    const stepRequest = (driver: Driver, moveId: number, step: Step) =>
      t.request('POST', `/v1/driver/moves/${moveId}/steps`, { token: driver.token, body: { step, lat: 37.54, lon: -77.43 } });
    /** Step number g of the booking (0–5 on leg 0, 6–11 on leg 1). */
    const stepOf = (ids: number[], g: number) => ({ moveId: ids[Math.floor(g / 6)]!, step: stepAt(g % 6) });

    async function eventsOf(moveId: number) {
      const rows = await t.deps.database.db
        .selectFrom('events')
        .select(['type', 'sequence', 'data'])
        .where('move_id', '=', moveId)
        .orderBy('sequence')
        .execute();
      return rows.map((r) => ({ type: r.type, sequence: Number(r.sequence), data: JSON.parse(r.data) as Doc }));
    }
    async function stepRowsOf(moveId: number) {
      const rows = await t.deps.database.db.selectFrom('move_steps').select(['step', 'driver_id']).where('move_id', '=', moveId).orderBy('id').execute();
      return rows.map((r) => ({ step: r.step, driver_id: Number(r.driver_id) }));
    }

    for (let round = 0; round < ROUNDS[engine]; round++) {
      test(`round ${round}`, async () => {
        const r = rng(round * 7919 + (engine === 'postgres' ? 1 : 2));
        const { ids, roles } = await bookPair(round % 4 === 3 ? 'return' : 'pickup');

        // ── The starting state: booked, or dispatched to A and some steps along. ──
        const dispatchedFirst = round % 10 !== 9;
        const pre = dispatchedFirst ? [0, 0, 1, 2, 3, 5, 6, 7, 9, 11][r.int(10)]! : 0;
        const log: Logged[] = [];
        const call = async (who: string, what: string, p: Promise<LightMyRequestResponse>) => {
          const res = await p;
          let code: string | undefined;
          if (res.statusCode >= 400) code = res.json().code;
          log.push({ who, what, status: res.statusCode, code, body: res.body });
          return res;
        };
        if (dispatchedFirst) {
          const res = await call('ops', 'dispatch A (setup)', t.request('POST', `/v1/ops/moves/${ids[0]}/dispatch`, { token: ops, body: { driver_id: driverA.id } }));
          assert.equal(res.statusCode, 200, res.body);
        }
        for (let g = 0; g < pre; g++) {
          t.clock.advance(1000);
          const { moveId, step } = stepOf(ids, g);
          const res = await call('A', `${step} (setup)`, stepRequest(driverA, moveId, step));
          assert.equal(res.statusCode, 200, res.body);
        }
        log.length = 0;

        // ── The race. ──
        /** A driver working through the next steps, one after the other; "not mine (yet)" is retried. */
        const driverLane = (driver: Driver, who: string, attempts: number) => async () => {
          let g = pre;
          for (let i = 0; i < attempts && g < 12; i++) {
            t.clock.advance(1000);
            const { moveId, step } = stepOf(ids, g);
            const res = await call(who, step, stepRequest(driver, moveId, step));
            if (res.statusCode === 200) g++;
            else if (res.statusCode === 409) break;
          }
        };
        const cancelTarget = ids[r.int(2)]!;
        const opsOutcome = OUTCOMES[r.int(3)]!;
        /**
         * Someone who keeps asking to cancel, alternating the legs: after the first 200 every request
         * is refused, but each one still takes the booking's lock, so requests queue on it while the
         * driver's steps commit — the moment the lock order matters.
         */
        const cancelLane = (who: string, token: string, attempts: number) => async () => {
          for (let i = 0; i < attempts; i++) {
            await call(who, 'cancel', t.request('POST', '/v1/cancelation', { token, body: { move_id: ids[(i + attempts) % 2] } }));
          }
        };
        const actions: (() => Promise<unknown>)[] = [
          driverLane(driverA, 'A', 3 + r.int(8)),
          () => call('dealer', 'cancel', t.request('POST', '/v1/cancelation', { body: { move_id: cancelTarget } })),
          () =>
            call('ops', 'dispatch B', t.request('POST', `/v1/ops/moves/${ids[r.int(2)]}/dispatch`, { token: ops, body: { driver_id: driverB.id } })),
          cancelLane('dealer', t.token, 2 + r.int(6)),
          cancelLane('ops', ops, 2 + r.int(6)),
          cancelLane('dealer', t.token, 2 + r.int(6)),
        ];
        if (r.chance(0.5)) actions.push(driverLane(driverB, 'B', 2 + r.int(6)));
        if (r.chance(0.3)) {
          actions.push(() =>
            call('ops', `decide ${opsOutcome}`, t.request('POST', `/v1/ops/moves/${ids[r.int(2)]}/cancel-decision`, { token: ops, body: { outcome: opsOutcome } })),
          );
        }
        if (r.chance(0.5)) actions.push(() => t.deps.worker.runOnce());
        await Promise.all(r.shuffle(actions).map((a) => a()));
        while ((await t.deps.worker.runOnce()) > 0);

        // ── What the race answered. ──
        const story = () => `round ${round}, start ${pre} steps${dispatchedFirst ? '' : ' (booked)'}:\n${log.map((l) => `  ${l.who} ${l.what} → ${l.status} ${l.code ?? ''}`).join('\n')}`;
        for (const l of log) {
          if (l.status === 404) assert.equal(l.code, 'move_invalid', story());
          if (l.status === 409) assert.equal(l.code, 'move_not_modifiable', story());
          if (l.status === 404) assert.ok(l.who === 'A' || l.who === 'B', `only a driver without the move gets 404\n${story()}`);
        }
        const ok = (pred: (l: Logged) => boolean) => log.filter((l) => l.status === 200 && pred(l));
        const cancels = ok((l) => l.what === 'cancel');
        const dispatchB = ok((l) => l.what === 'dispatch B');
        const decision = ok((l) => l.what.startsWith('decide'));
        const stepsOk = ok((l) => l.who === 'A' || l.who === 'B');
        assert.ok(cancels.length <= 1, `at most one cancel request succeeds\n${story()}`);
        assert.ok(decision.length <= 1, story());
        if (decision.length) assert.equal(cancels.length, 1, `a decision needs a pending cancelation\n${story()}`);
        assert.ok(new Set(stepsOk.map((l) => l.who)).size <= 1, `one driver drives the booking\n${story()}`);

        // ── The state it left. ──
        const doc = (await t.request('GET', `/v1/moves/${ids[0]}`)).json();
        const moves = roles.map((role) => doc[role] as Doc);
        const at = (m: Doc, s: Step) => (m[s] === null ? null : Date.parse(m[s]));

        // Both legs share one cancel state; with the job run, nothing is left pending.
        assert.equal(moves[0]!.cancel_status, moves[1]!.cancel_status, `one cancel_status for the pair\n${story()}`);
        const cancelStatus = moves[0]!.cancel_status as string | null;
        if (cancels.length) assert.ok(OUTCOMES.includes(cancelStatus as Outcome), `decided, not "${cancelStatus}"\n${story()}`);
        else assert.equal(cancelStatus, null, story());

        const finalDriver = dispatchB.length ? driverB : dispatchedFirst ? driverA : null;
        for (const [leg, m] of moves.entries()) {
          const what = `leg ${leg} (move ${m.move_id})`;
          const r0 = rank(m.status);
          // Forward one step at a time: exactly the first (rank − 1) step instants are set, in order.
          const set = STEPS.map((s) => at(m, s));
          const done = Math.max(0, r0 - 1);
          assert.deepEqual(set.map((x) => x !== null), STEPS.map((_, i) => i < done), `${what} is "${m.status}" with instants ${JSON.stringify(set)}\n${story()}`);
          for (let i = 1; i < done; i++) assert.ok(set[i - 1]! <= set[i]!, `${what}: ${STEPS[i - 1]} after ${STEPS[i]}\n${story()}`);
          assert.equal(m.driver_name, r0 === 0 ? null : finalDriver?.name, `${what} driver\n${story()}`);
          if (r0 === 0) assert.equal(finalDriver, null, story());
          else assert.notEqual(m.tracking_link, null);
        }
        // Leg 1 never started before leg 0 was delivered.
        const [leg0, leg1] = moves as [Doc, Doc];
        if (leg1.pickup_started !== null) {
          assert.ok(leg0.delivery_successful !== null && at(leg0, 'delivery_successful')! <= at(leg1, 'pickup_started')!, `leg 1 started before leg 0 was delivered\n${story()}`);
        }
        // The step responses that said 200 are exactly the steps recorded.
        const stepsDone = moves.reduce((n, m) => n + Math.max(0, rank(m.status) - 1), 0);
        assert.equal(pre + stepsOk.length, stepsDone, `each 200 step is one recorded step\n${story()}`);

        // ── The event log tells the same story. ──
        const dispatchEvents = (dispatchedFirst ? 1 : 0) + dispatchB.length;
        for (const [leg, m] of moves.entries()) {
          const what = `leg ${leg} (move ${m.move_id})`;
          const events = await eventsOf(m.move_id);
          const types = events.map((e) => e.type);
          assert.deepEqual(events.map((e) => e.sequence), events.map((_, i) => i + 1), `${what}: sequence 1..n, no gaps or duplicates\n${story()}`);
          assert.equal(types[0], 'move.created');

          const steps = types.filter((x) => STEP_EVENTS.includes(x));
          const done = Math.max(0, rank(m.status) - 1);
          assert.deepEqual(steps, STEP_EVENTS.slice(0, done), `${what}: step events in lifecycle order\n${story()}`);
          assert.equal(types.filter((x) => x === 'move.dispatched').length, dispatchEvents, `${what}: dispatch events ${JSON.stringify(types)}\n${story()}`);
          const pending = types.filter((x) => x === 'move.cancel.pending').length;
          const outcomes = types.filter((x) => Object.values(OUTCOME_EVENT).includes(x));
          assert.equal(pending, cancelStatus === null ? 0 : 1, `${what}: ${JSON.stringify(types)}\n${story()}`);
          assert.deepEqual(outcomes, cancelStatus === null ? [] : [OUTCOME_EVENT[cancelStatus as Outcome]], `${what}: ${JSON.stringify(types)}\n${story()}`);
          // As many events as state changes visible in the document.
          // (A delivered move also says its evidence pack is ready, once.)
          const delivered = m.status === 'delivery successful' ? 1 : 0;
          assert.equal(types.filter((x) => x === 'move.bol.ready').length, delivered, `${what}: move.bol.ready once delivered ${JSON.stringify(types)}\n${story()}`);
          const changes = 1 + dispatchEvents + done + delivered + (cancelStatus === null ? 0 : 2);
          assert.equal(events.length, changes, `${what}: ${events.length} events for ${changes} changes ${JSON.stringify(types)}\n${story()}`);
          // The outcome follows the pending request, and nothing moves after canceled/partial.
          if (cancelStatus !== null) {
            const p = types.indexOf('move.cancel.pending');
            const o = types.indexOf(OUTCOME_EVENT[cancelStatus as Outcome]);
            assert.ok(p < o, `${what}: the outcome before the request\n${story()}`);
            if (cancelStatus !== 'failed') {
              const later = types.slice(o + 1);
              assert.deepEqual(later, [], `${what}: recorded after "${cancelStatus}": ${JSON.stringify(later)}\n${story()}`);
            }
            // Decided by rule: the rule holds for the booking as it was when it decided.
            const decidedBy = (await t.deps.database.db.selectFrom('moves').select('cancel_decided_by').where('id', '=', m.move_id).executeTakeFirstOrThrow()).cancel_decided_by;
            const atDecision = roles.map((role) => events[o]!.data[role] as Doc);
            if (decidedBy === 'rule') {
              assert.equal(cancelStatus, ruleOutcome(atDecision), `${what}: rule outcome for ${JSON.stringify(atDecision.map((x) => x.status))}\n${story()}`);
            } else {
              assert.equal(decidedBy, 'ops', story());
              assert.equal(decision.length, 1, story());
              assert.equal(cancelStatus, opsOutcome, story());
            }
          }
          // Every event carries the document as it was: a step event shows its own step done.
          for (const e of events) {
            const mine = e.data[roles[leg]!] as Doc;
            const i = STEP_EVENTS.indexOf(e.type);
            if (i >= 0) assert.equal(mine.status, STATUSES[i + 1], `${what}: ${e.type} carries status ${mine.status}\n${story()}`);
            if (e.type === 'move.cancel.pending') assert.deepEqual(roles.map((role) => e.data[role].cancel_status), ['pending', 'pending']);
            if (e.type === 'move.pickup.started' && leg === 1) {
              assert.equal(e.data[roles[0]!].status, 'delivery successful', `leg 1 started while leg 0 was "${e.data[roles[0]!].status}"\n${story()}`);
            }
          }
          // The step records agree: one per step event, by the booking's driver.
          const rows = await stepRowsOf(m.move_id);
          assert.deepEqual(rows.map((x) => x.step), STEPS.slice(0, done), `${what}: move_steps\n${story()}`);
          for (const x of rows) assert.equal(x.driver_id, finalDriver?.id, story());
        }
        const open = await t.deps.database.db
          .selectFrom('jobs')
          .select(['id', 'state', 'last_error'])
          .where('kind', '=', 'cancel.decide')
          .where('state', '!=', 'done')
          .execute();
        assert.deepEqual(open, [], `every decision job ran to completion\n${story()}`);

        // Last, so that the state above is checked even when a request failed: every request got an
        // answer the contract allows — a success, "not yours" or "not now", never a server error.
        for (const l of log) {
          assert.ok([200, 404, 409].includes(l.status), `${l.who} ${l.what} answered ${l.status}: ${l.body}\n${story()}`);
        }
      });
    }

    test("one driver's steps on six bookings at once, and their rename meanwhile: every request succeeds, every document names them", async () => {
      // Each booking is its own scenario, but they share the driver's row: each step updates it
      // (last position) and each stored document reads the driver's name. A lock taken on that row
      // in the wrong order deadlocks here on PostgreSQL (seen under the benchmark).
      const driver = await addDriver('Casey Driver');
      const pairs = await Promise.all(Array.from({ length: 6 }, () => bookPair('pickup')));
      for (const { ids } of pairs) {
        const d = await t.request('POST', `/v1/ops/moves/${ids[0]}/dispatch`, { token: ops, body: { driver_id: driver.id } });
        assert.equal(d.statusCode, 200, d.body);
      }
      for (let g = 0; g < 12; g++) {
        t.clock.advance(1000);
        const rename =
          g === 5 ? [t.request('PATCH', `/v1/ops/drivers/${driver.id}`, { token: desk, body: { name: 'Casey Renamed' } })] : [];
        const results = await Promise.all([
          ...pairs.map(({ ids }) => {
            const { moveId, step } = stepOf(ids, g);
            return stepRequest(driver, moveId, step);
          }),
          ...rename,
        ]);
        for (const r of results) assert.equal(r.statusCode, 200, `step ${g}: ${r.body}`);
      }
      for (const { ids, roles } of pairs) {
        const doc = (await t.request('GET', `/v1/moves/${ids[0]}`)).json();
        for (const role of roles) {
          assert.equal(doc[role].status, 'delivery successful');
          assert.equal(doc[role].driver_name, 'Casey Renamed');
        }
      }
    });

    test('10 identical parallel steps by the same driver: one 200, nine 409, one event — for every step of a pair', async () => {
      const { ids } = await bookPair('pickup');
      const d = await t.request('POST', `/v1/ops/moves/${ids[0]}/dispatch`, { token: ops, body: { driver_id: driverA.id } });
      assert.equal(d.statusCode, 200, d.body);
      for (let g = 0; g < 12; g++) {
        t.clock.advance(1000);
        const { moveId, step } = stepOf(ids, g);
        const results = await Promise.all(Array.from({ length: 10 }, () => stepRequest(driverA, moveId, step)));
        const statuses = results.map((x) => x.statusCode).sort();
        assert.deepEqual(statuses, [200, ...Array(9).fill(409)], `${step} on move ${moveId}: ${results.map((x) => x.body).join('\n')}`);
        for (const x of results.filter((y) => y.statusCode === 409)) assert.equal(x.json().code, 'move_not_modifiable');
        const types = (await eventsOf(moveId)).map((e) => e.type);
        assert.equal(types.filter((x) => x === stepEvent(step)).length, 1, `${step}: ${JSON.stringify(types)}`);
        assert.equal((await stepRowsOf(moveId)).filter((x) => x.step === step).length, 1);
      }
      for (const id of ids) {
        const events = await eventsOf(id);
        assert.deepEqual(events.map((e) => e.type), ['move.created', 'move.dispatched', ...STEP_EVENTS, 'move.bol.ready']);
        assert.deepEqual(events.map((e) => e.sequence), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      }
    });

    test('10 parallel cancel requests on both legs: one 200, one pending event per move, one decision', async () => {
      const { ids, roles } = await bookPair('pickup');
      const d = await t.request('POST', `/v1/ops/moves/${ids[0]}/dispatch`, { token: ops, body: { driver_id: driverA.id } });
      assert.equal(d.statusCode, 200, d.body);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => t.request('POST', '/v1/cancelation', { token: i % 3 === 0 ? ops : t.token, body: { move_id: ids[i % 2] } })),
      );
      assert.deepEqual(results.map((x) => x.statusCode).sort(), [200, ...Array(9).fill(409)], results.map((x) => x.body).join('\n'));
      const decisions = await Promise.all(
        OUTCOMES.flatMap((o) => [o, o]).map((outcome, i) =>
          t.request('POST', `/v1/ops/moves/${ids[i % 2]}/cancel-decision`, { token: ops, body: { outcome } }),
        ),
      );
      assert.deepEqual(decisions.map((x) => x.statusCode).sort(), [200, 409, 409, 409, 409, 409]);
      const chosen = OUTCOMES.flatMap((o) => [o, o])[decisions.findIndex((x) => x.statusCode === 200)]!;
      while ((await t.deps.worker.runOnce()) > 0);
      const doc = (await t.request('GET', `/v1/moves/${ids[0]}`)).json();
      assert.deepEqual(roles.map((role) => doc[role].cancel_status), [chosen, chosen]);
      for (const id of ids) {
        assert.deepEqual((await eventsOf(id)).map((e) => e.type), ['move.created', 'move.dispatched', 'move.cancel.pending', OUTCOME_EVENT[chosen]]);
      }
    });
  });
}
