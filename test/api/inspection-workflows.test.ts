// The dealer's side of inspections (spec §10.1–§10.2): the default workflow each kind of move runs,
// who may read a move's workflow, the dealer's PATCH of server-editable steps (and what it refuses,
// writing nothing), and the workflow data and set a booking may send.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { assertError, bookCase, type Doc, MOVE_TYPE_CASES, moveIn, ONE_WAY, sendStep, position, stepsOk } from '../support/lifecycle.ts';
import { conciergeLoanerRequest, oneWayRequest } from '../support/requests.ts';
import { arrivedMove, assertNothingWritten, dispatchedMove, type Scene, startScene } from '../support/inspection-scene.ts';
import { insertSet, upsertWorkflow } from '../../src/modules/workflows/records/workflow-sets.repository.ts';

const PHOTO_STEPS = ['front', 'front-left', 'left', 'rear-left', 'rear', 'rear-right', 'right', 'front-right', 'odometer-photo', 'interior'];
const READING_STEPS = ['odometer', 'fuel-level', 'keys', 'damages', 'driver-notes', 'signer-name', 'signature'];
const WORKFLOW_KEYS = ['id', 'name', 'description', 'type', 'steps', 'slot', 'state', 'data', 'signed_at', 'report_sha256'];
const CONCIERGE_KINDS = ['concierge-loaner pickup', 'concierge-loaner return', 'concierge pickup'];
const CIC = 'consumer-info-complete';

/** A loaner booking whose dealer has not yet said the customer's details are complete. */
function loanerWithoutInfo(): Doc {
  const body = conciergeLoanerRequest();
  delete body.loaner_move.pickup_workflow_data;
  return body;
}
const LOANER_PICKUP = MOVE_TYPE_CASES.find((c) => c.name === 'concierge-loaner pickup')!;

