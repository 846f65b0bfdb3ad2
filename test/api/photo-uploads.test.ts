// Photo uploads and reads (spec §10.3): JPEG, PNG and WebP judged by their bytes, answered with the
// photo object (doc keys exactly, then ours), announced by photo.status.changed, listed in the move
// document; idempotent by sha256; a retake replaces the step's photo; the signed link, the bearer
// token, and who may read what; the thumbnail made by a real image library.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { PUBLIC_URL } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { assertError, type Doc, iso, UUID } from '../support/lifecycle.ts';
import { sampleImage, uploadPhoto } from '../support/inspection.ts';
import { arrivedMove, rowCounts, type Scene, startScene, storedFiles } from '../support/inspection-scene.ts';

const PHOTO_KEYS = ['id', 'move_id', 'name', 'step_id', 'url', 'status', 'time', 'lat', 'lon', 'slot', 'sha256', 'width', 'height', 'bytes', 'content_type', 'received_at', 'thumbnail_url'];
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pathOf = (url: string) => url.slice(PUBLIC_URL.length);

for (const engine of engines()) {
  describe(`photo uploads on ${engine}`, () => {
    let s: Scene;
    before(async () => {
      s = await startScene(engine);
    });
    after(() => s.t.close());

    const photoEvents = (moveId: number) =>
      s.t.deps.database.db.selectFrom('events').select(['type', 'data']).where('move_id', '=', moveId).where('type', '=', 'photo.status.changed').orderBy('position').execute();
    const documentPhotos = async (moveId: number): Promise<Doc[]> => (await s.dealer.request('GET', `/v1/moves/${moveId}`)).json().move.pickup_photos;

    test('JPEG, PNG and WebP → 201 with the photo object, the event carrying it, and the document listing it', async () => {
      const move = await arrivedMove(s);
      const uploads = [
        { step: 'front', format: 'jpeg', type: 'image/jpeg' },
        { step: 'rear', format: 'png', type: 'image/png' },
        { step: 'left', format: 'webp', type: 'image/webp' },
      ] as const;
      const answers: Doc[] = [];
      for (const [i, u] of uploads.entries()) {
        s.t.clock.advance(1000); // the document lists photos oldest first
        const bytes = await sampleImage(u.format, 90 + i, 60);
        const res = await uploadPhoto(s.driver.app, move.id, 'pickup', u.step, bytes, { taken_at: '2026-03-18 11:58:30', lat: '37.5407', lon: '-77.436' });
        assert.equal(res.statusCode, 201, res.body);
        const photo = res.json();
        assert.deepEqual(Object.keys(photo), PHOTO_KEYS);
        assert.match(photo.id, UUID);
        assert.deepEqual(
          [photo.move_id, photo.name, photo.step_id, photo.status, photo.time, photo.lat, photo.lon, photo.slot],
          [move.id, u.step, u.step, 'done', '2026-03-18T11:58:30Z', 37.5407, -77.436, 'pickup'],
        );
        assert.deepEqual([photo.sha256, photo.width, photo.height, photo.bytes, photo.content_type], [sha256(bytes), 90 + i, 60, bytes.length, u.type]);
        assert.equal(photo.received_at, iso(s.t.clock.now()));
        assert.match(photo.url, new RegExp(`^${PUBLIC_URL}/v1/photos/${photo.id}\\?exp=\\d+&sig=[A-Za-z0-9_-]{32}$`));
        assert.match(photo.thumbnail_url, new RegExp(`^${PUBLIC_URL}/v1/photos/${photo.id}/thumbnail\\?exp=\\d+&sig=[A-Za-z0-9_-]{32}$`));
        answers.push(photo);
      }
      const files = await storedFiles(s);
      for (const a of answers) {
        const ext = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }[a.content_type as string];
        const base = `rooftops/${s.t.rooftopId}/moves/${move.id}/${a.sha256}`;
        assert.ok(files.includes(`${base}.${ext}`) && files.includes(`${base}.thumb.jpg`), `${base} stored: ${files.join(', ')}`);
      }
      const events = await photoEvents(move.id);
      assert.deepEqual(events.map((e) => e.type), ['photo.status.changed', 'photo.status.changed', 'photo.status.changed']);
      assert.deepEqual(events.map((e) => JSON.parse(e.data)), answers, 'each event carries the photo object');
      assert.deepEqual(await documentPhotos(move.id), answers);
      const view = (await s.driver.app.request('GET', `/v1/driver/moves/${move.id}/workflows/pickup`)).json();
      assert.deepEqual([view.data.front, view.data.rear, view.data.left], answers.map((a) => a.id));
      assert.deepEqual(view.photos, answers);
    });

    test('the same bytes again → 200, the same photo, nothing new; a retake replaces the step\'s photo', async () => {
      const move = await arrivedMove(s);
      const first = await sampleImage('jpeg', 80, 60, '#101010');
      const created = await uploadPhoto(s.driver.app, move.id, 'pickup', 'front', first);
      assert.equal(created.statusCode, 201, created.body);
      const counts = await rowCounts(s.t);
      const files = await storedFiles(s);
      const again = await uploadPhoto(s.driver.app, move.id, 'pickup', 'front', first);
      assert.equal(again.statusCode, 200, again.body);
      assert.deepEqual(again.json(), created.json());
      assert.deepEqual(await rowCounts(s.t), counts, 'nothing new');
      assert.deepEqual(await storedFiles(s), files, 'no new file');

      s.t.clock.advance(1000);
      const retake = await uploadPhoto(s.driver.app, move.id, 'pickup', 'front', await sampleImage('jpeg', 80, 60, '#202020'));
      assert.equal(retake.statusCode, 201, retake.body);
      assert.notEqual(retake.json().id, created.json().id);
      assert.deepEqual(await documentPhotos(move.id), [retake.json()], 'the retake replaced the first');
      const view = (await s.driver.app.request('GET', `/v1/driver/moves/${move.id}/workflows/pickup`)).json();
      assert.equal(view.data.front, retake.json().id);

      const back = await uploadPhoto(s.driver.app, move.id, 'pickup', 'front', first);
      assert.equal(back.statusCode, 200, back.body);
      assert.equal(back.json().id, created.json().id, 'the first bytes are the first photo');
      assert.deepEqual((await documentPhotos(move.id)).map((p) => p.id), [created.json().id]);
      const after = (await s.driver.app.request('GET', `/v1/driver/moves/${move.id}/workflows/pickup`)).json();
      assert.equal(after.data.front, created.json().id, 'the slot data follows the photo shown');
    });

    test('the signed url downloads the bytes without a token; an edited sig or an expired link → 404', async () => {
      const move = await arrivedMove(s);
      const bytes = await sampleImage('png', 50, 50, '#00ff00');
      const photo = (await uploadPhoto(s.driver.app, move.id, 'pickup', 'rear', bytes)).json();
      const got = await s.t.request('GET', pathOf(photo.url), { token: null });
      assert.equal(got.statusCode, 200, got.body);
      assert.equal(got.headers['content-type'], 'image/png');
      assert.ok(got.rawPayload.equals(bytes));
      const thumb = await s.t.request('GET', pathOf(photo.thumbnail_url), { token: null });
      assert.equal(thumb.statusCode, 200);
      assert.equal((await sharp(thumb.rawPayload).metadata()).format, 'jpeg');
      const url = new URL(photo.url);
      const sig = url.searchParams.get('sig')!;
      url.searchParams.set('sig', `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`);
      assertError(await s.t.request('GET', `${url.pathname}${url.search}`, { token: null }), 404, 'not_found');
      const other = new URL(photo.url);
      other.searchParams.set('exp', String(Number(other.searchParams.get('exp')) + 3600));
      assertError(await s.t.request('GET', `${other.pathname}${other.search}`, { token: null }), 404, 'not_found');
      assertError(await s.t.request('GET', `${pathOf(photo.thumbnail_url).replace('/thumbnail', '')}`, { token: null }), 404, 'not_found');
      s.t.clock.advance(2 * 3600_000);
      assertError(await s.t.request('GET', pathOf(photo.url), { token: null }), 404, 'not_found');
      assertError(await s.t.request('GET', pathOf(photo.thumbnail_url), { token: null }), 404, 'not_found');
      const fresh = (await documentPhotos(move.id))[0]!;
      assert.notEqual(fresh.url, photo.url, 'a new link is made as time goes on');
      assert.equal((await s.t.request('GET', pathOf(fresh.url), { token: null })).statusCode, 200);
    });

    test('GET /v1/photos/:id with a token: the dealer and the move\'s driver read it; another rooftop or driver → 404', async () => {
      const move = await arrivedMove(s);
      const bytes = await sampleImage('webp', 70, 40, '#ff00ff');
      const photo = (await uploadPhoto(s.driver.app, move.id, 'pickup', 'left', bytes)).json();
      for (const reader of [s.dealer, s.ops, s.driver.app]) {
        const res = await reader.request('GET', `/v1/photos/${photo.id}`);
        assert.equal(res.statusCode, 200, res.body);
        assert.ok(res.rawPayload.equals(bytes));
        assert.equal(res.headers['content-type'], 'image/webp');
      }
      for (const outsider of [s.stranger, s.otherDriver.app]) {
        assertError(await outsider.request('GET', `/v1/photos/${photo.id}`), 404, 'not_found');
        assertError(await outsider.request('GET', `/v1/photos/${photo.id}/thumbnail`), 404, 'not_found');
      }
      assertError(await s.t.request('GET', `/v1/photos/${photo.id}`, { token: null }), 401, 'access_denied');
      assertError(await s.dealer.request('GET', '/v1/photos/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
      assertError(await s.dealer.request('GET', '/v1/photos/not-a-uuid'), 404, 'not_found');
    });

    test('a 2000×1500 upload of megabytes keeps its size and bytes; its thumbnail is at most 640 px', async () => {
      const move = await arrivedMove(s);
      // Noise, so the file is megabytes (far over the JSON body limit), streamed in many chunks.
      const big = await sharp(randomBytes(2000 * 1500 * 3), { raw: { width: 2000, height: 1500, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
      assert.ok(big.length > 1024 * 1024, `${big.length} bytes`);
      const res = await uploadPhoto(s.driver.app, move.id, 'pickup', 'interior', big);
      assert.equal(res.statusCode, 201, res.body);
      const photo = res.json();
      assert.deepEqual([photo.width, photo.height, photo.bytes, photo.sha256], [2000, 1500, big.length, sha256(big)]);
      const thumb = await s.dealer.request('GET', `/v1/photos/${photo.id}/thumbnail`);
      assert.equal(thumb.statusCode, 200);
      const meta = await sharp(thumb.rawPayload).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 640, 480]);
      const original = await s.dealer.request('GET', `/v1/photos/${photo.id}`);
      assert.ok(original.rawPayload.equals(big), 'the original is never changed');
    });

    test('a photo taken sideways (EXIF orientation 6) is reported and thumbnailed upright', async () => {
      const move = await arrivedMove(s);
      const sideways = await sharp({ create: { width: 80, height: 40, channels: 3, background: '#336699' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
      const res = await uploadPhoto(s.driver.app, move.id, 'pickup', 'right', sideways);
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual([res.json().width, res.json().height], [40, 80]);
      const thumb = await sharp((await s.dealer.request('GET', `/v1/photos/${res.json().id}/thumbnail`)).rawPayload).metadata();
      assert.deepEqual([thumb.width, thumb.height], [40, 80]);
    });
  });
}
