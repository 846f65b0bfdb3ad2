// Completing a slot (spec §10.4): `<slot>_successful` is refused with workflow_incomplete naming
// exactly the missing required steps; a loaner's delivery waits for the dealer's
// consumer-info-complete; signing freezes the slot and seals it with report_sha256 — a hash this
// test recomputes on its own from what the API shows.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { assertError, type Doc, iso, MOVE_TYPE_CASES, position, sendStep, stepsOk } from '../support/lifecycle.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';
import { reportCondition, sampleImage, signSlot, uploadPhoto } from '../support/inspection.ts';
import { arrivedMove, assertNothingWritten, type Scene, startScene } from '../support/inspection-scene.ts';

const CIC = 'consumer-info-complete';
const LOANER_PICKUP = MOVE_TYPE_CASES.find((c) => c.name === 'concierge-loaner pickup')!;
const CONCIERGE = MOVE_TYPE_CASES.find((c) => c.name === 'concierge pickup')!;
const missing = (slot: string, ...steps: string[]) => steps.map((st) => ['workflow_incomplete', `${slot}_workflow_data.${st}`] as [string, string]);

/** JSON with object keys sorted (RFC 8785 for the values a report holds), written here independently of src. */
function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson((v as Doc)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The seal as the spec describes it: the slot's driver data and its photos' hashes. */
function expectedSeal(slot: string, moveId: number, data: Doc, photos: { id: string; step_id: string; sha256: string }[]): string {
  const driverData = Object.fromEntries(Object.entries(data).filter(([k]) => k !== CIC));
  const sorted = photos.map(({ id, step_id, sha256 }) => ({ id, step_id, sha256 })).sort((a, b) => (a.id < b.id ? -1 : 1));
  return createHash('sha256').update(sortedJson({ slot, move_id: moveId, data: driverData, photos: sorted })).digest('hex');
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

for (const engine of engines()) {
  describe(`completing an inspection slot on ${engine}`, () => {
    let s: Scene;
    before(async () => {
      s = await startScene(engine);
    });
    after(() => s.t.close());

    const step = (moveId: number, name: string) => sendStep(s.driver.app, moveId, { step: name, ...position });
    const view = async (moveId: number, slot = 'pickup') => (await s.driver.app.request('GET', `/v1/driver/moves/${moveId}/workflows/${slot}`)).json();

    test('pickup_successful is refused (409) naming exactly the missing required steps, writing nothing', async () => {
      const oneWay = await arrivedMove(s);
      await assertNothingWritten(s, oneWay.id, async () => {
        assertError(await step(oneWay.id, 'pickup_successful'), 409, 'workflow_incomplete', missing('pickup', 'odometer', 'fuel-level', 'damages'));
      });
      assert.equal((await reportCondition(s.driver.app, oneWay.id, 'pickup', { odometer: 10, keys: 1 })).statusCode, 200);
      await assertNothingWritten(s, oneWay.id, async () => {
        assertError(await step(oneWay.id, 'pickup_successful'), 409, 'workflow_incomplete', missing('pickup', 'fuel-level', 'damages'));
      });
      const concierge = await arrivedMove(s, CONCIERGE);
      assert.equal((await reportCondition(s.driver.app, concierge.id, 'pickup')).statusCode, 200);
      await assertNothingWritten(s, concierge.id, async () => {
        assertError(await step(concierge.id, 'pickup_successful'), 409, 'workflow_incomplete', missing('pickup', 'signer-name', 'signature'));
      });
      assert.equal((await signSlot(s.driver.app, concierge.id, 'pickup')).statusCode, 201);
      assert.equal((await step(concierge.id, 'pickup_successful')).statusCode, 200);
    });

    test("a loaner's delivery_started waits for the dealer's consumer-info-complete to be true; then every step passes", async () => {
      const body = conciergeLoanerRequest();
      delete body.loaner_move.pickup_workflow_data;
      const loaner = (await arrivedMove(s, LOANER_PICKUP, body)).id;
      // The driver the gate holds back may not open it, neither by PATCH nor with the report.
      await assertNothingWritten(s, loaner, async () => {
        const res = await s.driver.app.request('PATCH', `/v1/driver/moves/${loaner}/workflows/pickup/data`, { [CIC]: true, keys: 'two' });
        assertError(res, 422, 'workflow_data_invalid', [['workflow_data_invalid', CIC], ['workflow_data_invalid', 'keys']]);
      });
      await stepsOk(s.driver.app, loaner, ['pickup_successful']);
      const gate = missing('pickup', CIC);
      await assertNothingWritten(s, loaner, async () => assertError(await step(loaner, 'delivery_started'), 409, 'workflow_incomplete', gate));
      const url = `/v1/moves/${loaner}/workflows/pickup/data`;
      assert.equal((await s.dealer.request('PATCH', url, { [CIC]: false })).statusCode, 200);
      assertError(await step(loaner, 'delivery_started'), 409, 'workflow_incomplete', gate);
      assert.equal((await s.dealer.request('PATCH', url, { [CIC]: true })).statusCode, 200);
      await stepsOk(s.driver.app, loaner, ['delivery_started', 'delivery_arrived', 'delivery_successful']);
      const doc = (await s.dealer.request('GET', `/v1/moves/${loaner}`)).json();
      assert.equal(doc.loaner_move.status, 'delivery successful');
      assert.equal((await view(loaner, 'delivery')).state, 'signed');
    });

    test('signing freezes the slot: driver PATCH, PUT, photo and signature → 409, nothing written', async () => {
      const move = await arrivedMove(s);
      await stepsOk(s.driver.app, move.id, ['pickup_successful']);
      assert.equal((await view(move.id)).state, 'signed');
      await assertNothingWritten(s, move.id, async () => {
        assertError(await s.driver.app.request('PATCH', `/v1/driver/moves/${move.id}/workflows/pickup/data`, { keys: 3 }), 409, 'move_not_modifiable');
        assertError(await reportCondition(s.driver.app, move.id, 'pickup'), 409, 'move_not_modifiable');
        assertError(await uploadPhoto(s.driver.app, move.id, 'pickup', 'front'), 409, 'move_not_modifiable');
        assertError(await signSlot(s.driver.app, move.id, 'pickup', 'Someone Else'), 409, 'move_not_modifiable');
      });
    });

    test('report_sha256: 64 hex over the data and photo hashes, recomputed here; another odometer, another seal', async () => {
      const seals: string[] = [];
      for (const odometer of [40_000, 40_001]) {
        const move = await arrivedMove(s, CONCIERGE);
        const front = await sampleImage('jpeg', 64, 48, '#123456');
        assert.equal((await uploadPhoto(s.driver.app, move.id, 'pickup', 'front', front)).statusCode, 201);
        const report = { odometer, fuel_level: 50, keys: 1, damages: [{ panel: 'roof', type: 'dent', severity: 3, note: 'hail' }], notes: 'ok' };
        assert.equal((await reportCondition(s.driver.app, move.id, 'pickup', report)).statusCode, 200);
        const signature = await sampleImage('png', 120, 40, '#ffffff');
        assert.equal((await signSlot(s.driver.app, move.id, 'pickup', 'Jane Smith', signature)).statusCode, 201);
        const before = await view(move.id);
        assert.equal(before.report_sha256, null);
        assert.equal((await step(move.id, 'pickup_successful')).statusCode, 200);
        const signed = await view(move.id);
        assert.match(signed.report_sha256, /^[0-9a-f]{64}$/);
        assert.equal(signed.signed_at, iso(s.t.clock.now()));
        const photos = [...signed.photos, { id: signed.data.signature, step_id: 'signature', sha256: sha256(signature) }];
        assert.deepEqual(signed.photos.map((p: Doc) => p.sha256), [sha256(front)]);
        assert.equal(signed.report_sha256, expectedSeal('pickup', move.id, signed.data, photos));
        assert.notEqual(signed.report_sha256, expectedSeal('pickup', move.id, { ...signed.data, odometer: odometer + 1 }, photos));
        const dealer = (await s.dealer.request('GET', `/v1/moves/${move.id}/workflows/pickup`)).json();
        assert.equal(dealer.report_sha256, signed.report_sha256);
        seals.push(signed.report_sha256);
      }
      assert.notEqual(seals[0], seals[1]);
    });
  });
}
