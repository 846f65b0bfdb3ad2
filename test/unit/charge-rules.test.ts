// The charge rules of spec §12.2, table by table: transport from the band at booking (edges, class
// rates, pairs vs one-ways), rush, wait before and after the free minutes, fuel from the condition
// reports' levels, every cancelation outcome, and a property: a total is always the sum of its lines.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cancelFee, outcomeIfNow, type CancelState } from '../../src/modules/billing/charges/cancel-rules.ts';
import { type FinalInput, finalCharge, quoteCharge } from '../../src/modules/billing/charges/charge-lines.ts';
import { type ScenarioKind, fuelLine, rushLine, transportLine, waitLines } from '../../src/modules/billing/charges/charge-rules.ts';
import type { Charge } from '../../src/modules/billing/charges/charge-types.ts';
import type { Contract, GvwrClass } from '../../src/modules/billing/contracts/contract.ts';
import { cancelOutcome } from '../../src/modules/moves/lifecycle/state-machine.ts';
import { CONTRACT, T0, VERSION, stop } from '../support/charge-fixtures.ts';

const MIN = 60_000;
const unwrap = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('TRANSPORT: the lane distance and the band at booking', () => {
  // kind, miles, class, cents, band start, rate used, where the rate came from
  const cases: [ScenarioKind, number, GvwrClass | null, number, number, number, string][] = [
    ['one-way', 0, null, 4500, 0, 4500, 'band rate'],
    ['one-way', 9.99, null, 4500, 0, 4500, 'band rate'], // just under distance_end of the flat band
    ['one-way', 10, null, 2500, 10, 250, 'band rate'], // exactly distance_start of the per-mile band
    ['one-way', 49.99, null, 12498, 10, 250, 'band rate'], // 12497.5 rounds half up
    ['one-way', 12.3, null, 3075, 10, 250, 'band rate'],
    ['one-way', 5, '6', 9000, 0, 9000, 'class_rates.6'],
    ['one-way', 12.5, '6', 5000, 10, 400, 'class_rates.6'],
    ['one-way', 12.5, '3', 3125, 10, 250, 'band rate'], // a class without its own rate pays the band's
    ['concierge', 5, null, 4500, 0, 4500, 'band rate'], // a single Concierge move is stranded
    ['round-trip', 5, null, 3000, 0, 3000, 'band rate'], // each leg of a pair on a base band
    ['round-trip', 10, '6', 3000, 10, 300, 'class_rates.6'],
    ['concierge-loaner', 12.5, null, 2488, 10, 199, 'band rate'], // 2487.5
    ['concierge-loaner', 12.3, null, 2448, 10, 199, 'band rate'], // 2447.7
  ];
  for (const [kind, miles, gvwr, cents, start, rateUsed, rateFrom] of cases) {
    test(`${kind} ${miles} mi class ${gvwr ?? 'default'} → ${cents}`, () => {
      const line = unwrap(transportLine(CONTRACT, kind, { miles, gvwr_class: gvwr, evidence: { lane_id: 7 } }));
      assert.equal(line.amount, cents);
      const pair = kind === 'round-trip' || kind === 'concierge-loaner';
      assert.deepEqual(
        { cls: (line.basis.band as { class: string }).class, start: (line.basis.band as { distance_start: number }).distance_start },
        { cls: pair ? 'base' : 'stranded', start },
      );
      assert.equal(line.basis.rate_used, rateUsed);
      assert.equal(line.basis.rate_from, rateFrom);
      assert.equal(line.basis.miles, miles);
      assert.equal(line.basis.gvwr_class, gvwr ?? '1');
      assert.deepEqual(line.basis.contract, { id: 11, version: VERSION });
      assert.deepEqual(line.evidence, { distance_miles: miles, lane_id: 7 });
      assert.equal(line.mileage_band?.distance_start, start);
      assert.deepEqual(line.mileage_band?.contract, { begin_date: '2026-01-01', end_date: '2026-12-31', workflowset_id: 3 });
    });
  }

  test('a distance in no band, or no distance at all, is a problem for the caller', () => {
    // The top band holds its own end (contracts/band-rules.ts): a drive of exactly the maximum is priced.
    const top = transportLine(CONTRACT, 'one-way', { miles: 50 });
    assert.ok(top.ok && top.value.mileage_band?.distance_end === 50);
    for (const miles of [50.01, 120, -1, Number.NaN]) {
      const r = transportLine(CONTRACT, 'one-way', { miles });
      assert.equal(r.ok, false, String(miles));
      if (!r.ok) assert.equal(r.field, 'miles');
    }
  });
});

