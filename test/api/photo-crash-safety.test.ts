// Crash safety of uploads (spec §10.3: "A crash between storing the photo bytes and committing its
// row leaves no row pointing at missing bytes"). The bytes are stored first, then the row commits:
// here the database refuses the row (a trigger) after the bytes are in the store — the answer is a
// clean 500, no row exists, and a retry succeeds. Then a burst of parallel uploads of two images to
// one step: every row's bytes are in the store, and the slot shows one of the two photos.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { engines } from '../support/databases.ts';
import type { Doc } from '../support/lifecycle.ts';
import { sampleImage, uploadPhoto } from '../support/inspection.ts';
import { arrivedMove, assertCleanError, rowCounts, type Scene, startScene, storedFiles } from '../support/inspection-scene.ts';

const REFUSAL = 'photo row refused by the crash test';

/** Makes the database refuse every new photos row (what a crash before the commit leaves: no row). */
async function refusePhotoRows(s: Scene, refuse: boolean): Promise<void> {
  const db = s.t.deps.database.db;
  if (s.t.engine === 'sqlite') {
    if (refuse) await sql.raw(`CREATE TRIGGER refuse_photos BEFORE INSERT ON photos BEGIN SELECT RAISE(ABORT, '${REFUSAL}'); END`).execute(db);
    else await sql.raw('DROP TRIGGER refuse_photos').execute(db);
    return;
  }
  if (refuse) {
    await sql.raw(`CREATE FUNCTION refuse_photos() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '${REFUSAL}'; END $$ LANGUAGE plpgsql`).execute(db);
    await sql.raw('CREATE TRIGGER refuse_photos BEFORE INSERT ON photos FOR EACH ROW EXECUTE FUNCTION refuse_photos()').execute(db);
  } else {
    await sql.raw('DROP TRIGGER refuse_photos ON photos').execute(db);
    await sql.raw('DROP FUNCTION refuse_photos()').execute(db);
  }
}

for (const engine of engines()) {
  describe(`photo uploads: crash safety on ${engine}`, () => {
    let s: Scene;
    before(async () => {
      s = await startScene(engine);
    });
    after(() => s.t.close());

    test('the row refused after the bytes are stored: a clean 500, no row, nothing announced; the retry succeeds', async () => {
      const move = await arrivedMove(s);
      const image = await sampleImage('jpeg', 100, 80, '#445566');
      const before = { counts: await rowCounts(s.t), doc: (await s.dealer.request('GET', `/v1/moves/${move.id}`)).body };
      await refusePhotoRows(s, true);
      try {
        const res = await uploadPhoto(s.driver.app, move.id, 'pickup', 'front', image);
        const body = assertCleanError(res, 500, 'internal_server_error');
        assert.ok(!res.body.includes(REFUSAL) && !/photos|trigger/i.test(body.message), res.body);
      } finally {
        await refusePhotoRows(s, false);
      }
      assert.deepEqual(await rowCounts(s.t), before.counts, 'no row, no event, no slot change');
      assert.equal((await s.dealer.request('GET', `/v1/moves/${move.id}`)).body, before.doc);
      const stored = await storedFiles(s);
      assert.ok(stored.some((f) => f.startsWith(`rooftops/${s.t.rooftopId}/moves/${move.id}/`)), 'the bytes were stored before the commit failed');

      const retry = await uploadPhoto(s.driver.app, move.id, 'pickup', 'front', image);
      assert.equal(retry.statusCode, 201, retry.body);
      const photo = retry.json();
      const got = await s.dealer.request('GET', `/v1/photos/${photo.id}`);
      assert.equal(got.statusCode, 200);
      assert.ok(got.rawPayload.equals(image));
      assert.equal((await s.dealer.request('GET', `/v1/moves/${move.id}`)).json().move.pickup_photos[0].id, photo.id);
    });

    test('a burst of 10 parallel uploads of 2 images to one step: every row\'s bytes exist, one photo shown', async () => {
      const move = await arrivedMove(s);
      const images = [await sampleImage('jpeg', 120, 90, '#aa2222'), await sampleImage('png', 120, 90, '#22aa22')];
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => uploadPhoto(s.driver.app, move.id, 'pickup', 'rear', images[i % 2])));
      for (const res of answers) assert.ok([200, 201].includes(res.statusCode), res.body);
      const rows = await s.t.deps.database.db.selectFrom('photos').selectAll().where('move_id', '=', move.id).execute();
      assert.equal(rows.length, 2, 'one row per distinct image');
      assert.deepEqual(new Set(answers.map((r) => r.json().id)), new Set(rows.map((r) => r.id)), 'every answer names a stored row');
      assert.equal(answers.filter((r) => r.statusCode === 201).length, 2, 'each image created once; the rest are the same photo (200)');
      for (const row of rows) {
        assert.equal(await s.t.deps.photoStore.exists(row.storage_key), true, row.storage_key);
        assert.equal(await s.t.deps.photoStore.exists(row.thumbnail_key!), true, row.thumbnail_key!);
      }
      const current = rows.filter((r) => r.superseded_at === null);
      assert.equal(current.length, 1, 'one photo shown for the step');
      const view: Doc = (await s.driver.app.request('GET', `/v1/driver/moves/${move.id}/workflows/pickup`)).json();
      assert.equal(view.data.rear, current[0]!.id, 'the slot data names the photo shown');
      assert.deepEqual(view.photos.map((p: Doc) => p.id), [current[0]!.id]);
    });
  });
}
