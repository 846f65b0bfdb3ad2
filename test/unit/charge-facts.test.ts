// The move's facts the final charge reads (spec §12.2): the stops from the driver's timestamps,
// fuel only from signed reports, when a move has completed, and the repricing of one charge row —
// including a discount that outgrew the charge after a partial cancelation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChargeRow } from '../../src/db/schema.ts';
import { fuelFactsOf, hasCompleted, type PricedMove, type PricedSlot, waitStopsOf } from '../../src/modules/billing/charges/charge-facts.ts';
import { computeCharge } from '../../src/modules/billing/charges/charge-reprice.ts';
import { transportLine } from '../../src/modules/billing/charges/charge-rules.ts';
import { CONTRACT, T0 } from '../support/charge-fixtures.ts';

const MIN = 60_000;
const move = (over: Partial<PricedMove> = {}): PricedMove => ({
  id: 1,
  cardinality: 0,
  cancel_status: null,
  pickup_started: null,
  pickup_arrived: null,
  pickup_successful: null,
  delivery_arrived: null,
  delivery_successful: null,
  cancel_decided_at: null,
  cancel_decided_by: null,
  ...over,
});
const slot = (name: string, data: Record<string, unknown>, signed: boolean): PricedSlot => ({
  slot: name,
  data: JSON.stringify(data),
  signed_at: signed ? T0 : null,
  report_sha256: signed ? 'a'.repeat(64) : null,
});

describe('facts', () => {
  test('stops: none before arriving, open while there, closed by the successful step', () => {
    assert.deepEqual(waitStopsOf(move()), []);
    assert.deepEqual(waitStopsOf(move({ pickup_arrived: T0 })), [{ at_step: 'pickup', arrived_ms: T0, left_ms: null }]);
    assert.deepEqual(waitStopsOf(move({ pickup_arrived: T0, pickup_successful: T0 + MIN, delivery_arrived: T0 + 9 * MIN, delivery_successful: T0 + 30 * MIN })), [
      { at_step: 'pickup', arrived_ms: T0, left_ms: T0 + MIN },
      { at_step: 'delivery', arrived_ms: T0 + 9 * MIN, left_ms: T0 + 30 * MIN },
    ]);
  });

  test('fuel: only a signed report counts; absent readings and unsigned drafts give nothing', () => {
    assert.equal(fuelFactsOf(undefined), null);
    assert.equal(fuelFactsOf([slot('delivery', { 'fuel-level': 40 }, false)]), null, 'a draft may still change');
    assert.equal(fuelFactsOf([slot('delivery', { odometer: 5 }, true)]), null, 'a workflow without the fuel step');
    const facts = fuelFactsOf([slot('pickup', { 'fuel-level': 80 }, true), slot('delivery', { 'fuel-level': 40 }, true)]);
    assert.equal(facts?.pickup_level, 80);
    assert.equal(facts?.delivery_level, 40);
    assert.equal(facts?.evidence?.delivery_report_sha256, 'a'.repeat(64));
    assert.equal(fuelFactsOf([slot('pickup', { 'fuel-level': 80 }, true)])?.delivery_level, null);
  });

  test('completed: delivered, canceled, partial or rescheduled; not pending, not failed', () => {
    assert.equal(hasCompleted(move()), false);
    assert.equal(hasCompleted(move({ delivery_successful: T0 })), true);
    for (const s of ['canceled', 'partial', 'rescheduled']) assert.equal(hasCompleted(move({ cancel_status: s })), true, s);
    for (const s of ['pending', 'failed']) assert.equal(hasCompleted(move({ cancel_status: s })), false, s);
  });
});

describe('one charge computed again', () => {
  const transport = transportLine(CONTRACT, 'one-way', { miles: 5 });
  assert.ok(transport.ok);
  const row = (adjustments: object): ChargeRow =>
    ({ id: 9, quote_lines: JSON.stringify([transport.value]), adjustments: JSON.stringify(adjustments) }) as unknown as ChargeRow;
  const discount = { amount: 4000, reason: 'goodwill', by: 'ops', at_ms: T0 };

  test('the quote, the wait beyond the free minutes and the discount', () => {
    const charge = computeCharge(row({ discount }), CONTRACT, move({ pickup_arrived: T0, pickup_successful: T0 + 20 * MIN }), []);
    assert.deepEqual(charge.lines.map((l) => [l.code, l.amount]), [['TRANSPORT', 4500], ['WAIT', 250], ['DISCOUNT', -4000]]);
    assert.equal(charge.total, 750);
  });

  test('a discount larger than a partial cancelation fee takes the fee, never the charge below 0', () => {
    const charge = computeCharge(row({ discount }), CONTRACT, move({ cancel_status: 'partial', pickup_started: T0, cancel_decided_at: T0, cancel_decided_by: 'rule' }), []);
    assert.deepEqual(charge.lines.map((l) => [l.code, l.amount]), [['CANCEL_PARTIAL', 3500], ['DISCOUNT', -3500]]);
    assert.equal(charge.total, 0);
    assert.equal(charge.lines[0]!.evidence.cancel_decided_by, 'rule');
  });
});
