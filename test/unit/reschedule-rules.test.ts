// The reschedule rules (spec §11.5): which scenarios may be given up and booked again, the time field
// of each kind, and each attempted move's deliver-by time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MOVE_KINDS } from '../../src/modules/moves/kinds/move-kinds.ts';
import { checkReschedule, deliverByTimes, timeFieldOf, type Verdict } from '../../src/modules/scheduling/reschedule/reschedule-rules.ts';

const verdict = (v: Verdict): string => (v.ok ? 'ok' : v.reason);
const move = (id: number, status: string | null, cancel_status: string | null = null) => ({ id, status, cancel_status });

describe('which scenarios may be rescheduled', () => {
  test('from booked through any step short of a delivery', () => {
    for (const status of [null, 'dispatched', 'pickup started', 'pickup arrived', 'pickup successful', 'delivery started', 'delivery arrived']) {
      assert.equal(verdict(checkReschedule([move(1, status), move(2, null)])), 'ok', String(status));
    }
    // A failed cancelation leaves the move going: it may still be given up.
    assert.equal(verdict(checkReschedule([move(1, 'pickup successful', 'failed')])), 'ok');
  });

  test('never once a vehicle is delivered, nor when canceled, pending or rescheduled already', () => {
    assert.match(verdict(checkReschedule([move(1, 'delivery successful'), move(2, 'dispatched')])), /move 1 was already delivered/);
    assert.match(verdict(checkReschedule([move(1, 'dispatched', 'canceled')])), /move 1 is canceled/);
    assert.match(verdict(checkReschedule([move(1, 'pickup started', 'partial')])), /move 1 is canceled/);
    assert.match(verdict(checkReschedule([move(1, 'dispatched'), move(2, 'dispatched', 'pending')])), /move 2 has a cancelation pending/);
    assert.match(verdict(checkReschedule([move(1, 'pickup arrived', 'rescheduled')])), /move 1 was already rescheduled/);
  });
});

test('each kind is rescheduled by the time its booking takes', () => {
  assert.deepEqual(
    Object.fromEntries(MOVE_KINDS.map((k) => [k.kind, timeFieldOf(k)])),
    {
      'concierge-loaner': 'appointment_time_utc',
      concierge: 'appointment_time_utc',
      'one-way': 'ready_by_time_utc',
      'round-trip': 'ready_by_time_utc',
    },
  );
});

test("each leg's deliver-by: the ready-by plus the drives up to and including it", () => {
  const readyBy = Date.parse('2026-03-25T13:37:00Z');
  assert.deepEqual(
    deliverByTimes(readyBy, [23, 23]).map((ms) => new Date(ms).toISOString()),
    ['2026-03-25T14:00:00.000Z', '2026-03-25T14:23:00.000Z'],
  );
  assert.deepEqual(deliverByTimes(readyBy, [12.5]), [readyBy + 750_000]);
});
