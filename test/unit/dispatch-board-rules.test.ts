// The dispatch board's pure rules: the column a scenario sits in and its attention reasons, table by
// table, with "now" given as the clock port would.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type BoardMoveFacts, type BoardScenarioFacts, columnOf, POSITION_STALE_MS } from '../../src/modules/dispatch-board/board-rules.ts';

const MIN = 60_000;
const READY = Date.parse('2026-03-25T14:00:00Z');

const move = (o: Partial<BoardMoveFacts> = {}): BoardMoveFacts => ({
  status: null,
  cancel_status: null,
  driverId: null,
  pickup_arrived: null,
  delivery_started: null,
  delivery_arrived: null,
  laneMinutes: 23,
  ...o,
});
const scenario = (o: Partial<BoardScenarioFacts> = {}): BoardScenarioFacts => ({
  kind: 'one-way',
  customerAction: null,
  readyBy: READY,
  appointment: null,
  moves: [move()],
  driverLocatedAt: null,
  driverActive: null,
  ...o,
});
const dispatched = (o: Partial<BoardMoveFacts> = {}) => move({ status: 'dispatched', driverId: 7, ...o });
const started = (o: Partial<BoardMoveFacts> = {}) => move({ status: 'pickup started', driverId: 7, ...o });

describe('columnOf', () => {
  const cases: [name: string, s: BoardScenarioFacts, now: number, column: string, reasons: string[]][] = [
    ['booked, before its ready-by', scenario(), READY - 60 * MIN, 'unassigned', []],
    ['booked, ready-by passed with nobody assigned', scenario(), READY + MIN, 'attention', ['late']],
    ['dispatched, hours ahead, driver silent: not yet driving', scenario({ moves: [dispatched()] }), READY - 120 * MIN, 'dispatched', []],
    ['dispatched, past ready-by, fresh position, not at pickup', scenario({ moves: [dispatched()], driverLocatedAt: READY }), READY + MIN, 'attention', ['late']],
    ['dispatched exactly at ready-by with a fresh position', scenario({ moves: [dispatched()], driverLocatedAt: READY - MIN }), READY, 'dispatched', []],
    ['dispatched at ready-by, no position ever', scenario({ moves: [dispatched()] }), READY, 'attention', ['no_position']],
    ['under way, position 9 minutes old', scenario({ moves: [started()], driverLocatedAt: READY - 9 * MIN }), READY - 1, 'in_progress', []],
    ['under way, position 10 minutes old', scenario({ moves: [started()], driverLocatedAt: READY - POSITION_STALE_MS }), READY, 'attention', ['no_position']],
    ['under way, position 11 minutes old and past ready-by', scenario({ moves: [started()], driverLocatedAt: READY - 10 * MIN }), READY + MIN, 'attention', ['late', 'no_position']],
    ['arrived at pickup after ready-by: no longer late', scenario({ moves: [move({ status: 'pickup arrived', driverId: 7, pickup_arrived: READY })], driverLocatedAt: READY }), READY + 5 * MIN, 'in_progress', []],
    ['delivered', scenario({ moves: [move({ status: 'delivery successful', driverId: 7 })] }), READY + 600 * MIN, 'done', []],
    ['canceled', scenario({ moves: [move({ cancel_status: 'canceled' })] }), READY + MIN, 'done', []],
    ['a pair: one delivered, the other still to pick up', scenario({ moves: [move({ status: 'delivery successful', driverId: 7 }), dispatched()], driverLocatedAt: READY }), READY - MIN, 'in_progress', []],
    ['a pair: first leg canceled, second booked', scenario({ moves: [move({ cancel_status: 'canceled' }), move()] }), READY - MIN, 'unassigned', []],
    ['dispatched hours ahead to an active driver', scenario({ moves: [dispatched()], driverActive: true }), READY - 120 * MIN, 'dispatched', []],
    ['dispatched hours ahead to a driver deactivated since', scenario({ moves: [dispatched()], driverActive: false }), READY - 120 * MIN, 'attention', ['driver_inactive']],
    ['under way, fresh position, driver deactivated', scenario({ moves: [started()], driverLocatedAt: READY, driverActive: false }), READY - MIN, 'attention', ['driver_inactive']],
    ['late with a driver deactivated: both reasons', scenario({ moves: [dispatched()], driverLocatedAt: READY, driverActive: false }), READY + MIN, 'attention', ['late', 'driver_inactive']],
    ['delivered by a driver deactivated since: done', scenario({ moves: [move({ status: 'delivery successful', driverId: 7 })], driverActive: false }), READY + 600 * MIN, 'done', []],
  ];
  for (const [name, s, now, column, reasons] of cases) {
    test(name, () => {
      const placed = columnOf(s, now);
      assert.equal(placed.column, column);
      assert.deepEqual(placed.reasons.map((r) => r.code), reasons);
    });
  }
});

describe('late by the appointment (the customer meets the driver at the first delivery)', () => {
  const APPT = READY + 23 * MIN;
  const loaner = (m: BoardMoveFacts) => scenario({ kind: 'concierge-loaner', customerAction: 'pickup', appointment: APPT, moves: [m, dispatched()], driverLocatedAt: READY });
  const cases: [name: string, s: BoardScenarioFacts, now: number, late: boolean][] = [
    ['picked up, not set off, the drive still fits', loaner(move({ status: 'pickup successful', driverId: 7, pickup_arrived: READY - 10 * MIN })), APPT - 23 * MIN, false],
    ['picked up, not set off, the drive no longer fits', loaner(move({ status: 'pickup successful', driverId: 7, pickup_arrived: READY - 10 * MIN })), APPT - 20 * MIN, true],
    ['set off in time: arrives by set-off + drive', loaner(move({ status: 'delivery started', driverId: 7, pickup_arrived: READY - 10 * MIN, delivery_started: READY })), APPT - MIN, false],
    ['set off late', loaner(move({ status: 'delivery started', driverId: 7, pickup_arrived: READY - 10 * MIN, delivery_started: READY + 5 * MIN })), READY + 6 * MIN, true],
    ['arrived at the customer', loaner(move({ status: 'delivery arrived', driverId: 7, pickup_arrived: READY - 10 * MIN, delivery_arrived: APPT + 5 * MIN })), APPT + 10 * MIN, false],
  ];
  for (const [name, s, now, late] of cases) {
    test(name, () => {
      const placed = columnOf(s, now);
      assert.equal(placed.reasons.some((r) => r.code === 'late'), late, JSON.stringify(placed.reasons));
      if (late) assert.match(placed.reasons[0]!.message, /appointment \(estimated \d+ min late\)/);
    });
  }

  test('a Concierge collect meets the customer at the pickup: only the ready-by (its appointment) counts', () => {
    const collect = scenario({ kind: 'concierge', customerAction: 'pickup', appointment: READY, moves: [move({ status: 'pickup arrived', driverId: 7, pickup_arrived: READY })], driverLocatedAt: READY });
    assert.deepEqual(columnOf(collect, READY + 2 * MIN).reasons, []);
  });
});

test('the messages say what is wrong', () => {
  assert.deepEqual(columnOf(scenario(), READY + MIN).reasons, [{ code: 'late', message: 'the ready-by time has passed and no driver is assigned' }]);
  const silent = columnOf(scenario({ moves: [started({ pickup_arrived: READY })], driverLocatedAt: READY - 11 * MIN }), READY).reasons;
  assert.deepEqual(silent, [{ code: 'no_position', message: 'the driver has sent no position for 11 minutes' }]);
});
