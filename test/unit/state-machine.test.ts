import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  cancelOutcome,
  checkCancelDecision,
  checkCancelRequest,
  checkDispatch,
  checkStep,
  type MoveState,
  STATUS_OF_STEP,
  STEPS,
  type Step,
  type Verdict,
} from '../../src/modules/moves/lifecycle/state-machine.ts';

const move = (over: Partial<MoveState> = {}): MoveState => ({
  id: 1,
  cardinality: 0,
  status: 'dispatched',
  cancel_status: null,
  pickup_started: null,
  pickup_successful: null,
  ...over,
});

const verdict = (v: Verdict): string => (v.ok ? 'ok' : v.reason);

describe('driver steps', () => {
  test('each step follows exactly the one before it', () => {
    let m = move();
    for (const step of STEPS) {
      assert.equal(verdict(checkStep([m], m, step)), 'ok', step);
      m = { ...m, status: STATUS_OF_STEP[step] };
    }
  });

  test('a repeated step, a skipped step and a step backwards are refused, saying why', () => {
    const m = move({ status: 'pickup arrived' });
    assert.match(verdict(checkStep([m], m, 'pickup_arrived')), /already "pickup arrived"/);
    assert.match(verdict(checkStep([m], m, 'delivery_started')), /"pickup successful" comes before "delivery started"/);
    assert.match(verdict(checkStep([m], m, 'pickup_started')), /already past "pickup started"/);
  });

  test('nothing moves before dispatch or after a cancelation', () => {
    const booked = move({ status: null });
    assert.match(verdict(checkStep([booked], booked, 'pickup_started')), /not been dispatched/);
    for (const cancel_status of ['canceled', 'partial']) {
      const m = move({ cancel_status, status: 'pickup started', pickup_started: 1 });
      assert.match(verdict(checkStep([m], m, 'pickup_arrived')), /canceled/);
    }
    // A failed cancelation means the move goes on; a pending one does not stop the driver either.
    for (const cancel_status of ['failed', 'pending']) {
      const m = move({ cancel_status });
      assert.equal(verdict(checkStep([m], m, 'pickup_started')), 'ok');
    }
  });

  test('leg 1 cannot start before leg 0 is delivered', () => {
    const statuses: (string | null)[] = ['dispatched', 'pickup started', 'delivery arrived'];
    for (const status of statuses) {
      const leg0 = move({ id: 1, status });
      const leg1 = move({ id: 2, cardinality: 1 });
      assert.match(verdict(checkStep([leg0, leg1], leg1, 'pickup_started')), /move 1 \(leg 0\) must be delivered/);
    }
    const done = move({ id: 1, status: 'delivery successful' });
    const leg1 = move({ id: 2, cardinality: 1 });
    assert.equal(verdict(checkStep([done, leg1], leg1, 'pickup_started')), 'ok');
  });

  test('every (status, step) pair: only the next step is allowed', () => {
    const order: (string | null)[] = [null, 'dispatched', ...STEPS.map((s) => STATUS_OF_STEP[s])];
    for (const [i, status] of order.entries()) {
      for (const [j, step] of STEPS.entries()) {
        const m = move({ status });
        const allowed = status !== null && j + 2 === i + 1;
        assert.equal(checkStep([m], m, step as Step).ok, allowed, `${status} → ${step}`);
      }
    }
  });
});

describe('dispatch', () => {
  test('allowed until a move has started; never on canceled, pending or delivered moves', () => {
    assert.equal(verdict(checkDispatch([move({ status: null }), move({ id: 2, status: null })])), 'ok');
    assert.equal(verdict(checkDispatch([move()])), 'ok', 're-dispatch before pickup started');
    assert.match(verdict(checkDispatch([move({ status: 'pickup started', pickup_started: 1 })])), /already started/);
    assert.match(verdict(checkDispatch([move({ cancel_status: 'canceled' })])), /canceled/);
    assert.match(verdict(checkDispatch([move({ cancel_status: 'pending' })])), /pending/);
    assert.match(verdict(checkDispatch([move({ status: 'delivery successful', pickup_started: 1 })])), /already/);
  });
});

describe('cancelation', () => {
  test('the outcome follows how far the scenario got', () => {
    assert.equal(cancelOutcome([move({ status: null }), move({ id: 2, status: null })]), 'canceled');
    assert.equal(cancelOutcome([move({ status: 'dispatched' })]), 'canceled');
    assert.equal(cancelOutcome([move({ status: 'pickup arrived', pickup_started: 1 })]), 'partial');
    assert.equal(cancelOutcome([move({ status: 'pickup successful', pickup_started: 1, pickup_successful: 2 })]), 'failed');
    // A pair: leg 0 delivered, leg 1 not started: a vehicle was picked up, so the pair goes on.
    assert.equal(
      cancelOutcome([
        move({ status: 'delivery successful', pickup_started: 1, pickup_successful: 2 }),
        move({ id: 2, cardinality: 1 }),
      ]),
      'failed',
    );
  });

  test('a request needs a live scenario; a decision needs a pending request', () => {
    assert.equal(verdict(checkCancelRequest([move(), move({ id: 2 })])), 'ok');
    assert.match(verdict(checkCancelRequest([move({ cancel_status: 'pending' })])), /already has a cancelation pending/);
    assert.match(verdict(checkCancelRequest([move({ cancel_status: 'partial' })])), /already canceled/);
    assert.match(verdict(checkCancelRequest([move({ cancel_status: 'failed' })])), /already failed/);
    assert.match(verdict(checkCancelRequest([move({ status: 'delivery successful' })])), /already delivered/);
    assert.equal(verdict(checkCancelDecision([move({ cancel_status: 'pending' })])), 'ok');
    assert.match(verdict(checkCancelDecision([move()])), /no pending cancelation/);
  });
});
