// The charge desk (spec §12.2): ops add an ACCESSORIAL line, a dry run (the contract's fee) and a
// discount (at most the charge before it) to a move's charge; the dealer disputes it and ops resolve
// the dispute; the sandbox's add-charge goes through the same rules. Every refusal names its field
// and writes nothing; a settled charge is frozen (charge_settled) but may still be disputed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadScenario } from '../../src/modules/moves/moves.repository.ts';
import { renderScenarioDocument } from '../../src/modules/moves/scenario-document.ts';
import { PUBLIC_URL, startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { assertError } from '../support/lifecycle.ts';
import { oneWayRequest, oneWayRequestReadyBy } from '../support/requests.ts';

type Doc = Record<string, any>;
const BANDS = [
  { rate: 45.01, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 25 },
  { rate: 1.5, type: 'per', class: 'stranded', distance_start: 25, distance_end: 250 },
  { rate: 0.99, type: 'per', class: 'base', distance_start: 0, distance_end: 250 },
];
const cents = (dollars: number) => Math.round(dollars * 100);
const sumOf = (lines: Doc[]) => lines.reduce((s, l) => s + cents(l.amount), 0);

for (const engine of engines()) {
  describe(`the charge desk on ${engine}`, () => {
    let t: TestApp;
    let ops: { clientId: string; token: string };
    let otherOps: string;
    before(async () => {
      t = await startTestApp(engine, { SANDBOX: '1' });
      ops = await t.addClient('ops', 'all');
      otherOps = (await t.addClient('ops', [await t.addRooftop({ name: 'Elsewhere Motors' })])).token;
      const res = await t.request('POST', '/v1/ops/contracts', {
        token: ops.token,
        body: { rooftop: t.rooftopId, begin_date: '2026-03-01', end_date: '2026-03-31', mileage_bands: BANDS, accessorials: { dry_run_fee: 75.5 } },
      });
      assert.equal(res.statusCode, 201, res.body);
    });
    after(() => t.close());

    const book = async (body: Doc = oneWayRequest()): Promise<number> => {
      const res = await t.request('POST', '/v1/one-way-moves', { body });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().move.move_id;
    };
    const add = (moveId: number, body: unknown, token = ops.token) => t.request('POST', `/v1/ops/moves/${moveId}/charges`, { token, body });
    const addOk = async (moveId: number, body: Doc): Promise<Doc> => {
      const res = await add(moveId, body);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(Object.keys(res.json()), ['move_id', 'charge']);
      assert.equal(res.json().move_id, moveId);
      return res.json().charge;
    };
    const chargeOf = async (moveId: number): Promise<Doc> => (await t.request('GET', `/v1/moves/${moveId}`)).json().charge;
    const events = async (moveId: number) =>
      (await t.deps.database.db.selectFrom('events').select(['type', 'data']).where('move_id', '=', moveId).orderBy('sequence').execute()).map((e) => ({
        type: e.type,
        data: JSON.parse(e.data) as Doc,
      }));
    /** A refusal: its problems, and nothing changed (the charge, the events). */
    const refused = async (moveId: number, send: () => Promise<Awaited<ReturnType<TestApp['request']>>>, status: number, code: string, problems?: [string, string][]) => {
      const [charge, before] = [await chargeOf(moveId), (await events(moveId)).length];
      const res = await send();
      assertError(res, status, code, problems);
      assert.deepEqual(await chargeOf(moveId), charge, 'the charge is as it was');
      assert.equal((await events(moveId)).length, before, 'no event');
      return res.json();
    };
    /** The stored document (what GET answers) is the one the rows give now: the desk's change is in it. */
    const assertStoredIsCurrent = async (moveId: number) => {
      const db = t.deps.database.db;
      const { scenario_id } = await db.selectFrom('moves').select('scenario_id').where('id', '=', moveId).executeTakeFirstOrThrow();
      const stored = await db.selectFrom('scenario_documents').select('json').where('scenario_id', '=', scenario_id).executeTakeFirstOrThrow();
      assert.equal(stored.json, renderScenarioDocument((await loadScenario(db, scenario_id))!, { publicUrl: PUBLIC_URL, now: t.clock.now() }));
    };
    const settle = (moveId: number) => t.deps.database.db.updateTable('charges').set({ status: 'settled', settled_at: t.clock.now() }).where('move_id', '=', moveId).execute();

    test('an ACCESSORIAL line: the total is the sum of the lines, the basis names who added it; GET and charge.updated show it', async () => {
      const moveId = await book();
      const before = (await events(moveId)).length;
      const charge = await addOk(moveId, { code: 'ACCESSORIAL', name: 'Tolls', amount: 12.5, notes: 'I-95 both ways' });
      assert.deepEqual(charge.details.map((l: Doc) => l.code), ['TRANSPORT', 'ACCESSORIAL']);
      const line = charge.details[1];
      assert.deepEqual([line.name, line.amount, line.notes], ['Tolls', 12.5, 'I-95 both ways']);
      assert.equal(line.basis.rule, 'added by ops');
      assert.equal(line.basis.by, ops.clientId);
      assert.equal(line.basis.amount, 12.5);
      assert.equal(line.basis.at, '2026-03-18T12:00:00Z');
      assert.equal(charge.due_amount, 57.51);
      assert.equal(cents(charge.due_amount), sumOf(charge.details));
      assert.equal(charge.balance_remaining, 57.51);
      assert.deepEqual(await chargeOf(moveId), charge, 'GET /v1/moves/:id shows the same charge');
      await assertStoredIsCurrent(moveId);

      const sent = (await events(moveId)).slice(before);
      // One event: the transition's repricing finds the desk's lines to be finalCharge's own.
      assert.deepEqual(sent.map((e) => e.type), ['charge.updated']);
      const last = sent[0]!;
      assert.deepEqual(last.data.charge, charge, 'the event carries the move document with the new charge');

      const unnamed = await addOk(moveId, { code: 'ACCESSORIAL', amount: 3 });
      assert.equal(unnamed.details[2].name, 'Accessorial');
      assert.equal(unnamed.due_amount, 60.51);
    });

    test('an Idempotency-Key replays the answer and adds the line once', async () => {
      const moveId = await book();
      const send = () => t.request('POST', `/v1/ops/moves/${moveId}/charges`, { token: ops.token, body: { code: 'ACCESSORIAL', amount: 7 }, headers: { 'idempotency-key': `desk-${engine}` } });
      const first = await send();
      assert.equal(first.statusCode, 200, first.body);
      const again = await send();
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.body, first.body);
      assert.equal((await chargeOf(moveId)).details.length, 2, 'one line added');
    });

    test('a discount above the charge is refused at amount naming the most, nothing changed; a valid one is the discount', async () => {
      const moveId = await book();
      const body = await refused(moveId, () => add(moveId, { code: 'DISCOUNT', amount: 45.02, notes: 'goodwill' }), 400, 'field_invalid', [['field_invalid', 'amount']]);
      assert.match(body.errors[0].message, /^amount must be at most 45\.01, the charge before the discount/);

      const charge = await addOk(moveId, { code: 'DISCOUNT', amount: 10, notes: 'goodwill' });
      assert.deepEqual(charge.details.map((l: Doc) => [l.code, l.amount]), [['TRANSPORT', 45.01], ['DISCOUNT', -10]]);
      assert.deepEqual([charge.due_amount, charge.discount_amount, charge.discount_reason, charge.balance_remaining], [45.01, 10, 'goodwill', 35.01]);
      assert.equal(charge.details[1].basis.by, ops.clientId);

      const replaced = await addOk(moveId, { code: 'DISCOUNT', amount: 45.01, notes: 'on us' });
      assert.deepEqual([replaced.discount_amount, replaced.discount_reason, replaced.balance_remaining], [45.01, 'on us', 0]);
      assert.equal(replaced.details.filter((l: Doc) => l.code === 'DISCOUNT').length, 1, 'a discount replaces the one before');
      const removed = await addOk(moveId, { code: 'DISCOUNT', amount: 0 });
      assert.deepEqual([removed.discount_amount, removed.discount_reason, removed.details.length], [0, null, 1]);
    });

    test("a DRY_RUN is the contract's fee; another amount is refused at amount", async () => {
      const moveId = await book();
      const charge = await addOk(moveId, { code: 'DRY_RUN', notes: 'keys not at the desk' });
      const line = charge.details[1];
      assert.deepEqual([line.code, line.name, line.amount, line.notes], ['DRY_RUN', 'Dry run', 75.5, 'keys not at the desk']);
      assert.equal(line.basis.fee, 75.5);
      assert.equal(line.basis.by, ops.clientId);
      assert.equal(typeof line.basis.contract.id, 'number');
      assert.equal(charge.due_amount, 120.51);
      assert.equal((await addOk(moveId, { code: 'DRY_RUN', amount: 75.5 })).due_amount, 196.01, 'sent, the fee is taken');
      const body = await refused(moveId, () => add(moveId, { code: 'DRY_RUN', amount: 50 }), 400, 'field_invalid', [['field_invalid', 'amount']]);
      assert.match(body.errors[0].message, /dry_run_fee .* 75\.50/);
    });

    test('bad requests: every problem at its field, nothing written', async () => {
      const moveId = await book();
      await refused(moveId, () => add(moveId, { code: 'ACCESSORIAL', amount: 1.234 }), 400, 'field_invalid', [['field_invalid', 'amount']]);
      const computed = await refused(moveId, () => add(moveId, { code: 'TRANSPORT', amount: 5 }), 400, 'field_invalid', [['field_invalid', 'code']]);
      assert.match(computed.errors[0].message, /computed from the move's facts/);
      await refused(moveId, () => add(moveId, { code: 'TIP', amount: 5 }), 400, 'field_invalid', [['field_invalid', 'code']]);
      await refused(moveId, () => add(moveId, {}), 400, 'field_missing', [['field_missing', 'code'], ['field_missing', 'amount']]);
      await refused(moveId, () => add(moveId, { code: 'DISCOUNT', amount: 5 }), 400, 'field_missing', [['field_missing', 'notes']]);
      await refused(moveId, () => add(moveId, { code: 'ACCESSORIAL', amount: 0 }), 400, 'field_invalid', [['field_invalid', 'amount']]);
      await refused(moveId, () => add(moveId, { code: 'ACCESSORIAL', amount: -5, name: 'x'.repeat(101) }), 400, 'field_invalid', [
        ['field_invalid', 'amount'],
        ['field_invalid', 'name'],
      ]);
    });

    test("who may: a dealer token is 403, another rooftop's ops 404, a missing move 404; an unpriced or canceled move 409", async () => {
      const moveId = await book();
      await refused(moveId, () => add(moveId, { code: 'ACCESSORIAL', amount: 5 }, t.token), 403, 'missing_scope');
      await refused(moveId, () => add(moveId, { code: 'ACCESSORIAL', amount: 5 }, otherOps), 404, 'move_invalid');
      assertError(await add(999_999_999, { code: 'ACCESSORIAL', amount: 5 }), 404, 'move_invalid');

      const unpriced = await book(oneWayRequestReadyBy('2026-05-04T14:00:00Z'));
      assert.deepEqual(await chargeOf(unpriced), {});
      const body = await refused(unpriced, () => add(unpriced, { code: 'ACCESSORIAL', amount: 5 }), 409, 'move_not_modifiable');
      assert.match(body.message, /no contract/);
      assertError(await t.request('POST', `/v1/moves/${unpriced}/charge/dispute`, { body: { reason: 'x' } }), 409, 'move_not_modifiable');

      const canceled = await book();
      assert.equal((await t.request('POST', '/v1/cancelation', { body: { move_id: canceled } })).statusCode, 200);
      const decided = await t.request('POST', `/v1/ops/moves/${canceled}/cancel-decision`, { token: ops.token, body: { outcome: 'canceled' } });
      assert.equal(decided.statusCode, 200, decided.body);
      const refusal = await refused(canceled, () => add(canceled, { code: 'ACCESSORIAL', amount: 5 }), 409, 'move_not_modifiable');
      assert.match(refusal.message, /charge is 0/);
    });

    test('the dealer disputes, ops resolve with a discount: charge.disputed then charge.updated; resolving again is 409', async () => {
      const moveId = await book();
      const dispute = (body: unknown, token = t.token) => t.request('POST', `/v1/moves/${moveId}/charge/dispute`, { token, body });
      const resolve = (body: unknown) => t.request('POST', `/v1/ops/moves/${moveId}/charge/resolve-dispute`, { token: ops.token, body });
      await refused(moveId, () => dispute({}), 400, 'field_missing', [['field_missing', 'reason']]);
      await refused(moveId, () => dispute({ reason: 'x'.repeat(1001) }), 400, 'field_invalid', [['field_invalid', 'reason']]);
      await refused(moveId, () => dispute({ reason: 'too much' }, otherOps), 404, 'move_invalid');
      await refused(moveId, () => resolve({}), 409, 'move_not_modifiable');

      const res = await dispute({ reason: 'The car was driven 8 miles, not 20' });
      assert.equal(res.statusCode, 200, res.body);
      const charge = res.json().charge;
      assert.deepEqual([charge.disputed, charge.dispute_reason], [true, 'The car was driven 8 miles, not 20']);
      assert.equal(charge.due_amount, 45.01, 'a dispute changes no line');
      const disputedEvent = (await events(moveId)).at(-1)!;
      assert.equal(disputedEvent.type, 'charge.disputed');
      assert.deepEqual(disputedEvent.data.charge, charge);
      await assertStoredIsCurrent(moveId);

      await refused(moveId, () => resolve({ discount_amount: 50, notes: 'agreed' }), 400, 'field_invalid', [['field_invalid', 'discount_amount']]);
      const done = await resolve({ discount_amount: 20, notes: 'Agreed: billed at the short distance' });
      assert.equal(done.statusCode, 200, done.body);
      const after = done.json().charge;
      assert.deepEqual(
        [after.disputed, after.dispute_reason, after.discount_amount, after.discount_reason, after.balance_remaining],
        [false, 'The car was driven 8 miles, not 20', 20, 'Agreed: billed at the short distance', 25.01],
      );
      assert.deepEqual((await events(moveId)).slice(-2).map((e) => e.type), ['charge.disputed', 'charge.updated']);
      assert.deepEqual(await chargeOf(moveId), after);
      await assertStoredIsCurrent(moveId);
      await refused(moveId, () => resolve({}), 409, 'move_not_modifiable');
    });

    test('a settled charge: no line, discount or discounted resolution (charge_settled), but a dispute and its plain resolution', async () => {
      const moveId = await book();
      await addOk(moveId, { code: 'ACCESSORIAL', amount: 5 });
      await settle(moveId);
      for (const body of [{ code: 'ACCESSORIAL', amount: 5 }, { code: 'DISCOUNT', amount: 1, notes: 'x' }, { code: 'DRY_RUN' }]) {
        await refused(moveId, () => add(moveId, body), 409, 'charge_settled');
      }
      const disputed = await t.request('POST', `/v1/moves/${moveId}/charge/dispute`, { body: { reason: 'wrong tolls' } });
      assert.equal(disputed.statusCode, 200, disputed.body);
      assert.deepEqual([disputed.json().charge.status, disputed.json().charge.disputed], ['settled', true]);
      const resolve = (body: Doc) => t.request('POST', `/v1/ops/moves/${moveId}/charge/resolve-dispute`, { token: ops.token, body });
      await refused(moveId, () => resolve({ discount_amount: 5 }), 409, 'charge_settled');
      const done = await resolve({ notes: 'tolls were right' });
      assert.equal(done.statusCode, 200, done.body);
      assert.deepEqual([done.json().charge.disputed, done.json().charge.due_amount], [false, 50.01]);
    });

    test('sandbox add-charge: accessorialCode and amount through the same rules, by "sandbox"; missing ones are field_missing', async () => {
      const moveId = await book();
      const mock = (body: unknown) => t.request('POST', `/v1/mock/${moveId}`, { body });
      await refused(moveId, () => mock({ sequence: 'add-charge' }), 400, 'field_missing', [['field_missing', 'accessorialCode'], ['field_missing', 'amount']]);
      await refused(moveId, () => mock({ sequence: 'add-charge', accessorialCode: 'FUEL', amount: 5 }), 400, 'field_invalid', [['field_invalid', 'accessorialCode']]);
      await refused(moveId, () => mock({ sequence: 'add-charge', accessorialCode: 'DISCOUNT', amount: 99 }), 400, 'field_invalid', [['field_invalid', 'amount']]);

      const res = await mock({ sequence: 'add-charge', accessorialCode: 'ACCESSORIAL', amount: 20, interval: 0 });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { move_id: moveId, sequence: 'add-charge', interval: 0, actions: 1 });
      const charge = await chargeOf(moveId);
      assert.deepEqual(charge.details.map((l: Doc) => [l.code, l.amount, l.basis.by ?? null]), [['TRANSPORT', 45.01, null], ['ACCESSORIAL', 20, 'sandbox']]);
      assert.equal((await events(moveId)).at(-1)!.type, 'charge.updated');

      const dryRun = await mock({ sequence: 'add-charge', accessorialCode: 'DRY_RUN', amount: 75.5 });
      assert.equal(dryRun.statusCode, 200, dryRun.body);
      const discount = await mock({ sequence: 'add-charge', accessorialCode: 'DISCOUNT', amount: 10 });
      assert.equal(discount.statusCode, 200, discount.body);
      const now = await chargeOf(moveId);
      assert.deepEqual(now.details.map((l: Doc) => l.code), ['TRANSPORT', 'DRY_RUN', 'ACCESSORIAL', 'DISCOUNT']);
      assert.deepEqual([now.due_amount, now.discount_amount, now.balance_remaining], [140.51, 10, 130.51]);
      await assertStoredIsCurrent(moveId);
    });
  });
}
