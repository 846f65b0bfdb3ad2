// The pure parts of placing and routing a booking: when each leg's drive starts (what a
// traffic-aware router is asked for), and which move carries a geocoding or routing warning.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addressDraft } from '../../src/modules/locations/location-draft.ts';
import { legDepartures, legWarnings, type LocatedLeg } from '../../src/modules/moves/booking/booking-plan.ts';

const at = Date.parse('2026-03-25T14:00:00Z');

describe('legDepartures', () => {
  test('an appointment the driver must reach: leg 0 leaves a drive before it, leg 1 at it', () => {
    assert.deepEqual(legDepartures({ baseMs: at, field: 'appointment_time_utc', minusDrive: true }, [23, 23]), [at - 23 * 60_000, at]);
  });

  test('a ready-by: leg 0 leaves then, each later leg when the one before arrives', () => {
    assert.deepEqual(legDepartures({ baseMs: at, field: 'ready_by_time_utc', minusDrive: false }, [10.5, 20]), [at, at + 10.5 * 60_000]);
  });
});

describe('legWarnings', () => {
  const place = (path: string, street: string) =>
    addressDraft(path, path, { address_one: street, address_two: null, city: 'Richmond', state: 'VA', zip: '23220' });
  const lot = place('loaner_move.pickup_location', '1 Lot Way');
  const home = place('customer_move.pickup_location', '2 Home St');
  const move = (path: string) => ({ path, warnings: [] }) as unknown as LocatedLeg['move'];
  const legs: LocatedLeg[] = [
    { role: 'loaner_move', move: move('loaner_move'), pickup: lot, delivery: home },
    { role: 'customer_move', move: move('customer_move'), pickup: home, delivery: lot },
  ];

  test("a place's warning goes on the first leg that goes there, a lane's on the leg it was routed for: each once", () => {
    const byPlace = new Map([[home.dedupeKey, [{ field: home.path, message: 'at the ZIP centre' }]]]);
    const route = { field: 'loaner_move.duration_minutes', message: 'straight line' };
    assert.deepEqual(legWarnings(legs, byPlace, [[route], []]), [[{ field: home.path, message: 'at the ZIP centre' }, route], []]);
  });
});
