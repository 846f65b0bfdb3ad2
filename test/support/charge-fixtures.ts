// A contract to price with in the charge-rule tests (spec §12.2): flat bands under 10 miles,
// per-mile bands from 10 to 50, a class-6 rate on some, and every accessorial priced.
import type { WaitStop } from '../../src/modules/billing/charges/charge-rules.ts';
import type { Contract } from '../../src/modules/billing/contracts/contract.ts';

/** TEST_NOW: Wed 2026-03-18 12:00Z. */
export const T0 = Date.parse('2026-03-18T12:00:00Z');
export const VERSION = Date.parse('2026-03-01T09:30:00Z');

export const CONTRACT: Contract = {
  id: 11,
  rooftopId: 1,
  beginDate: '2026-01-01',
  endDate: '2026-12-31',
  workflowSetId: 3,
  bands: [
    { rate: 4500, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 10, class_rates: { '6': 9000 } },
    { rate: 250, type: 'per', class: 'stranded', distance_start: 10, distance_end: 50, class_rates: { '6': 400 } },
    { rate: 3000, type: 'flat', class: 'base', distance_start: 0, distance_end: 10, class_rates: {} },
    { rate: 199, type: 'per', class: 'base', distance_start: 10, distance_end: 50, class_rates: { '6': 300 } },
  ],
  accessorials: {
    wait_per_minute: 50,
    wait_free_minutes: 15,
    fuel: { kind: 'actual', price_per_gallon: 399, target_level: 0.75, default_tank_gallons: 16 },
    cancel_partial_fee: 3500,
    dry_run_fee: 5000,
    rush_fee: 2500,
  },
  updatedAt: VERSION,
};

/** A stop the driver reached at T0 and left `waitedMs` later (null: still there). */
export const stop = (at_step: WaitStop['at_step'], waitedMs: number | null): WaitStop => ({
  at_step,
  arrived_ms: T0,
  left_ms: waitedMs === null ? null : T0 + waitedMs,
});
