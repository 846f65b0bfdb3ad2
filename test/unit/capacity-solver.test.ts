// The capacity solver (spec §11.2, ours) against a brute-force reference: on hundreds of seeded small
// instances (≤ 3 drivers, ≤ 7 jobs) the pool it keeps, the overflow it drops and every fits() answer
// must agree exactly with enumerating every assignment of jobs to windows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CapacityBoard, type Need } from '../../src/modules/scheduling/capacity/capacity-board.ts';
import { CapacityModel, type ModelJob } from '../../src/modules/scheduling/capacity/capacity-model.ts';
import { searchPlacement } from '../../src/modules/scheduling/capacity/capacity-search.ts';
import { type BusySpan, type FreeWindow, freeWindows, type ShiftSpan } from '../../src/modules/scheduling/capacity/free-windows.ts';
import { mulberry32 } from '../support/corruption.ts';

const H = 3_600_000;
const Q = H / 4;
/** Budgets no small instance can exhaust: the comparison is of the exact search, not of its limits. */
const UNLIMITED = { searchNodes: 1e9, insertNodes: 1e9, buildNodes: 1e9, exactJobs: 1e9, reachMs: 0 };

// ── The reference: every assignment, nothing clever ─────────────────────────────────────────────

const serves = (w: FreeWindow, n: Need) =>
  w.start <= n.start && w.end >= n.end && (w.rooftopId === null || w.rooftopId === n.rooftopId) && (w.manual || !n.manual);

function feasible(windows: FreeWindow[], needs: Need[]): boolean {
  const inWindow: Need[][] = windows.map(() => []);
  const place = (i: number): boolean => {
    if (i === needs.length) return true;
    const n = needs[i]!;
    for (let w = 0; w < windows.length; w++) {
      if (!serves(windows[w]!, n) || inWindow[w]!.some((o) => o.start < n.end && n.start < o.end)) continue;
      inWindow[w]!.push(n);
      if (place(i + 1)) return true;
      inWindow[w]!.pop();
    }
    return false;
  };
  return place(0);
}

/** Booking order: each job joins when the pool with it is feasible. */
function referencePool(windows: FreeWindow[], jobs: ModelJob[]): { pool: ModelJob[]; overflow: ModelJob[] } {
  const pool: ModelJob[] = [];
  const overflow: ModelJob[] = [];
  for (const j of [...jobs].sort((a, b) => a.order - b.order)) (feasible(windows, [...pool, j]) ? pool : overflow).push(j);
  return { pool, overflow };
}

// ── Random instances ─────────────────────────────────────────────────────────────────────────────

/** `dense`: longer shifts and every job and trip in a few hours, so that answers need the search. */
function instance(seed: number, dense = false): { windows: FreeWindow[]; jobs: ModelJob[]; trips: Need[] } {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const rooftop = () => (rnd() < 0.3 ? null : int(1, 2));
  const shifts: ShiftSpan[] = [];
  const busy: BusySpan[] = [];
  const drivers = dense ? int(2, 3) : int(1, 3);
  for (let d = 1; d <= drivers; d++) {
    const manual = rnd() < 0.5;
    let at = int(0, 8) * Q;
    for (let s = int(1, 2); s > 0; s--) {
      const end = at + (dense ? int(12, 40) : int(4, 24)) * Q;
      shifts.push({ driverId: d, start: at, end, rooftopId: rooftop(), manual });
      at = end + int(0, 6) * Q;
    }
    for (let b = int(0, 2); b > 0; b--) {
      const start = int(0, 40) * Q;
      busy.push({ driverId: d, start, end: start + int(1, 6) * Q });
    }
  }
  const need = (): Need => {
    const start = (dense ? int(4, 20) : int(0, 44)) * Q;
    return { start, end: start + int(1, 8) * Q, rooftopId: int(1, 2), manual: rnd() < 0.2 };
  };
  const count = dense ? int(4, 7) : int(0, 7);
  const jobs: ModelJob[] = Array.from({ length: count }, (_, i) => ({ ...need(), order: i, hold: rnd() < 0.25 }));
  // Booking order is not start order.
  jobs.forEach((j) => (j.order = rnd()));
  return { windows: freeWindows(shifts, busy), jobs, trips: Array.from({ length: 6 }, need) };
}

