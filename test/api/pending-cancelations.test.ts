// GET /v1/ops/cancelations on both engines: the ops desk's list of cancelations awaiting a decision —
// one entry per booking (a pair's legs together), oldest request first, with rooftop, customer,
// reference, when asked, when the rule decides, and what each outcome would charge (the rule's fee
// is the dry-run preview's); an ops client scoped to other rooftops sees none, a dealer is refused;
// a decided cancelation leaves the list.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { addCaller, addDriver, book, type Caller, dispatchOk, iso, stepsOk } from '../support/lifecycle.ts';
import { conciergeLoanerRequest, oneWayRequest } from '../support/requests.ts';

const DELAY_MS = 10 * 60_000;
const PARTIAL_FEE = 25;

async function addContract(desk: Caller, rooftop: number): Promise<void> {
  const res = await desk.request('POST', '/v1/ops/contracts', {
    rooftop,
    begin_date: '2026-01-01',
    end_date: '2026-12-31',
    mileage_bands: [{ rate: 45.01, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 250 }],
    accessorials: { wait_per_minute: 0.5, wait_free_minutes: 15, fuel: { type: 'none' }, cancel_partial_fee: PARTIAL_FEE, dry_run_fee: 75, rush_fee: 0 },
  });
  assert.equal(res.statusCode, 201, res.body);
}

for (const engine of engines()) {
  describe(`pending cancelations on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(engine, { CANCEL_DECISION_DELAY_MS: String(DELAY_MS) });
    });
    after(() => t.close());

    test('each pending booking once, oldest first, with its fees; scoped, ops only; a decided one leaves the list', async () => {
      const desk = await addCaller(t, 'ops', 'all');
      const dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      const otherRooftop = await t.addRooftop({ name: 'Elsewhere Motors' });
      const elsewhereOps = await addCaller(t, 'ops', [otherRooftop]);
      await addContract(desk, t.rooftopId);
      const driver = await addDriver(t, desk, { name: 'Dee Driver' });

      const oneWay = await book(dealer, '/v1/one-way-moves', oneWayRequest(), ['move']);
      await dispatchOk(desk, oneWay.ids[0]!, driver.driverId);
      await stepsOk(driver.app, oneWay.ids[0]!, ['pickup_started']);
      const preview = await dealer.request('POST', '/v1/cancelation', { move_id: oneWay.ids[0], dry_run: true });
      assert.equal(preview.statusCode, 200, preview.body);
      assert.equal(preview.json().cancel_status_if_now, 'partial');
      const pair = await book(dealer, '/v1/concierge-loaner-moves', conciergeLoanerRequest(), ['loaner_move', 'customer_move']);

      const list = () => desk.request('GET', '/v1/ops/cancelations');
      assert.deepEqual((await list()).json(), { cancelations: [], has_more: false }, 'nothing pending yet');

      t.clock.set(TEST_NOW + 60_000);
      assert.equal((await dealer.request('POST', '/v1/cancelation', { move_id: oneWay.ids[0] })).statusCode, 200);
      t.clock.set(TEST_NOW + 120_000);
      assert.equal((await dealer.request('POST', '/v1/cancelation', { move_id: pair.ids[1] })).statusCode, 200);

      const res = await list();
      assert.equal(res.statusCode, 200, res.body);
      const { cancelations, has_more } = res.json();
      assert.equal(has_more, false);
      assert.deepEqual(cancelations[0], {
        move_id: oneWay.ids[0],
        move_type: 'one-way',
        rooftop: { id: t.rooftopId, name: "Denny's Automobiles" },
        customer_name: null,
        moves: [{ move_id: oneWay.ids[0], role: 'move', reference_id: 'PO-7781', status: 'pickup started' }],
        requested_at: iso(TEST_NOW + 60_000),
        rule_decides_at: iso(TEST_NOW + 60_000 + DELAY_MS),
        outcome_by_rule: 'partial',
        fee: preview.json().fee,
        fees: { canceled: 0, partial: PARTIAL_FEE, failed: 0 },
      });
      assert.equal(preview.json().fee, PARTIAL_FEE, "the rule's fee is the one the dry run previewed");
      const second = cancelations[1];
      assert.equal(cancelations.length, 2);
      assert.equal(second.move_id, pair.ids[0], 'the pair is listed once, by its first leg, whichever leg was asked');
      assert.deepEqual(second.moves.map((m: { move_id: number; status: string }) => [m.move_id, m.status]), [
        [pair.ids[0], 'booked'],
        [pair.ids[1], 'booked'],
      ]);
      assert.equal(second.customer_name, pair.doc.customer_name);
      assert.equal(second.outcome_by_rule, 'canceled');
      assert.equal(second.fee, 0);

      const scoped = await elsewhereOps.request('GET', '/v1/ops/cancelations');
      assert.deepEqual(scoped.json(), { cancelations: [], has_more: false }, 'an ops client of other rooftops sees none');
      const refused = await dealer.request('GET', '/v1/ops/cancelations');
      assert.equal(refused.statusCode, 403, refused.body);

      const decided = await desk.request('POST', `/v1/ops/moves/${oneWay.ids[0]}/cancel-decision`, { outcome: 'canceled' });
      assert.equal(decided.statusCode, 200, decided.body);
      const afterDecision = (await list()).json().cancelations;
      assert.deepEqual(afterDecision.map((c: { move_id: number }) => c.move_id), [pair.ids[0]], 'the decided booking left the list');
    });
  });
}