describe('RUSH: booked within the minimum notice, once per booking', () => {
  const cases: [number, number, number | null][] = [
    [119, 0, 2500],
    [0, 0, 2500],
    [120, 0, null], // exactly the notice is not a rush
    [119, 1, null], // the second leg of a pair carries no second rush fee
  ];
  for (const [aheadMinutes, cardinality, want] of cases) {
    test(`${aheadMinutes} min ahead, move ${cardinality} → ${want ?? 'none'}`, () => {
      const notice = { booked_at_ms: T0, ready_by_ms: T0 + aheadMinutes * MIN, min_notice_minutes: 120 };
      const quote = unwrap(quoteCharge({ contract: CONTRACT, kind: 'round-trip', cardinality, leg: { miles: 5 }, notice }));
      const rush = quote.lines.find((l) => l.code === 'RUSH');
      assert.equal(rush?.amount ?? null, want);
      if (rush) assert.deepEqual([rush.basis.notice_given_minutes, rush.basis.min_notice_minutes, rush.evidence.booked_at], [aheadMinutes, 120, '2026-03-18T12:00:00Z']);
    });
  }
  test('no line when the contract charges no rush', () => {
    const free = { ...CONTRACT, accessorials: { ...CONTRACT.accessorials, rush_fee: 0 } };
    assert.equal(rushLine(free, { booked_at_ms: T0, ready_by_ms: T0, min_notice_minutes: 120 }), null);
  });
});

describe('WAIT: whole minutes from arrived to left beyond the free 15, 50¢ a minute', () => {
  const cases: [number | null, number | null, number | null][] = [
    [10 * MIN, null, null],
    [15 * MIN, null, null],
    [16 * MIN - 1, null, null], // 15:59.999 counts as 15 whole minutes
    [16 * MIN, 1, 50],
    [45 * MIN + 30_000, 30, 1500],
    [null, null, null], // still at the stop
  ];
  for (const [waited, billed, cents] of cases) {
    test(`waited ${waited === null ? 'still there' : `${waited / MIN} min`} → ${cents ?? 'none'}`, () => {
      const lines = waitLines(CONTRACT, [stop('pickup', waited)]);
      assert.equal(lines[0]?.amount ?? null, cents);
      if (lines[0]) {
        assert.deepEqual(
          [lines[0].basis.minutes_billed, lines[0].basis.free_minutes, lines[0].basis.per_minute, lines[0].basis.at_step],
          [billed, 15, 50, 'pickup'],
        );
        assert.equal(lines[0].evidence.arrived_at, '2026-03-18T12:00:00Z');
      }
    });
  }
  test('one line per stop', () => {
    const lines = waitLines(CONTRACT, [stop('pickup', 20 * MIN), stop('delivery', 5 * MIN), stop('delivery', 25 * MIN)]);
    assert.deepEqual(lines.map((l) => [l.basis.at_step, l.amount]), [['pickup', 250], ['delivery', 500]]);
  });
});

describe('FUEL: up to the 75% target from the delivery level, $3.99 a gallon', () => {
  // pickup %, delivery %, vehicle tank, gallons, cents
  const cases: [number | null, number | null, number | null, number | null, number | null][] = [
    [80, 50, null, 4, 1596], // the contract's 16-gallon default tank
    [100, 60, 12, 1.8, 718], // 718.2
    [90, 40, 15.5, 5.425, 2165], // 2164.575
    [null, 74, 16, 0.16, 64], // 63.84; an unknown pickup level is shown as null, not needed
    [30, 75, null, null, null], // at the target
    [30, 90, null, null, null], // above it: nothing back
    [80, null, null, null, null], // delivery level unknown: no line
  ];
  for (const [pickup, delivery, tank, gallons, cents] of cases) {
    test(`${pickup}% → ${delivery}% → ${cents ?? 'none'}`, () => {
      const line = fuelLine(CONTRACT, { pickup_level: pickup, delivery_level: delivery, tank_gallons: tank, evidence: { delivery_report_id: 9 } });
      assert.equal(line?.amount ?? null, cents);
      if (line) {
        assert.deepEqual(
          [line.basis.gallons, line.basis.pickup_level, line.basis.delivery_level, line.basis.target_level, line.basis.price_per_gallon],
          [gallons, pickup, delivery, 0.75, 399],
        );
        assert.equal(line.basis.tank_from, tank === null ? 'contract default' : 'vehicle');
        assert.deepEqual(line.evidence, { pickup_fuel_level: pickup, delivery_fuel_level: delivery, delivery_report_id: 9 });
      }
    });
  }
  test("the 'none' rule never charges fuel", () => {
    const none: Contract = { ...CONTRACT, accessorials: { ...CONTRACT.accessorials, fuel: { kind: 'none' } } };
    assert.equal(fuelLine(none, { pickup_level: 100, delivery_level: 0 }), null);
  });
});