describe('capacity solver against brute force', () => {
  for (const dense of [false, true]) {
    test(`pool, overflow and fits() agree on 600 seeded random${dense ? ' dense' : ''} instances`, () => {
      let yes = 0;
      let no = 0;
      let overflowed = 0;
      let searches = 0;
      for (let seed = 1; seed <= 600; seed++) {
        const { windows, jobs, trips } = instance(seed, dense);
        const model = new CapacityModel(windows, jobs, UNLIMITED);
        for (const ignoreHolds of [false, true]) {
          const pooled = ignoreHolds ? jobs.filter((j) => !j.hold) : jobs;
          const ref = referencePool(windows, pooled);
          assert.deepEqual(model.overflow(ignoreHolds), ref.overflow, `seed ${seed}: overflow${ignoreHolds ? ' without holds' : ''}`);
          overflowed += ref.overflow.length;
          for (const trip of trips) {
            const expected = feasible(windows, [...ref.pool, trip]);
            assert.equal(model.fits(trip, ignoreHolds), expected, `seed ${seed}: fits ${JSON.stringify(trip)} ignoreHolds=${ignoreHolds}`);
            if (expected) yes++;
            else no++;
          }
        }
        assert.equal(model.undecided, 0, `seed ${seed}: no search ran out of nodes`);
        searches += model.searches;
      }
      // The instances exercise every outcome, not just the easy ones.
      assert.ok(yes > 500 && no > 500 && overflowed > 100 && searches > 300, `yes ${yes}, no ${no}, overflowed ${overflowed}, searches ${searches}`);
    });
  }

  test('the search alone agrees with brute force on 800 random job sets (no guide, no fast paths)', () => {
    // The pool of each instance (feasible by construction) and a trip: about as many yes as no.
    let yes = 0;
    let no = 0;
    for (let seed = 1001; seed <= 1800; seed++) {
      const { windows, jobs, trips } = instance(seed);
      const needs = [...referencePool(windows, jobs).pool, trips[0]!].sort((a, b) => a.start - b.start);
      const board = new CapacityBoard(windows);
      const result = searchPlacement(board, needs.map((n) => ({ start: n.start, end: n.end, cands: board.candidates(n), guide: -1 })), 1e9);
      const expected = feasible(windows, needs);
      assert.equal(result.verdict, expected ? 'yes' : 'no', `seed ${seed}`);
      if (expected) {
        // The placement found is a real one.
        needs.forEach((n, i) => assert.ok(serves(board.windows[result.choice[i]!]!, n), `seed ${seed}: job ${i} in a window that serves it`));
        needs.forEach((a, i) =>
          needs.forEach((b, k) => assert.ok(i >= k || result.choice[i] !== result.choice[k] || a.end <= b.start || b.end <= a.start, `seed ${seed}: ${i}/${k} overlap`)),
        );
        yes++;
      } else no++;
    }
    assert.ok(yes > 100 && no > 100, `yes ${yes}, no ${no}`);
  });
});

describe('capacity solver under tight limits', () => {
  test('never a wrong yes: the pool kept can be placed, and a trip said to fit fits with it', () => {
    // Tiny limits force every shortcut: the neighbourhood (reach 0: only the jobs the trip overlaps
    // move), small budgets. Answers may then be "no" where the exact one is "yes", never the reverse.
    const tight = { searchNodes: 6, insertNodes: 4, buildNodes: 12, exactJobs: 1, reachMs: 0 };
    let yes = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const { windows, jobs, trips } = instance(seed, true);
      const model = new CapacityModel(windows, jobs, tight);
      const overflow = new Set(model.overflow());
      const pool = jobs.filter((j) => !overflow.has(j));
      assert.ok(feasible(windows, pool), `seed ${seed}: the pool kept can be placed`);
      for (const trip of trips) {
        if (!model.fits(trip)) continue;
        yes++;
        assert.ok(feasible(windows, [...pool, trip]), `seed ${seed}: ${JSON.stringify(trip)} said to fit`);
      }
    }
    assert.ok(yes > 200, `yes ${yes}`);
  });
});

