// Uploads with PHOTO_STORE=s3 (spec §10.3: "any S3-compatible object store through the official AWS
// SDK"), against s3rver on loopback: the same upload lands in the bucket, and GET /v1/photos/:id
// (bearer token or signed link) answers 302 to the store's own presigned URL, which plain fetch
// downloads. A refused upload leaves the bucket as it was.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { PUBLIC_URL } from '../support/app.ts';
import { engines } from '../support/databases.ts';
import { assertError, type Problem } from '../support/lifecycle.ts';
import { sampleImage, sendMultipart, uploadPhoto } from '../support/inspection.ts';
import { arrivedMove, type Scene, startScene } from '../support/inspection-scene.ts';
import { type S3Server, startS3Server } from '../support/s3-server.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

for (const engine of engines()) {
  describe(`photo uploads to S3 on ${engine}`, () => {
    let s3: S3Server;
    let s: Scene;
    let client: S3Client;
    before(async () => {
      s3 = await startS3Server();
      s = await startScene(engine, {
        PHOTO_STORE: 's3',
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: s3.bucket,
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        S3_FORCE_PATH_STYLE: '1',
      });
      client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
    });
    after(async () => {
      client.destroy();
      await s.t.close();
      await s3.stop();
    });

    const bucketKeys = async () => ((await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).Contents ?? []).map((o) => o.Key!).sort();

    /** Follows our 302 to the store's presigned URL with plain fetch (no token, nothing of ours). */
    async function viaRedirect(path: string, token: string | null): Promise<{ body: Buffer; type: string | null }> {
      const res = await s.t.request('GET', path, { token });
      assert.equal(res.statusCode, 302, res.body);
      const location = String(res.headers.location);
      assert.ok(location.startsWith(`${s3.endpoint}/${s3.bucket}/`), location);
      assert.match(location, /X-Amz-Signature=/);
      const got = await fetch(location);
      assert.equal(got.status, 200);
      return { body: Buffer.from(await got.arrayBuffer()), type: got.headers.get('content-type') };
    }

    test('an upload lands in the bucket; GET /v1/photos/:id redirects to a presigned URL that fetch downloads', async () => {
      assert.equal(s.t.deps.photoStore.kind, 's3');
      const move = await arrivedMove(s);
      const bytes = await sampleImage('jpeg', 300, 200, '#3399ff');
      const res = await uploadPhoto(s.driver.app, move.id, 'pickup', 'front', bytes);
      assert.equal(res.statusCode, 201, res.body);
      const photo = res.json();
      assert.equal(photo.sha256, sha256(bytes));
      const base = `rooftops/${s.t.rooftopId}/moves/${move.id}/${photo.sha256}`;
      assert.deepEqual(await bucketKeys(), [`${base}.jpg`, `${base}.thumb.jpg`]);

      const original = await viaRedirect(`/v1/photos/${photo.id}`, await s.dealer.bearer());
      assert.ok(original.body.equals(bytes));
      assert.equal(original.type, 'image/jpeg');
      const byDriver = await viaRedirect(`/v1/photos/${photo.id}/thumbnail`, await s.driver.app.bearer());
      assert.equal(byDriver.type, 'image/jpeg');
      assert.ok(byDriver.body.length > 0 && !byDriver.body.equals(bytes));
      const byLink = await viaRedirect(photo.url.slice(PUBLIC_URL.length), null);
      assert.ok(byLink.body.equals(bytes));
      assertError(await s.stranger.request('GET', `/v1/photos/${photo.id}`), 404, 'not_found');
      // Another first character of the signature (never the one it has: that would be the same link).
      const edited = photo.url.slice(PUBLIC_URL.length).replace(/sig=(.)/, (_: string, c: string) => `sig=${c === '_' ? 'A' : '_'}`);
      assertError(await s.t.request('GET', edited, { token: null }), 404, 'not_found');
    });

    test('a refused upload puts nothing in the bucket; a burst leaves every row\'s objects there', async () => {
      const move = await arrivedMove(s);
      const before = await bucketKeys();
      const text: Problem[] = [['field_invalid', 'file']];
      assertError(await sendMultipart(s.driver.app, `/v1/driver/moves/${move.id}/photos`, { step_id: 'front', slot: 'pickup' }, { data: Buffer.from('not an image') }), 400, 'field_invalid', text);
      assertError(await uploadPhoto(s.driver.app, move.id, 'pickup', 'odometer'), 400, 'field_invalid', [['field_invalid', 'step_id']]);
      assert.deepEqual(await bucketKeys(), before);

      const images = [await sampleImage('webp', 64, 64, '#112233'), await sampleImage('png', 64, 64, '#332211')];
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => uploadPhoto(s.driver.app, move.id, 'pickup', 'rear', images[i % 2])));
      for (const res of answers) assert.ok([200, 201].includes(res.statusCode), res.body);
      const rows = await s.t.deps.database.db.selectFrom('photos').select(['storage_key', 'thumbnail_key']).where('move_id', '=', move.id).execute();
      assert.equal(rows.length, 2);
      const keys = await bucketKeys();
      for (const row of rows) assert.ok(keys.includes(row.storage_key) && keys.includes(row.thumbnail_key!), row.storage_key);
    });
  });
}