describe('cancelation: the preview and the charge agree', () => {
  const cs = (started: number | null, pickedUp: number | null): CancelState => ({ pickup_started_ms: started, pickup_successful_ms: pickedUp });
  const cases: [string, CancelState[], string, number][] = [
    ['nobody set out', [cs(null, null)], 'canceled', 0],
    ['the driver set out', [cs(T0, null)], 'partial', 3500],
    ['the vehicle is picked up', [cs(T0, T0)], 'failed', 0],
    ['a pair, first leg picked up', [cs(T0, T0), cs(null, null)], 'failed', 0],
    ['a pair, nobody set out', [cs(null, null), cs(null, null)], 'canceled', 0],
  ];
  for (const [name, moves, outcome, fee] of cases) {
    test(`${name} → ${outcome}, fee ${fee}`, () => {
      const price = cancelFee(moves, CONTRACT);
      assert.deepEqual([price.outcome, price.fee, price.basis.outcome, price.basis.fee], [outcome, fee, outcome, fee]);
      assert.match(price.basis.rule, new RegExp(`^cancelation ${outcome}`));
    });
  }

  test("the same outcome as the lifecycle's own rule, in every state", () => {
    const values = [null, T0];
    for (const a of values) for (const b of values) for (const c of values) for (const d of values) {
      const ours = [cs(a, b), cs(c, d)];
      const theirs = ours.map((m, i) => ({ id: i, cardinality: i, status: null, cancel_status: null, pickup_started: m.pickup_started_ms, pickup_successful: m.pickup_successful_ms }));
      assert.equal(outcomeIfNow(ours), cancelOutcome(theirs));
      assert.equal(outcomeIfNow(ours.slice(0, 1)), cancelOutcome(theirs.slice(0, 1)));
    }
  });
});

describe('the final charge: every cancelation outcome', () => {
  const quote: Charge = unwrap(
    quoteCharge({ contract: CONTRACT, kind: 'one-way', cardinality: 0, leg: { miles: 5 }, notice: { booked_at_ms: T0, ready_by_ms: T0 + 30 * MIN, min_notice_minutes: 120 } }),
  );
  const facts = (cancel_status: string | null, cardinality = 0): FinalInput => ({
    contract: CONTRACT,
    quote,
    cardinality,
    cancel_status,
    stops: [stop('pickup', 45 * MIN)],
    fuel: { pickup_level: 80, delivery_level: 50 },
    dry_runs: [{ at_ms: T0, by: 'ops:dana' }],
    added: [{ code: 'ACCESSORIAL', name: 'Tolls', amount: 1000, notes: 'I-95', by: 'ops:dana', at_ms: T0 }],
    discount: null,
  });
  const cases: [string | null, number, string[], number][] = [
    [null, 0, ['TRANSPORT', 'RUSH', 'WAIT', 'FUEL', 'DRY_RUN', 'ACCESSORIAL'], 4500 + 2500 + 1500 + 1596 + 5000 + 1000],
    ['failed', 0, ['TRANSPORT', 'RUSH', 'WAIT', 'FUEL', 'DRY_RUN', 'ACCESSORIAL'], 16096], // the move continues
    ['partial', 0, ['CANCEL_PARTIAL', 'ACCESSORIAL'], 3500 + 1000],
    ['partial', 1, ['ACCESSORIAL'], 1000], // the trip fee once per booking, on its first move
    ['canceled', 0, [], 0],
    ['rescheduled', 0, ['WAIT', 'DRY_RUN', 'ACCESSORIAL'], 1500 + 5000 + 1000],
  ];
  for (const [status, cardinality, codes, total] of cases) {
    test(`${status ?? 'delivered'} (move ${cardinality}) → ${total}`, () => {
      const charge = unwrap(finalCharge(facts(status, cardinality)));
      assert.deepEqual(charge.lines.map((l) => l.code), codes);
      assert.equal(charge.total, total);
      for (const l of charge.lines) assert.ok(l.basis.rule, `${l.code} has a basis`);
    });
  }

  test('the partial line is exactly the preview fee', () => {
    const charge = unwrap(finalCharge(facts('partial')));
    const preview = cancelFee([{ pickup_started_ms: T0, pickup_successful_ms: null }], CONTRACT);
    assert.deepEqual(charge.lines[0]?.amount, preview.fee);
    assert.deepEqual(charge.lines[0]?.basis, preview.basis);
  });

  test('the final charge keeps the quote as it was priced, whatever the contract says now', () => {
    const repriced = { ...CONTRACT, bands: CONTRACT.bands.map((b) => ({ ...b, rate: b.rate * 2 })) };
    const charge = unwrap(finalCharge({ ...facts(null), contract: repriced }));
    assert.equal(charge.lines[0]?.amount, 4500);
  });

  test('a discount: a negative line up to the total, never beyond', () => {
    const discounted = unwrap(finalCharge({ ...facts('partial'), discount: { amount: 4500, reason: 'goodwill', by: 'ops:dana', at_ms: T0 } }));
    assert.deepEqual([discounted.lines.at(-1)?.code, discounted.lines.at(-1)?.amount, discounted.total], ['DISCOUNT', -4500, 0]);
    assert.equal(discounted.lines.at(-1)?.basis.total_before, 4500);
    const tooMuch = finalCharge({ ...facts('partial'), discount: { amount: 4501, reason: 'goodwill', by: 'ops:dana', at_ms: T0 } });
    assert.deepEqual(tooMuch, { ok: false, field: 'amount', reason: 'must be at most 45.00, the charge before the discount' });
  });

  test('an added line says who added it and when', () => {
    const charge = unwrap(finalCharge(facts(null)));
    assert.deepEqual(charge.lines.at(-1)?.basis, { rule: 'added by ops', by: 'ops:dana', at: '2026-03-18T12:00:00Z', amount: 1000 });
  });
});

