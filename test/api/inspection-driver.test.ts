// The driver's side of inspections (spec §10.2, §10.4): the slot view, the PATCH of steps and the
// condition report in one PUT — only while the slot is open, every bad value named by its path
// (damages.0.panel …), a PUT clearing what it leaves out — and nothing written by a refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { assertError, type Doc, ONE_WAY, type Problem, stepsOk } from '../support/lifecycle.ts';
import { oneWayRequest } from '../support/requests.ts';
import { sampleImage, uploadPhoto } from '../support/inspection.ts';
import { arrivedMove, assertNothingWritten, dispatchedMove, type Scene, startScene } from '../support/inspection-scene.ts';

const REPORT = { odometer: 12_345, fuel_level: 60, keys: 2, damages: [{ panel: 'hood', type: 'scratch', severity: 2 }], notes: 'Light scratch on the hood' };
const STORED_FINDING = { panel: 'hood', type: 'scratch', severity: 2, note: null, photo_ids: [] };

const invalid = (...fields: string[]): Problem[] => fields.map((f) => ['workflow_data_invalid', f]);

for (const engine of engines()) {
  describe(`inspection workflows, the driver's side, on ${engine}`, () => {
    let s: Scene;
    before(async () => {
      s = await startScene(engine);
    });
    after(() => s.t.close());

    const slotUrl = (moveId: number, slot = 'pickup') => `/v1/driver/moves/${moveId}/workflows/${slot}`;
    const patch = (moveId: number, body: unknown, slot = 'pickup') => s.driver.app.request('PATCH', `${slotUrl(moveId, slot)}/data`, body);
    const put = (moveId: number, body: unknown, slot = 'pickup') => s.driver.app.request('PUT', `/v1/driver/moves/${moveId}/condition/${slot}`, body);

    test('the slot opens at pickup arrived: before it, and the delivery slot meanwhile, writes are 409 and change nothing', async () => {
      const move = await dispatchedMove(s);
      const refuseAll = async (slot: string) => {
        assertError(await patch(move.id, { odometer: 1 }, slot), 409, 'move_not_modifiable');
        assertError(await put(move.id, REPORT, slot), 409, 'move_not_modifiable');
      };
      await assertNothingWritten(s, move.id, () => refuseAll('pickup'));
      await stepsOk(s.driver.app, move.id, ['pickup_started']);
      await assertNothingWritten(s, move.id, () => refuseAll('pickup'));
      await stepsOk(s.driver.app, move.id, ['pickup_arrived']);
      await assertNothingWritten(s, move.id, () => refuseAll('delivery'), 'delivery');
      const open = await patch(move.id, { odometer: 1 });
      assert.equal(open.statusCode, 200, open.body);
    });

    test('the driver\'s slot view: steps, state, values, photos and what is missing; only for the move\'s driver', async () => {
      const move = await arrivedMove(s);
      const res = await s.driver.app.request('GET', slotUrl(move.id));
      assert.equal(res.statusCode, 200, res.body);
      const view = res.json();
      assert.deepEqual(Object.keys(view), ['id', 'name', 'description', 'type', 'steps', 'slot', 'state', 'data', 'signed_at', 'report_sha256', 'missing', 'photos', 'prior_damages']);
      assert.deepEqual([view.state, view.missing, view.photos, view.prior_damages], ['open', ['odometer', 'fuel-level', 'damages'], [], []]);
      const dealerView = (await s.dealer.request('GET', `/v1/moves/${move.id}/workflows/pickup`)).json();
      assert.deepEqual(Object.fromEntries(Object.entries(view).slice(0, 10)), dealerView);
      assertError(await s.otherDriver.app.request('GET', slotUrl(move.id)), 404, 'move_invalid');
      assertError(await s.otherDriver.app.request('PATCH', `${slotUrl(move.id)}/data`, { odometer: 1 }), 404, 'move_invalid');
      assertError(await s.otherDriver.app.request('PUT', `/v1/driver/moves/${move.id}/condition/pickup`, REPORT), 404, 'move_invalid');
      assertError(await s.dealer.request('GET', slotUrl(move.id)), 403, 'missing_scope');
    });

    test('PATCH: every step of the slot but uploads, merged, typed, idempotent', async () => {
      const body = oneWayRequest();
      body.move.pickup_workflow_data = { additional_field: 'Hello World!' };
      const move = await arrivedMove(s, ONE_WAY, body);
      const first = await patch(move.id, { odometer: 12_000, 'fuel-level': 80 });
      assert.equal(first.statusCode, 200, first.body);
      const second = await patch(move.id, { keys: 2, damages: REPORT.damages, 'driver-notes': 'ok' });
      const data = second.json().data;
      assert.deepEqual(data, { additional_field: 'Hello World!', odometer: 12_000, 'fuel-level': 80, keys: 2, damages: [STORED_FINDING], 'driver-notes': 'ok' });
      assert.deepEqual(second.json().missing, []);
      const again = await patch(move.id, { keys: 2, damages: REPORT.damages, 'driver-notes': 'ok' });
      assert.deepEqual(again.json(), second.json());
      const cleared = await patch(move.id, { 'driver-notes': null });
      assert.equal('driver-notes' in cleared.json().data, false);
    });

    test('PATCH refuses wrong types, unknown steps and uploads, naming each key and path; nothing written', async () => {
      const move = await arrivedMove(s);
      const elsewhere = await arrivedMove(s);
      const foreign = await uploadPhoto(s.driver.app, elsewhere.id, 'pickup', 'damages');
      assert.equal(foreign.statusCode, 201, foreign.body);
      const closeUp = await uploadPhoto(s.driver.app, move.id, 'pickup', 'damages', await sampleImage('jpeg', 40, 40, '#aa0000'));
      assert.equal(closeUp.statusCode, 201, closeUp.body);
      const bad = {
        odometer: '12000',
        'fuel-level': 101,
        keys: 1.5,
        'driver-notes': 5,
        front: 'a photo',
        signature: 'Jane',
        'no-such-step': true,
        damages: [
          { panel: 'bumper-sticker', type: 'dent', severity: 5, photo_ids: [foreign.json().id, closeUp.json().id] },
          { panel: 'hood', type: 'melted', severity: 0, note: 7 },
          'scratch',
        ],
      };
      await assertNothingWritten(s, move.id, async () => {
        const res = await patch(move.id, bad);
        assertError(res, 422, 'workflow_data_invalid', invalid(
          'odometer', 'fuel-level', 'keys', 'driver-notes', 'front', 'signature', 'no-such-step',
          'damages.0.panel', 'damages.0.severity', 'damages.0.photo_ids.0',
          'damages.1.type', 'damages.1.severity', 'damages.1.note', 'damages.2',
        ));
        assertError(await patch(move.id, { damages: {} }), 422, 'workflow_data_invalid', invalid('damages'));
        assertError(await patch(move.id, [{ odometer: 1 }]), 400, 'invalid_json');
      });
      const ok = await patch(move.id, { damages: [{ panel: 'left-front-door', type: 'dent', severity: 4, photo_ids: [closeUp.json().id] }] });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json().data.damages[0].photo_ids, [closeUp.json().id]);
    });

    test('a photo of the other slot is not this slot\'s: damages.0.photo_ids.0 at delivery', async () => {
      const move = await arrivedMove(s);
      const pickupPhoto = (await uploadPhoto(s.driver.app, move.id, 'pickup', 'damages')).json().id as string;
      await stepsOk(s.driver.app, move.id, ['pickup_successful', 'delivery_started', 'delivery_arrived']);
      await assertNothingWritten(s, move.id, async () => {
        const res = await put(move.id, { ...REPORT, damages: [{ panel: 'hood', type: 'dent', severity: 1, photo_ids: [pickupPhoto] }] }, 'delivery');
        assertError(res, 422, 'workflow_data_invalid', invalid('damages.0.photo_ids.0'));
      }, 'delivery');
    });

    test('PUT condition: the report in one call, problems named by its fields; a field left out clears its step', async () => {
      const body = oneWayRequest();
      body.move.pickup_workflow_data = { additional_field: 'Hello World!' };
      const move = await arrivedMove(s, ONE_WAY, body);
      const photo = await uploadPhoto(s.driver.app, move.id, 'pickup', 'front');
      assert.equal(photo.statusCode, 201, photo.body);
      await assertNothingWritten(s, move.id, async () => {
        const res = await put(move.id, { odometer: 'lots', fuel_level: 101, keys: -1, notes: ['x'], damages: [{ panel: 'wing', type: 'dent', severity: 5 }] });
        // Read at the route like any body (400, every path); what fits is then held to the steps (422).
        const shape = ['odometer', 'fuel_level', 'keys', 'notes', 'damages.0.panel', 'damages.0.severity'];
        assertError(res, 400, 'field_invalid', shape.map((f) => ['field_invalid', f]));
      });
      const full = await put(move.id, { ...REPORT, unknown_field: 'ignored' });
      assert.equal(full.statusCode, 200, full.body);
      const expected: Doc = {
        additional_field: 'Hello World!',
        front: photo.json().id,
        odometer: 12_345,
        'fuel-level': 60,
        keys: 2,
        damages: [STORED_FINDING],
        'driver-notes': 'Light scratch on the hood',
      };
      assert.deepEqual(full.json().data, expected);
      const again = await put(move.id, REPORT);
      assert.deepEqual(again.json(), full.json(), 'idempotent');
      const smaller = await put(move.id, { odometer: 12_346, damages: [] });
      assert.equal(smaller.statusCode, 200, smaller.body);
      assert.deepEqual(smaller.json().data, { additional_field: 'Hello World!', front: photo.json().id, odometer: 12_346, damages: [] });
      assert.deepEqual(smaller.json().missing, ['fuel-level']);
      const doc = (await s.dealer.request('GET', `/v1/moves/${move.id}`)).json();
      assert.deepEqual(doc.move.pickup_workflow_data, smaller.json().data);
    });
  });
}
