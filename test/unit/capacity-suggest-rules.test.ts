// Dispatch suggestions as a pure rule (spec §11.2): exclusions with their first reason, ranking by
// miles from where each driver will be.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DriverFacts, rankDrivers, type SuggestTrip } from '../../src/modules/scheduling/dispatch-suggest/suggest-rules.ts';

const H = 3_600_000;
const LOT = { lat: 37.4782, lon: -77.5854 };
const PICKUP = { lat: 37.53, lon: -77.42 };
const trip: SuggestTrip = { moveId: 9, rooftopId: 1, from: 10 * H, until: 11 * H, manual: true, firstPickup: PICKUP, serviceLot: LOT };
const onShift = [{ startsAt: 8 * H, endsAt: 17 * H, rooftopId: null }];
const driver = (id: number, o: Partial<DriverFacts> = {}): DriverFacts => ({
  id,
  name: `Driver ${id}`,
  active: true,
  canDriveManual: true,
  lastPosition: null,
  shifts: onShift,
  trips: [],
  ...o,
});

test('exclusions: the first reason that applies, busy naming the move', () => {
  const { suggestions, excluded } = rankDrivers(trip, [
    driver(1, { active: false, canDriveManual: false }),
    driver(2, { canDriveManual: false, shifts: [] }),
    driver(3, { shifts: [{ startsAt: 8 * H, endsAt: 10.5 * H, rooftopId: null }] }),
    driver(4, { shifts: [{ startsAt: 8 * H, endsAt: 17 * H, rooftopId: 2 }] }),
    driver(5, { trips: [{ firstMoveId: 77, from: 10.75 * H, until: 12 * H, lastDelivery: null }] }),
    driver(6, { trips: [{ firstMoveId: 78, from: 9 * H, until: 10 * H, lastDelivery: null }] }),
  ]);
  assert.deepEqual(
    excluded.map((e) => [e.driver_id, e.reason, e.move_id]),
    [
      [1, 'inactive', null],
      [2, 'cannot_drive_manual', null],
      [3, 'not_on_shift', null],
      [4, 'not_on_shift', null],
      [5, 'busy', 77],
    ],
  );
  // A trip ending when this one starts does not clash.
  assert.deepEqual(suggestions.map((s) => s.driver_id), [6]);
});

test('ranked by miles from the previous trip on the shift, the last position reported during it, or the lot', () => {
  const near = { lat: 37.531, lon: -77.421 };
  const far = { lat: 37.7, lon: -77.1 };
  const { suggestions } = rankDrivers(trip, [
    driver(1), // from the lot
    driver(2, { lastPosition: { ...near, at: 7 * H } }), // reported before the shift: the lot
    driver(3, { lastPosition: { ...far, at: 9 * H } }),
    driver(4, { lastPosition: { ...far, at: 9 * H }, trips: [{ firstMoveId: 50, from: 8.5 * H, until: 9.5 * H, lastDelivery: near }] }),
    driver(5, { trips: [{ firstMoveId: 51, from: 6 * H, until: 7 * H, lastDelivery: near }] }), // before the shift: the lot
  ]);
  assert.deepEqual(
    suggestions.map((s) => [s.rank, s.driver_id, s.position_source]),
    [
      [1, 4, 'previous_trip'],
      [2, 1, 'service_lot'],
      [3, 2, 'service_lot'],
      [4, 5, 'service_lot'],
      [5, 3, 'last_location'],
    ],
  );
  assert.equal(suggestions[0]!.distance_miles, 0.1);
  assert.equal(suggestions[1]!.distance_miles, suggestions[2]!.distance_miles, 'equal miles: the lower id first');
  assert.ok(suggestions[1]!.distance_miles > 9 && suggestions[1]!.distance_miles < 10, `lot to pickup: ${suggestions[1]!.distance_miles}`);
});