describe('property: a total is always the sum of its lines, to the cent', () => {
  // A small seeded generator (mulberry32): the same cases every run, many shapes of charge.
  let seed = 20260318;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(random() * (max + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length - 1)] as T;

  function randomContract(): Contract {
    const rates = () => ({ rate: 1 + int(30_000), per: 1 + int(999) });
    const s = rates();
    const b = rates();
    return {
      ...CONTRACT,
      bands: [
        { rate: s.rate, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 10, class_rates: random() < 0.5 ? { '6': int(40_000) } : {} },
        { rate: s.per, type: 'per', class: 'stranded', distance_start: 10, distance_end: 50, class_rates: random() < 0.5 ? { '4': int(999) } : {} },
        { rate: b.rate, type: 'flat', class: 'base', distance_start: 0, distance_end: 10, class_rates: {} },
        { rate: b.per, type: 'per', class: 'base', distance_start: 10, distance_end: 50, class_rates: {} },
      ],
      accessorials: {
        wait_per_minute: int(200),
        wait_free_minutes: int(30),
        fuel: { kind: 'actual', price_per_gallon: 1 + int(900), target_level: pick([0.5, 0.75, 0.875, 1]), default_tank_gallons: pick([12, 15.5, 18.9, 26]) },
        cancel_partial_fee: int(10_000),
        dry_run_fee: int(10_000),
        rush_fee: int(10_000),
      },
    };
  }

  test('2,000 random charges', () => {
    for (let i = 0; i < 2000; i++) {
      const contract = randomContract();
      const cardinality = int(1);
      const notice = { booked_at_ms: T0, ready_by_ms: T0 + int(300) * MIN, min_notice_minutes: 120 };
      const leg = { miles: int(4999) / 100, gvwr_class: pick(['1', '4', '6', null] as const) };
      const quote = unwrap(quoteCharge({ contract, kind: pick(['one-way', 'round-trip', 'concierge', 'concierge-loaner'] as const), cardinality, leg, notice }));
      const input: FinalInput = {
        contract,
        quote,
        cardinality,
        cancel_status: pick([null, 'pending', 'failed', 'partial', 'canceled', 'rescheduled']),
        stops: [stop('pickup', int(90 * MIN)), stop('delivery', random() < 0.2 ? null : int(90 * MIN))],
        fuel: random() < 0.2 ? null : { pickup_level: int(100), delivery_level: random() < 0.1 ? null : int(100), tank_gallons: random() < 0.5 ? null : int(400) / 10 },
        dry_runs: Array.from({ length: int(2) }, () => ({ at_ms: T0, by: 'ops' })),
        added: Array.from({ length: int(2) }, () => ({ code: 'ACCESSORIAL' as const, amount: int(5000), by: 'ops', at_ms: T0 })),
        discount: null,
      };
      const before = unwrap(finalCharge(input));
      const discount = { amount: int(before.total), reason: 'r', by: 'ops', at_ms: T0 };
      for (const charge of [quote, before, unwrap(finalCharge({ ...input, discount }))]) {
        assert.equal(charge.total, charge.lines.reduce((sum, l) => sum + l.amount, 0));
        assert.ok(charge.total >= 0);
        for (const l of charge.lines) {
          assert.ok(Number.isSafeInteger(l.amount), `${l.code} is whole cents`);
          assert.ok(typeof l.basis.rule === 'string' && l.basis.rule.length > 0, `${l.code} has a basis`);
        }
      }
      if (input.cancel_status === 'canceled') assert.equal(before.total, 0);
    }
  });
});
