// Uploads refused (spec §10.3, §4): each answer a §4 error naming its field, and NOTHING stored — no
// photos row, no event, no new file under PHOTO_DIR, the documents as they were. The app runs with
// PHOTO_MAX_BYTES=2048, so a larger image is the 413. The process gets a temporary directory of its
// own (TMPDIR), so the test sees that no upload's temporary file outlives its request.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { engines } from '../support/databases.ts';
import { assertError, type Caller, ONE_WAY, type Problem, stepsOk } from '../support/lifecycle.ts';
import { multipart, sampleImage, sendMultipart, signSlot, uploadPhoto } from '../support/inspection.ts';
import { oneWayRequest } from '../support/requests.ts';
import { arrivedMove, assertNothingWritten, dispatchedMove, type Scene, startScene } from '../support/inspection-scene.ts';
import { insertSet, upsertWorkflow } from '../../src/modules/workflows/records/workflow-sets.repository.ts';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const FIELDS = { step_id: 'front', slot: 'pickup' };
const at = (code: string, ...fields: string[]): Problem[] => fields.map((f) => [code, f]);

/** A JPEG of noise (so its scan data is most of it), cut in half. */
async function truncatedJpeg(): Promise<Buffer> {
  const whole = await sharp(randomBytes(40 * 30 * 3), { raw: { width: 40, height: 30, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  assert.ok(whole.length < 4096);
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/** A multipart body with two file parts. */
function twoFiles(a: Buffer, b: Buffer): { body: Buffer; contentType: string } {
  const one = multipart(FIELDS, { data: a });
  const boundary = one.contentType.split('boundary=')[1]!;
  const second = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    b,
    Buffer.from('\r\n'),
  ]);
  const end = one.body.lastIndexOf(`--${boundary}--`);
  return { body: Buffer.concat([one.body.subarray(0, end), second, one.body.subarray(end)]), contentType: one.contentType };
}

const privateTmp = mkdtempSync(join(tmpdir(), 'handoff-refusals-'));
process.env.TMPDIR = privateTmp;
after(() => rmSync(privateTmp, { recursive: true, force: true }));
const uploadTempDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('handoff-upload-'));

for (const engine of engines()) {
  describe(`photo uploads refused on ${engine}`, () => {
    let s: Scene;
    let moveId: number;
    before(async () => {
      s = await startScene(engine, { PHOTO_MAX_BYTES: '2048' });
      moveId = (await arrivedMove(s)).id;
    });
    after(() => s.t.close());

    const photosUrl = () => `/v1/driver/moves/${moveId}/photos`;
    const send = (fields: Record<string, string>, data?: Buffer, caller: Caller = s.driver.app) =>
      sendMultipart(caller, photosUrl(), fields, data && { data });
    const raw = async (body: Buffer, contentType: string, caller: Caller = s.driver.app) =>
      s.t.request('POST', photosUrl(), { token: await caller.bearer(), body, headers: { 'content-type': contentType } });
    const refused = async (fn: () => Promise<void>) => {
      await assertNothingWritten(s, moveId, fn);
      assert.deepEqual(uploadTempDirs(), [], 'no temporary upload file left');
    };

    test('not an image by its bytes: a text file named photo.jpg, a GIF, a truncated JPEG → 400 at file', async () => {
      await refused(async () => {
        assertError(await send(FIELDS, Buffer.from('just some text, honestly')), 400, 'field_invalid', at('field_invalid', 'file'));
        assertError(await send(FIELDS, GIF), 400, 'field_invalid', at('field_invalid', 'file'));
        assertError(await send(FIELDS, await truncatedJpeg()), 400, 'field_invalid', at('field_invalid', 'file'));
        assertError(await send(FIELDS, Buffer.alloc(0)), 400, 'field_invalid', at('field_invalid', 'file'));
      });
    });

    test('over PHOTO_MAX_BYTES → 413 at file', async () => {
      const big = await sharp(randomBytes(64 * 64 * 3), { raw: { width: 64, height: 64, channels: 3 } }).png().toBuffer();
      assert.ok(big.length > 2048);
      await refused(async () => assertError(await send(FIELDS, big), 413, 'payload_too_large', at('payload_too_large', 'file')));
    });

    test('a broken form: cut off before its closing boundary, no file part, two files → 400 at file', async () => {
      const image = await sampleImage();
      const whole = multipart(FIELDS, { data: image });
      const cut = whole.body.subarray(0, whole.body.length - 60);
      await refused(async () => {
        assertError(await raw(cut, whole.contentType), 400, 'field_invalid', at('field_invalid', 'file'));
        assertError(await send(FIELDS), 400, 'field_missing', at('field_missing', 'file'));
        assertError(await raw(twoFiles(image, image).body, twoFiles(image, image).contentType), 400, 'field_invalid', at('field_invalid', 'file'));
        const misnamed = multipart(FIELDS, { data: image, field: 'photo' });
        assertError(await raw(misnamed.body, misnamed.contentType), 400, 'field_invalid', at('field_invalid', 'photo'));
      });
    });

    test('the fields: missing, invalid, all listed; a step that takes no photo → 400 at step_id', async () => {
      const image = await sampleImage();
      await refused(async () => {
        assertError(await send({ step_id: 'front' }, image), 400, 'field_missing', at('field_missing', 'slot'));
        assertError(await send({ slot: 'pickup' }, image), 400, 'field_missing', at('field_missing', 'step_id'));
        assertError(await send({ ...FIELDS, slot: 'middle' }, image), 400, 'field_invalid', at('field_invalid', 'slot'));
        const bad = { ...FIELDS, taken_at: 'yesterday', lat: '91', lon: 'west' };
        assertError(await send(bad, image), 400, 'field_invalid', at('field_invalid', 'taken_at', 'lat', 'lon'));
        assertError(await send({ ...FIELDS, taken_at: '2026-03-18T11:00:00' }, image), 400, 'field_invalid', at('field_invalid', 'taken_at'));
        for (const step of ['odometer', 'signature', 'no-such-step']) {
          assertError(await send({ ...FIELDS, step_id: step }, image), 400, 'field_invalid', at('field_invalid', 'step_id'));
        }
      });
    });

    test("a photo step of the other slot's workflow is not this slot's → 400 at step_id", async () => {
      const db = s.t.deps.database.db;
      const now = s.t.clock.now();
      const set = await insertSet(db, { rooftop_id: s.t.rooftopId, name: 'Two-photo', description: 'test', is_default: 0, created_at: now, updated_at: now });
      const photoStep = (id: string) => ({ id, type: 'photo', config: { allow_server_edits: false } });
      await upsertWorkflow(db, { workflow_set_id: set.id, type: 'pickup', name: 'P', description: 'p', steps: JSON.stringify([photoStep('at-pickup')]) });
      await upsertWorkflow(db, { workflow_set_id: set.id, type: 'delivery', name: 'D', description: 'd', steps: JSON.stringify([photoStep('at-delivery')]) });
      const body = oneWayRequest();
      body.move.workflowset_id = set.id;
      const custom = await arrivedMove(s, ONE_WAY, body);
      const url = `/v1/driver/moves/${custom.id}/photos`;
      await assertNothingWritten(s, custom.id, async () => {
        const res = await sendMultipart(s.driver.app, url, { step_id: 'at-delivery', slot: 'pickup' }, { data: await sampleImage() });
        assertError(res, 400, 'field_invalid', at('field_invalid', 'step_id'));
      });
      const ok = await sendMultipart(s.driver.app, url, { step_id: 'at-pickup', slot: 'pickup' }, { data: await sampleImage() });
      assert.equal(ok.statusCode, 201, ok.body);
    });

    test('who and when: slot not open → 409, another driver → 404, a dealer → 403, JSON → 415', async () => {
      const image = await sampleImage();
      const waiting = await dispatchedMove(s);
      await assertNothingWritten(s, waiting.id, async () => {
        const early = await sendMultipart(s.driver.app, `/v1/driver/moves/${waiting.id}/photos`, FIELDS, { data: image });
        assertError(early, 409, 'move_not_modifiable');
      });
      await refused(async () => {
        assertError(await send({ ...FIELDS, slot: 'delivery' }, image), 409, 'move_not_modifiable');
        assertError(await send(FIELDS, image, s.otherDriver.app), 404, 'move_invalid');
        assertError(await send(FIELDS, image, s.dealer), 403, 'missing_scope');
        assertError(await s.driver.app.request('POST', photosUrl(), { ...FIELDS, file: image.toString('base64') }), 415, 'unsupported_media_type');
        assertError(await sendMultipart(s.driver.app, '/v1/driver/moves/99999999/photos', FIELDS, { data: image }), 404, 'move_invalid');
      });
    });

    test('signature: a JPEG → 400 at file; no signer → 400; once signed, the same again → 200, another → 409', async () => {
      const png = await sampleImage('png', 120, 40, '#ffffff');
      const signUrl = `/v1/driver/moves/${moveId}/workflows/pickup/signature`;
      await refused(async () => {
        assertError(await signSlot(s.driver.app, moveId, 'pickup', 'Jane Smith', await sampleImage('jpeg')), 400, 'field_invalid', at('field_invalid', 'file'));
        assertError(await sendMultipart(s.driver.app, signUrl, {}, { data: png }), 400, 'field_missing', at('field_missing', 'signer_name'));
        assertError(await sendMultipart(s.driver.app, signUrl, { signer_name: 'Jane Smith' }), 400, 'field_missing', at('field_missing', 'file'));
      });
      const first = await signSlot(s.driver.app, moveId, 'pickup', 'Jane Smith', png);
      assert.equal(first.statusCode, 201, first.body);
      await refused(async () => {
        const same = await signSlot(s.driver.app, moveId, 'pickup', 'Jane Smith', png);
        assert.equal(same.statusCode, 200, same.body);
        assert.deepEqual(same.json(), first.json());
        assertError(await signSlot(s.driver.app, moveId, 'pickup', 'Jane Smith', await sampleImage('png', 120, 40, '#eeeeee')), 409, 'move_not_modifiable');
        assertError(await signSlot(s.driver.app, moveId, 'pickup', 'John Doe', png), 409, 'move_not_modifiable');
      });
    });

    test('every JSON endpoint still answers a multipart body with 415', async () => {
      const form = multipart({ move: 'x' }, { data: await sampleImage() });
      const other = await arrivedMove(s);
      const endpoints: [string, string, Caller][] = [
        ['POST', '/v1/one-way-moves', s.dealer],
        ['PATCH', `/v1/moves/${other.id}/workflows/pickup/data`, s.dealer],
        ['PATCH', `/v1/driver/moves/${other.id}/workflows/pickup/data`, s.driver.app],
        ['PUT', `/v1/driver/moves/${other.id}/condition/pickup`, s.driver.app],
        ['POST', `/v1/driver/moves/${other.id}/steps`, s.driver.app],
      ];
      await assertNothingWritten(s, other.id, async () => {
        for (const [method, url, caller] of endpoints) {
          const res = await s.t.request(method, url, { token: await caller.bearer(), body: form.body, headers: { 'content-type': form.contentType } });
          assertError(res, 415, 'unsupported_media_type');
        }
      });
      await stepsOk(s.driver.app, other.id, ['pickup_successful']);
      assert.equal((await uploadPhoto(s.driver.app, moveId, 'pickup', 'front')).statusCode, 201, 'uploads still work');
      assert.deepEqual(uploadTempDirs(), [], 'no temporary upload file left');
    });
  });
}