for (const engine of engines()) {
  describe(`inspection workflows, the dealer's side, on ${engine}`, () => {
    let s: Scene;
    before(async () => {
      s = await startScene(engine);
    });
    after(() => s.t.close());

    const workflowOf = async (moveId: number, slot: string) => {
      const res = await s.dealer.request('GET', `/v1/moves/${moveId}/workflows/${slot}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };

    for (const c of MOVE_TYPE_CASES) {
      test(`${c.name}: each leg runs the built-in workflows, tailored to its kind and leg`, async () => {
        const booked = await bookCase(s.dealer, c);
        for (const [leg, role] of c.legs.entries()) {
          const moveId = booked.ids[leg]!;
          for (const slot of ['pickup', 'delivery'] as const) {
            const wf = await workflowOf(moveId, slot);
            assert.deepEqual(Object.keys(wf), WORKFLOW_KEYS);
            assert.equal(wf.name, slot === 'pickup' ? 'Standard Pickup' : 'Standard Delivery');
            assert.deepEqual([wf.type, wf.slot, wf.state, wf.signed_at, wf.report_sha256], [slot, slot, 'not_open', null, null]);
            const loanerPickup = role === 'loaner_move' && slot === 'pickup';
            assert.deepEqual(wf.steps.map((st: Doc) => st.id), [...PHOTO_STEPS, ...READING_STEPS, ...(loanerPickup ? [CIC] : [])], `${role} ${slot}`);
            const required = wf.steps.filter((st: Doc) => st.config.required).map((st: Doc) => st.id);
            const signs = slot === 'delivery' || CONCIERGE_KINDS.includes(c.name);
            assert.deepEqual(required, ['odometer', 'fuel-level', 'damages', ...(signs ? ['signer-name', 'signature'] : [])], `${role} ${slot}`);
            for (const st of wf.steps) {
              assert.deepEqual(Object.keys(st.config).slice(0, 2), ['allow_server_edits', 'required']);
              assert.equal(st.config.allow_server_edits, st.id === CIC, st.id);
              assert.equal('legs' in st.config || 'required_for' in st.config, false, 'tailored at booking');
            }
            if (loanerPickup) assert.equal(wf.steps.at(-1).config.gate, 'delivery_started');
            assert.deepEqual(wf.data, loanerPickup ? { [CIC]: true } : {});
            const doc = moveIn(booked.doc, moveId);
            assert.equal(typeof doc.workflowset, 'number');
            assert.deepEqual(doc[`${slot}_workflow_data`], wf.data);
            assert.deepEqual(doc[`${slot}_photos`], []);
          }
        }
      });
    }

    test('GET workflow: the dealer, ops and the move\'s driver read it; another driver, another rooftop, a bad slot → 404', async () => {
      const move = await dispatchedMove(s);
      const url = `/v1/moves/${move.id}/workflows/pickup`;
      const asDealer = await s.dealer.request('GET', url);
      assert.equal(asDealer.statusCode, 200, asDealer.body);
      for (const reader of [s.ops, s.driver.app]) {
        const res = await reader.request('GET', url);
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.body, asDealer.body);
      }
      assertError(await s.otherDriver.app.request('GET', url), 404, 'move_invalid');
      assertError(await s.stranger.request('GET', url), 404, 'move_invalid');
      assertError(await s.dealer.request('GET', `/v1/moves/${move.id}/workflows/middle`), 404, 'not_found');
      assertError(await s.dealer.request('GET', `/v1/moves/99999999/workflows/pickup`), 404, 'move_invalid');
      assertError(await s.t.request('GET', url, { token: null }), 401, 'access_denied');
    });

    test('dealer PATCH: a server-editable step → 200 with the whole data, stored, and move.updated', async () => {
      const booked = await bookCase(s.dealer, LOANER_PICKUP, { ...loanerWithoutInfo(), loaner_move: { ...loanerWithoutInfo().loaner_move, pickup_workflow_data: { note: 'kept' } } });
      const loaner = booked.ids[0]!;
      const events = () => s.t.deps.database.db.selectFrom('events').select('type').where('move_id', '=', loaner).orderBy('position').execute();
      const before = await events();
      const res = await s.dealer.request('PATCH', `/v1/moves/${loaner}/workflows/pickup/data`, { [CIC]: false });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { note: 'kept', [CIC]: false });
      assert.deepEqual((await events()).map((e) => e.type), [...before.map((e) => e.type), 'move.updated']);
      const byOps = await s.ops.request('PATCH', `/v1/moves/${loaner}/workflows/pickup/data`, { [CIC]: true });
      assert.deepEqual(byOps.json(), { note: 'kept', [CIC]: true });
      assert.deepEqual((await workflowOf(loaner, 'pickup')).data, { note: 'kept', [CIC]: true });
      const doc = (await s.dealer.request('GET', `/v1/moves/${loaner}`)).json();
      assert.deepEqual(doc.loaner_move.pickup_workflow_data, { note: 'kept', [CIC]: true });
      // The same value again is the same answer, and no news: no second move.updated.
      const updates = async () => (await events()).filter((e) => e.type === 'move.updated').length;
      const counted = await updates();
      const again = await s.ops.request('PATCH', `/v1/moves/${loaner}/workflows/pickup/data`, { [CIC]: true });
      assert.equal(again.body, byOps.body);
      assert.equal(await updates(), counted);
      // An empty patch names nothing to change.
      assertError(await s.dealer.request('PATCH', `/v1/moves/${loaner}/workflows/pickup/data`, {}), 400, 'field_missing');
      // null clears it.
      const cleared = await s.dealer.request('PATCH', `/v1/moves/${loaner}/workflows/pickup/data`, { [CIC]: null });
      assert.deepEqual(cleared.json(), { note: 'kept' });
      assert.equal(await updates(), counted + 1);
    });

    test('dealer PATCH refuses a driver step, an unknown key and a wrong type, all listed (422), writing nothing', async () => {
      const booked = await bookCase(s.dealer, LOANER_PICKUP, loanerWithoutInfo());
      const loaner = booked.ids[0]!;
      const url = `/v1/moves/${loaner}/workflows/pickup/data`;
      await assertNothingWritten(s, loaner, async () => {
        const res = await s.dealer.request('PATCH', url, { odometer: 5, 'no-such-step': 1, [CIC]: 'yes', signature: 'x' });
        assertError(res, 422, 'workflow_data_invalid', [
          ['workflow_data_invalid', 'odometer'],
          ['workflow_data_invalid', 'no-such-step'],
          ['workflow_data_invalid', CIC],
          ['workflow_data_invalid', 'signature'],
        ]);
        assertError(await s.dealer.request('PATCH', `/v1/moves/${loaner}/workflows/delivery/data`, { [CIC]: true }), 422, 'workflow_data_invalid', [
          ['workflow_data_invalid', CIC],
        ]);
        assertError(await s.stranger.request('PATCH', url, { [CIC]: true }), 404, 'move_invalid');
        assertError(await s.driver.app.request('PATCH', url, { [CIC]: true }), 403, 'missing_scope');
        assertError(await s.dealer.request('PATCH', url, [1]), 400, 'invalid_json');
      });
    });

    test('dealer PATCH of a signed slot → 409; the loaner\'s gate step stays writable until delivery_started', async () => {
      const oneWay = await arrivedMove(s);
      await stepsOk(s.driver.app, oneWay.id, ['pickup_successful']);
      const res = await s.dealer.request('PATCH', `/v1/moves/${oneWay.id}/workflows/pickup/data`, { additional: 1 });
      assertError(res, 409, 'move_not_modifiable');

      const loaner = (await arrivedMove(s, LOANER_PICKUP, loanerWithoutInfo())).id;
      await stepsOk(s.driver.app, loaner, ['pickup_successful']);
      assert.equal((await workflowOf(loaner, 'pickup')).state, 'signed');
      const url = `/v1/moves/${loaner}/workflows/pickup/data`;
      await assertNothingWritten(s, loaner, async () => {
        assertError(await s.dealer.request('PATCH', url, { odometer: 3 }), 409, 'move_not_modifiable');
        assertError(await s.dealer.request('PATCH', url, { [CIC]: true, keys: 1 }), 409, 'move_not_modifiable');
      });
      const sealed = (await workflowOf(loaner, 'pickup')).report_sha256;
      const ok = await s.dealer.request('PATCH', url, { [CIC]: true });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json()[CIC], true);
      assert.equal((await workflowOf(loaner, 'pickup')).report_sha256, sealed, "the dealer's step is no part of the driver's seal");
      assert.equal((await sendStep(s.driver.app, loaner, { step: 'delivery_started', ...position })).statusCode, 200);
      await assertNothingWritten(s, loaner, async () => {
        assertError(await s.dealer.request('PATCH', url, { [CIC]: false }), 409, 'move_not_modifiable');
      });
    });

    test('booking: server-editable data checked, other keys kept as given, driver steps refused', async () => {
      const body = oneWayRequest();
      body.move.pickup_workflow_data = { additional_field: 'Hello World!', nested: { a: [1, 2] } };
      body.move.delivery_workflow_data = { po: 42 };
      const booked = await bookCase(s.dealer, ONE_WAY, body);
      assert.deepEqual(booked.doc.move.pickup_workflow_data, { additional_field: 'Hello World!', nested: { a: [1, 2] } });
      assert.deepEqual(booked.doc.move.delivery_workflow_data, { po: 42 });
      assert.deepEqual((await workflowOf(booked.ids[0]!, 'pickup')).data, { additional_field: 'Hello World!', nested: { a: [1, 2] } });

      const before = await s.t.count('moves');
      const refused = oneWayRequest();
      refused.move.pickup_workflow_data = { odometer: 100, additional_field: 'x' };
      refused.move.delivery_workflow_data = { damages: [] };
      assertError(await s.dealer.request('POST', ONE_WAY.path, refused), 400, 'field_invalid', [
        ['field_invalid', 'move.pickup_workflow_data.odometer'],
        ['field_invalid', 'move.delivery_workflow_data.damages'],
      ]);
      const loaner = conciergeLoanerRequest();
      loaner.loaner_move.pickup_workflow_data = { [CIC]: 'yes' };
      loaner.customer_move.pickup_workflow_data = { [CIC]: true };
      assertError(await s.dealer.request('POST', LOANER_PICKUP.path, loaner), 400, 'field_invalid', [
        ['field_invalid', `loaner_move.pickup_workflow_data.${CIC}`],
      ]);
      const notObject = oneWayRequest();
      notObject.move.pickup_workflow_data = 'odometer=5';
      assertError(await s.dealer.request('POST', ONE_WAY.path, notObject), 400, 'field_invalid', [['field_invalid', 'move.pickup_workflow_data']]);
      assert.equal(await s.t.count('moves'), before, 'nothing booked');
    });

    test('booking: workflowset_id must be one of the rooftop\'s sets', async () => {
      const db = s.t.deps.database.db;
      const now = s.t.clock.now();
      const otherRooftop = await s.t.addRooftop({ name: 'Other lot' });
      const foreign = await insertSet(db, { rooftop_id: otherRooftop, name: 'Theirs', description: 'not ours', is_default: 1, created_at: now, updated_at: now });
      const builtIn = (await bookCase(s.dealer, ONE_WAY)).doc.move.workflowset as number;
      for (const type of ['pickup', 'delivery']) {
        await upsertWorkflow(db, { workflow_set_id: foreign.id, type, name: `Their ${type}`, description: 'x', steps: '[]' });
      }
      const before = await s.t.count('moves');
      for (const bad of [foreign.id, 99_999_999, 'one', 1.5]) {
        const body = oneWayRequest();
        body.move.workflowset_id = bad;
        assertError(await s.dealer.request('POST', ONE_WAY.path, body), 400, 'field_invalid', [['field_invalid', 'move.workflowset_id']]);
      }
      assert.equal(await s.t.count('moves'), before, 'nothing booked');
      const chosen = oneWayRequest();
      chosen.move.workflowset_id = builtIn;
      assert.equal((await bookCase(s.dealer, ONE_WAY, chosen)).doc.move.workflowset, builtIn);
    });
  });
}