describe('capacity solver rules', () => {
  const win = (driverId: number, start: number, end: number, o: Partial<FreeWindow> = {}): FreeWindow => ({ driverId, start: start * H, end: end * H, rooftopId: null, manual: true, ...o });
  const job = (start: number, end: number, order: number, o: Partial<ModelJob> = {}): ModelJob => ({ start: start * H, end: end * H, rooftopId: 1, manual: false, order, hold: false, ...o });
  const trip = (start: number, end: number, o: Partial<Need> = {}): Need => ({ start: start * H, end: end * H, rooftopId: 1, manual: false, ...o });

  test('an overbooked desk: the latest-booked job that cannot be placed is overflow, and the earlier ones keep their place', () => {
    // One driver 8–12; three jobs at 9–10 booked in the order a, b, c: a stays, b and c overflow.
    const jobs = [job(9, 10, 1), job(9.5, 10.5, 2), job(9, 9.5, 3)];
    const model = new CapacityModel([win(1, 8, 12)], jobs);
    assert.deepEqual(model.overflow(), [jobs[1], jobs[2]]);
    // The overflow does not make the rest of the day look impossible.
    assert.equal(model.fits(trip(10.5, 11.5)), true);
    assert.equal(model.fits(trip(9.25, 9.75)), false);
  });

  test('a later-booked job gives way even when it starts first', () => {
    const jobs = [job(10, 11, 1), job(9.5, 10.5, 2)];
    assert.deepEqual(new CapacityModel([win(1, 8, 12)], jobs).overflow(), [jobs[1]]);
  });

  test('a trip fits by moving a pooled job to another driver (the search, not a gap)', () => {
    // A sits in the short window (best fit), D can only go in the long one. The trip 8:30–10:15
    // overlaps both: it fits only when A moves over beside D and the trip takes A's place.
    const windows = [win(1, 8, 10.5), win(2, 8, 14)];
    const model = new CapacityModel(windows, [job(9, 10, 1), job(10, 13, 2)]);
    assert.equal(model.fits(trip(8.5, 10.25)), true);
    assert.equal(model.fits(trip(8.75, 11)), false);
    assert.equal(model.undecided, 0);
  });

  test('eligibility: a manual trip needs a manual driver, a region serves only its rooftop', () => {
    const model = new CapacityModel([win(1, 8, 12, { manual: false }), win(2, 8, 12, { rooftopId: 2 })], []);
    assert.equal(model.fits(trip(9, 10, { manual: true })), false);
    assert.equal(model.fits(trip(9, 10, { manual: true, rooftopId: 2 })), true);
    assert.equal(model.fits(trip(9, 10)), true);
  });

  test('holds count unless ignored, and a pool without holds is its own', () => {
    const hold = job(9, 10, 1, { hold: true });
    const later = job(9, 10, 2);
    const model = new CapacityModel([win(1, 8, 12)], [hold, later]);
    assert.deepEqual(model.overflow(), [later]);
    assert.deepEqual(model.overflow(true), []);
    assert.equal(model.fits(trip(9, 10)), false);
    assert.equal(model.fits(trip(9, 10), true), false, 'without the hold, the scenario booked after it is back');
    assert.equal(model.fits(trip(10, 11), true), true);
  });

  test('a search out of nodes answers "does not fit"', () => {
    const windows = [win(1, 8, 10.5), win(2, 8, 14)];
    const tight = new CapacityModel(windows, [job(9, 10, 1), job(10, 13, 2)], { ...UNLIMITED, searchNodes: 1 });
    assert.equal(tight.fits(trip(8.5, 10.25)), false);
    assert.equal(tight.undecided, 1);
  });

  test('free windows: shifts minus assigned trips, adjacent shifts kept apart', () => {
    const shifts: ShiftSpan[] = [
      { driverId: 1, start: 8 * H, end: 12 * H, rooftopId: null, manual: false },
      { driverId: 1, start: 12 * H, end: 16 * H, rooftopId: 3, manual: false },
    ];
    const busy: BusySpan[] = [
      { driverId: 1, start: 9 * H, end: 10 * H },
      { driverId: 1, start: 11.5 * H, end: 12.5 * H },
      { driverId: 2, start: 8 * H, end: 16 * H },
    ];
    const spans = freeWindows(shifts, busy).map((w) => [w.start / H, w.end / H, w.rooftopId]);
    assert.deepEqual(spans, [[8, 9, null], [10, 11.5, null], [12.5, 16, 3]]);
  });
});
