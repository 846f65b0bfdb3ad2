// The capacity model cache: a model is reused only for exactly the same inputs, so a booking, a
// dispatch, a shift or a hold that changes the day can never be answered from an old model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModelJob } from '../../src/modules/scheduling/capacity/capacity-model.ts';
import type { FreeWindow } from '../../src/modules/scheduling/capacity/free-windows.ts';
import { ModelCache } from '../../src/modules/scheduling/capacity/model-cache.ts';

const H = 3_600_000;
const window = (driverId: number): FreeWindow => ({ driverId, start: 8 * H, end: 17 * H, rooftopId: 1, manual: false });
const job = (order: number, start: number): ModelJob => ({ start, end: start + H, rooftopId: 1, manual: false, order, hold: false });

test('the same inputs give the model already built; any change builds anew', () => {
  const cache = new ModelCache<object>();
  let built = 0;
  const build = () => ({ n: ++built });
  const windows = [window(1), window(2)];
  const jobs = [job(0, 9 * H), job(1, 10 * H)];
  const first = cache.get(windows, jobs, build);
  assert.equal(cache.get([window(1), window(2)], [job(0, 9 * H), job(1, 10 * H)], build), first);
  assert.equal(built, 1);

  const changes: [FreeWindow[], ModelJob[]][] = [
    [windows, [job(0, 9 * H)]], // a booking canceled
    [windows, [...jobs, job(2, 11 * H)]], // a booking made
    [windows, [job(0, 9 * H), { ...job(1, 10 * H), hold: true }]], // a hold instead of a booking
    [windows, [job(1, 9 * H), job(0, 10 * H)]], // booked in the other order (overflow follows booking order)
    [[window(1)], jobs], // a shift deleted
    [[window(1), { ...window(2), manual: true }], jobs], // a driver who drives manual
    [[window(1), { ...window(2), rooftopId: null }], jobs], // a shift for every rooftop
  ];
  for (const [w, j] of changes) assert.notEqual(cache.get(w, j, build), first);
  assert.equal(built, 1 + changes.length);
});

test('it keeps the most recently used models, up to its size', () => {
  const cache = new ModelCache<object>(2);
  let built = 0;
  const build = () => ({ n: ++built });
  const day = (start: number) => [job(0, start)];
  const a = cache.get([window(1)], day(9 * H), build);
  cache.get([window(1)], day(10 * H), build);
  assert.equal(cache.get([window(1)], day(9 * H), build), a); // used again: now the most recent
  cache.get([window(1)], day(11 * H), build); // evicts 10:00, the least recently used
  assert.equal(cache.get([window(1)], day(9 * H), build), a);
  assert.equal(built, 3);
  cache.get([window(1)], day(10 * H), build);
  assert.equal(built, 4);
});
