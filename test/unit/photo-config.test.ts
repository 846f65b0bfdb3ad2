// PHOTO_STORE and its settings (spec §10.3): the embedded default needs nothing, an S3 store what it
// needs, and a half-configured one is a problem listed with the others — never echoing a secret.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { configProblems } from '../support/config-problems.ts';
import { createPhotoStore, type PhotoStoreConfig } from '../../src/modules/workflows/photo-store/index.ts';

const SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';

const problemsOf = configProblems;

describe('photo store configuration', () => {
  test('defaults: files under ./data/photos (beside the SQLite file), 15 MiB, URLs for an hour', () => {
    assert.deepEqual(loadConfig({}).photos, {
      store: { kind: 'local', dir: './data/photos' },
      maxBytes: 15 * 1024 * 1024,
    });
  });

  test('an S3 store with everything it can be given', () => {
    const { photos } = loadConfig({
      PHOTO_STORE: 's3',
      S3_ENDPOINT: 'http://minio.internal:9000/',
      S3_REGION: 'auto',
      S3_BUCKET: 'handoff-photos',
      S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      S3_SECRET_ACCESS_KEY: SECRET,
      S3_FORCE_PATH_STYLE: '1',
      S3_PREFIX: 'handoff/production',
      PHOTO_MAX_BYTES: '1048576',
    });
    assert.deepEqual(photos, {
      store: {
        kind: 's3',
        s3: {
          endpoint: 'http://minio.internal:9000',
          region: 'auto',
          bucket: 'handoff-photos',
          accessKeyId: 'AKIAEXAMPLE',
          secretAccessKey: SECRET,
          forcePathStyle: true,
          prefix: 'handoff/production',
        },
      },
      maxBytes: 1048576,
    });
  });

  test("S3 without keys leaves the AWS SDK's credential chain to find them; the defaults are AWS's", () => {
    const { store } = loadConfig({ PHOTO_STORE: 's3', S3_BUCKET: 'photos' }).photos;
    assert.deepEqual(store, {
      kind: 's3',
      s3: {
        endpoint: undefined,
        region: 'us-east-1',
        bucket: 'photos',
        accessKeyId: undefined,
        secretAccessKey: undefined,
        forcePathStyle: false,
        prefix: undefined,
      },
    });
  });

  test('the config is what createPhotoStore takes', () => {
    const local: PhotoStoreConfig = loadConfig({}).photos.store;
    assert.equal(createPhotoStore(local).kind, 'local');
    const s3: PhotoStoreConfig = loadConfig({ PHOTO_STORE: 's3', S3_BUCKET: 'photos', S3_ENDPOINT: 'http://127.0.0.1:9' }).photos.store;
    assert.equal(createPhotoStore(s3).kind, 's3');
  });

  test('PHOTO_STORE=s3 without a bucket is a problem', () => {
    assert.deepEqual(problemsOf({ PHOTO_STORE: 's3' }), ['PHOTO_STORE=s3 needs S3_BUCKET']);
  });

  test('half a key pair is a problem, naming the missing half and never the given one', () => {
    const withoutKeyId = problemsOf({ PHOTO_STORE: 's3', S3_BUCKET: 'photos', S3_SECRET_ACCESS_KEY: SECRET });
    assert.deepEqual(withoutKeyId, ['S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (missing: S3_ACCESS_KEY_ID)']);
    const withoutSecret = problemsOf({ PHOTO_STORE: 's3', S3_BUCKET: 'photos', S3_ACCESS_KEY_ID: 'AKIAEXAMPLE' });
    assert.deepEqual(withoutSecret, ['S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (missing: S3_SECRET_ACCESS_KEY)']);
    assert.equal(problemsOf({ S3_SECRET_ACCESS_KEY: SECRET }).length, 1, 'a mistake whatever the store');
  });

  test('no problem text ever holds a secret, even a malformed one', () => {
    const problems = problemsOf({
      PHOTO_STORE: 's3',
      S3_SECRET_ACCESS_KEY: SECRET,
      S3_ACCESS_KEY_ID: ' ',
      S3_BUCKET: 'Bad_Bucket!',
    });
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.ok(problems.every((p) => !p.includes(SECRET)), problems.join('\n'));
  });

  test('each setting refuses what it cannot be, listing every problem at once', () => {
    const problems = problemsOf({
      PHOTO_STORE: 'ftp',
      PHOTO_MAX_BYTES: '100',
      S3_ENDPOINT: 'minio:9000',
      S3_REGION: 'US East',
      S3_FORCE_PATH_STYLE: 'yes',
      S3_PREFIX: '../other',
    });
    assert.deepEqual(problems.map((p) => p.split(' ')[0]).sort(), [
      'PHOTO_MAX_BYTES',
      'PHOTO_STORE',
      'S3_ENDPOINT',
      'S3_FORCE_PATH_STYLE',
      'S3_PREFIX',
      'S3_REGION',
    ]);
    assert.equal(problemsOf({ PHOTO_MAX_BYTES: String(100 * 1024 * 1024) }).length, 0, '100 MiB is the most');
    assert.equal(problemsOf({ PHOTO_MAX_BYTES: String(100 * 1024 * 1024 + 1) }).length, 1);
  });
});
