// The final charge (spec §12.2): every change to a scenario reprices its charge from the pinned
// contract and the move's facts — WAIT from the driver's arrived → successful timestamps, FUEL from
// the signed condition reports' fuel levels, CANCEL_PARTIAL when a cancelation ends partial, 0 when
// it ends canceled — final once the move completed, with a charge.updated event whenever it changed.
// And the cancelation-fee preview (POST /v1/cancelation with dry_run): it writes nothing, and a
// cancelation decided in the same state charges exactly the fee it showed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadScenario } from '../../src/modules/moves/moves.repository.ts';
import { renderScenarioDocument } from '../../src/modules/moves/scenario-document.ts';
import { PUBLIC_URL, startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { cleanReport, reportCondition, signSlot, type SlotName } from '../support/inspection.ts';
import {
  addCaller,
  addDriver,
  assertError,
  book,
  type Caller,
  type Doc,
  dispatchOk,
  eventRows,
  iso,
  position,
  sendStep,
  type StepName,
  stepsOk,
  type TestDriver,
} from '../support/lifecycle.ts';
import { oneWayRequest, oneWayRequestReadyBy, roundTripRequest } from '../support/requests.ts';

const MIN = 60_000;
const BANDS = [
  { rate: 45.01, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 25 },
  { rate: 1.5, type: 'per', class: 'stranded', distance_start: 25, distance_end: 250 },
  { rate: 0.99, type: 'per', class: 'base', distance_start: 0, distance_end: 250 },
];
// Wait: 0.50 a minute after 15 free; fuel: up to 75 % of a 16-gallon tank at 4.00 a gallon.
const ACCESSORIALS = {
  wait_per_minute: 0.5,
  wait_free_minutes: 15,
  fuel: { type: 'actual', price_per_gallon: 4, target_level: 0.75, default_tank_gallons: 16 },
  cancel_partial_fee: 35,
  dry_run_fee: 50,
  rush_fee: 30,
};
const cents = (dollars: number) => Math.round(dollars * 100);
const sumOf = (lines: Doc[]) => lines.reduce((s, l) => s + cents(l.amount), 0);

for (const engine of engines()) {
  describe(`the final charge and the cancelation preview on ${engine}`, () => {
    let t: TestApp;
    let dealer: Caller;
    let ops: Caller;
    let desk: Caller;
    let driver: TestDriver;
    let contractId: number;
    before(async () => {
      t = await startTestApp(engine);
      dealer = await addCaller(t, 'dealer', [t.rooftopId]);
      ops = await addCaller(t, 'ops', [t.rooftopId]);
      desk = await addCaller(t, 'ops', 'all');
      driver = await addDriver(t, desk, { name: 'Dana Wheeler', canDriveManual: true });
      const res = await desk.request('POST', '/v1/ops/contracts', {
        rooftop: t.rooftopId,
        begin_date: '2026-03-01',
        end_date: '2026-03-31',
        mileage_bands: BANDS,
        accessorials: ACCESSORIALS,
      });
      assert.equal(res.statusCode, 201, res.body);
      contractId = res.json().id;
    });
    after(() => t.close());

    const oneWay = async (body: Doc = oneWayRequest()) => (await book(dealer, '/v1/one-way-moves', body, ['move'])).ids[0]!;
    const get = async (moveId: number): Promise<Doc> => {
      const res = await dealer.request('GET', `/v1/moves/${moveId}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const step = async (moveId: number, name: StepName) => {
      const res = await sendStep(driver.app, moveId, { step: name, ...position });
      assert.equal(res.statusCode, 200, `${name}: ${res.body}`);
    };
    /** The driver's report at one end with this fuel level, and the signature: the slot can complete. */
    const report = async (moveId: number, slot: SlotName, fuelLevel: number) => {
      const res = await reportCondition(driver.app, moveId, slot, { ...cleanReport(slot), fuel_level: fuelLevel });
      assert.equal(res.statusCode, 200, res.body);
      const signed = await signSlot(driver.app, moveId, slot);
      assert.ok([200, 201].includes(signed.statusCode), signed.body);
    };
    const preview = (moveId: unknown, dryRun: unknown = true, caller = dealer) => caller.request('POST', '/v1/cancelation', { move_id: moveId, dry_run: dryRun });
    const chargeRow = (moveId: number) => t.deps.database.db.selectFrom('charges').selectAll().where('move_id', '=', moveId).executeTakeFirstOrThrow();
    /** Everything a cancelation could write: the move, its charge, its stored document, events, jobs. */
    const snapshot = async (moveId: number) => {
      const db = t.deps.database.db;
      const move = await db.selectFrom('moves').selectAll().where('id', '=', moveId).executeTakeFirstOrThrow();
      const charge = await db.selectFrom('charges').selectAll().where('move_id', '=', moveId).executeTakeFirst();
      const document = await db.selectFrom('scenario_documents').selectAll().where('scenario_id', '=', move.scenario_id).executeTakeFirst();
      const jobs = await db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return { move, charge, document, events: await t.count('events'), jobs: Number(jobs.n) };
    };
    /** The dealer's cancelation, decided by the rule's job once its delay has passed. */
    const cancelByRule = async (moveId: number) => {
      const res = await dealer.request('POST', '/v1/cancelation', { move_id: moveId });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { move_id: moveId, cancel_status: 'pending' });
      t.clock.advance(t.deps.config.cancelDecisionDelayMs);
      while ((await t.deps.worker.runOnce()) > 0);
    };

    test('one-way: quoted at booking, WAIT and FUEL from the facts, final at delivery, charge.updated each time it changed', async () => {
      const moveId = await oneWay();
      const booked = await get(moveId);
      assert.equal(booked.charge.status, 'quoted');
      const [transport] = booked.charge.details;
      assert.equal(transport.code, 'TRANSPORT');
      assert.equal(transport.amount, 45.01);
      assert.equal(transport.basis.contract.id, contractId);
      assert.equal(transport.mileage_band.distance_end, 25);

      await dispatchOk(ops, moveId, driver.driverId);
      await step(moveId, 'pickup_started');
      await step(moveId, 'pickup_arrived');
      const arrived = t.clock.now();
      await report(moveId, 'pickup', 60);
      t.clock.advance(25 * MIN);
      await step(moveId, 'pickup_successful');
      const picked = (await get(moveId)).charge;
      assert.equal(picked.status, 'quoted', 'still quoted until the move completes');
      assert.deepEqual(picked.details.map((l: Doc) => l.code), ['TRANSPORT', 'WAIT']);
      const wait = picked.details[1];
      assert.equal(wait.amount, 5, '25 min waited, 15 free: 10 billed × 0.50');
      assert.equal(wait.basis.minutes_waited, 25);
      assert.equal(wait.basis.minutes_billed, 10);
      assert.equal(wait.basis.per_minute, 0.5);
      assert.deepEqual(wait.evidence, { arrived_at: iso(arrived), left_at: iso(arrived + 25 * MIN) });

      await step(moveId, 'delivery_started');
      await step(moveId, 'delivery_arrived');
      await report(moveId, 'delivery', 50);
      t.clock.advance(5 * MIN);
      await step(moveId, 'delivery_successful');
      const delivered = await get(moveId);
      const { charge } = delivered;
      assert.equal(charge.status, 'final');
      assert.deepEqual(charge.details.map((l: Doc) => l.code), ['TRANSPORT', 'WAIT', 'FUEL'], '5 min at delivery is within the free minutes');
      const fuel = charge.details[2];
      assert.equal(fuel.amount, 16, '(75 % − 50 %) × 16 gal = 4 gal × 4.00');
      assert.equal(fuel.basis.pickup_level, 60);
      assert.equal(fuel.basis.delivery_level, 50);
      assert.equal(fuel.basis.gallons, 4);
      assert.equal(fuel.basis.tank_from, 'contract default');
      assert.equal(fuel.evidence.delivery_fuel_level, 50);
      assert.match(String(fuel.evidence.delivery_report_sha256), /^[0-9a-f]{64}$/);
      assert.equal(cents(charge.due_amount), sumOf(charge.details), 'the total is the sum of the lines');
      assert.equal(charge.due_amount, 66.01);
      assert.equal(charge.balance_remaining, 66.01);

      const row = await chargeRow(moveId);
      assert.equal(row.status, 'final');
      assert.equal(Number(row.total), 6601);
      assert.equal(Number(row.completed_at), t.clock.now());

      const events = await eventRows(t, moveId);
      const types = events.map((e) => e.type);
      assert.equal(types.filter((x) => x === 'charge.updated').length, 2, `priced at pickup and at delivery only: ${types}`);
      assert.equal(types[types.indexOf('move.pickup.successful') + 1], 'charge.updated', 'after the change that caused it');
      assert.equal(types.at(-1), 'charge.updated');
      assert.deepEqual(JSON.parse(events.at(-1)!.data), delivered, 'the event carries the document, the final charge inside');
      assert.deepEqual(events.map((e) => e.sequence), events.map((_, i) => i + 1));
      // The stored document's charge was derived, not read back: it is the one the rows give.
      const fresh = renderScenarioDocument((await loadScenario(t.deps.database.db, Number(row.scenario_id)))!, { publicUrl: PUBLIC_URL, now: t.clock.now() });
      assert.deepEqual(JSON.parse(fresh), delivered);
    });

    test('a pair: a charge in each move; canceled after the driver set out, CANCEL_PARTIAL on the first move is the previewed fee', async () => {
      const { doc, ids } = await book(dealer, '/v1/round-trip-moves', roundTripRequest(), ['move_one', 'move_two']);
      for (const role of ['move_one', 'move_two']) {
        assert.equal(doc[role].charge.status, 'quoted');
        assert.equal(doc[role].charge.details[0].code, 'TRANSPORT');
        assert.equal(doc[role].charge.details[0].basis.band.class, 'base');
      }
      await dispatchOk(ops, ids[0]!, driver.driverId);
      await step(ids[0]!, 'pickup_started');

      const shown = await preview(ids[1]);
      assert.equal(shown.statusCode, 200, shown.body);
      const answer = shown.json();
      assert.deepEqual(Object.keys(answer), ['move_id', 'cancel_status_if_now', 'fee', 'basis']);
      assert.equal(answer.move_id, ids[1]);
      assert.equal(answer.cancel_status_if_now, 'partial');
      assert.equal(answer.fee, 35);

      await cancelByRule(ids[1]!);
      const after = await get(ids[0]!);
      assert.equal(after.move_one.cancel_status, 'partial');
      const first = after.move_one.charge;
      assert.equal(first.status, 'final');
      assert.deepEqual(first.details.map((l: Doc) => l.code), ['CANCEL_PARTIAL']);
      assert.equal(first.details[0].amount, answer.fee, 'exactly the previewed fee');
      assert.deepEqual(first.details[0].basis, answer.basis);
      assert.equal(first.details[0].evidence.cancel_decided_by, 'rule');
      assert.equal(first.due_amount, 35);
      const second = after.move_two.charge;
      assert.equal(second.status, 'final');
      assert.deepEqual(second.details, [], 'the fee is charged once, on the first move');
      assert.equal(second.due_amount, 0);
      for (const id of ids) assert.equal((await eventRows(t, id)).at(-1)!.type, 'charge.updated');
    });

    test('before the driver set out: the preview says canceled and 0 and writes nothing; the cancelation makes the charge 0', async () => {
      const moveId = await oneWay();
      await dispatchOk(ops, moveId, driver.driverId);
      const before = await snapshot(moveId);
      const shown = await preview(moveId);
      assert.equal(shown.statusCode, 200, shown.body);
      const answer = shown.json();
      assert.equal(answer.cancel_status_if_now, 'canceled');
      assert.equal(answer.fee, 0);
      assert.equal(answer.basis.outcome, 'canceled');
      assert.deepEqual(answer.basis.contract, { id: contractId, version: answer.basis.contract.version });
      assert.deepEqual(await snapshot(moveId), before, 'a dry run changes nothing');

      await cancelByRule(moveId);
      const { charge, move } = await get(moveId);
      assert.equal(move.cancel_status, 'canceled');
      assert.equal(charge.status, 'final');
      assert.deepEqual(charge.details, []);
      assert.equal(charge.due_amount, 0);
      assert.equal(Number((await chargeRow(moveId)).total), 0);
      assert.equal((await eventRows(t, moveId)).at(-1)!.type, 'charge.updated');
    });

    test('ops decides partial in the state the preview saw: the same fee, the decision by ops in the evidence', async () => {
      const moveId = await oneWay();
      await dispatchOk(ops, moveId, driver.driverId);
      await step(moveId, 'pickup_started');
      const answer = (await preview(moveId)).json();
      assert.equal(answer.cancel_status_if_now, 'partial');
      const res = await dealer.request('POST', '/v1/cancelation', { move_id: moveId, dry_run: false });
      assert.equal(res.statusCode, 200, res.body);
      const decided = await ops.request('POST', `/v1/ops/moves/${moveId}/cancel-decision`, { outcome: 'partial' });
      assert.equal(decided.statusCode, 200, decided.body);
      const [line] = decided.json().charge.details;
      assert.equal(line.code, 'CANCEL_PARTIAL');
      assert.equal(line.amount, answer.fee);
      assert.equal(line.evidence.cancel_decided_by, 'ops');
    });

    test('a dry run is refused as the request would be: bad dry_run, another rooftop, already decided, delivered', async () => {
      const moveId = await oneWay();
      const before = await snapshot(moveId);
      for (const bad of ['yes', 1, {}, []]) {
        assertError(await preview(moveId, bad), 400, 'field_invalid', [['field_invalid', 'dry_run']]);
      }
      assert.deepEqual(await snapshot(moveId), before, 'nothing written');

      const otherRooftop = await t.addRooftop({ name: 'Other Motors' });
      const other = await addCaller(t, 'dealer', [otherRooftop]);
      const theirs = (await book(other, '/v1/one-way-moves', oneWayRequest(), ['move'])).ids[0]!;
      assertError(await preview(theirs), 404, 'move_invalid');

      await cancelByRule(moveId);
      assertError(await preview(moveId), 409, 'move_not_modifiable');
      assertError(await dealer.request('POST', '/v1/cancelation', { move_id: moveId }), 409, 'move_not_modifiable');

      const delivered = await oneWay();
      await dispatchOk(ops, delivered, driver.driverId);
      await stepsOk(driver.app, delivered);
      assertError(await preview(delivered), 409, 'move_not_modifiable');
    });

    test('a move no contract prices: the preview answers 0, saying so', async () => {
      const moveId = await oneWay(oneWayRequestReadyBy('2026-05-04T14:00:00Z'));
      assert.deepEqual((await get(moveId)).charge, {});
      const answer = (await preview(moveId)).json();
      assert.equal(answer.cancel_status_if_now, 'canceled');
      assert.equal(answer.fee, 0);
      assert.match(answer.basis.rule, /no contract/);
    });
  });
}
