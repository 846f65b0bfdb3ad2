// The PhotoStore port (spec §10.3): one contract, run against the embedded store (files in a temporary
// directory) and the S3 store (the real AWS SDK client against s3rver on loopback), so switching
// PHOTO_STORE never changes behaviour. Then what only one of them has: the local store's atomic
// writes and its start-up check; the S3 store's presigned URLs, key prefix and failing checks.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import {
  createPhotoStore,
  LocalPhotoStore,
  type PhotoStore,
  S3PhotoStore,
  type S3PhotoStoreOptions,
} from '../../src/modules/workflows/photo-store/index.ts';
import { startBlackHole } from '../support/black-hole.ts';
import { type S3Server, startS3Server } from '../support/s3-server.ts';

const KEY = 'rooftops/12/moves/345/ab12ef.jpg';
const SECRET = 'not-for-any-log-4f9c2e';
const BAD_KEYS = ['../x', 'a//b', 'A.jpg', '', '/abs.jpg', 'a/./b.jpg', 'a/.hidden.jpg', 'a/', `a/${'x'.repeat(1100)}.jpg`];

async function bytesOf(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every file under `dir`, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1)).sort();
}

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let scratch: string;
let s3: S3Server;
const stores: S3PhotoStore[] = [];

function s3Store(overrides: Partial<S3PhotoStoreOptions> = {}): S3PhotoStore {
  const store = new S3PhotoStore({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    bucket: s3.bucket,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
    ...overrides,
  });
  stores.push(store);
  return store;
}

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'handoff-photos-'));
  s3 = await startS3Server();
});

after(async () => {
  for (const store of stores) store.destroy();
  await s3.stop();
  await rm(scratch, { recursive: true, force: true });
});

interface Subject {
  store(): PhotoStore;
  /** The same kind of store, where any I/O at all would fail: a refusal from it proves none was tried. */
  storeWithoutIo(): Promise<PhotoStore>;
}

const subjects: Record<'local' | 's3', Subject> = {
  local: {
    store: () => createPhotoStore({ kind: 'local', dir: join(scratch, 'contract') }),
    storeWithoutIo: async () => {
      const file = join(scratch, 'a-file');
      await writeFile(file, 'not a directory');
      return new LocalPhotoStore(join(file, 'photos'));
    },
  },
  s3: {
    store: () => s3Store(),
    storeWithoutIo: async () => s3Store({ endpoint: `http://127.0.0.1:${await closedPort()}` }),
  },
};

for (const [kind, subject] of Object.entries(subjects)) {
  describe(`PhotoStore contract: ${kind}`, () => {
    let store: PhotoStore;
    before(() => {
      store = subject.store();
    });

    test('says which kind it is, and its check passes', async () => {
      assert.equal(store.kind, kind);
      await store.check();
    });

    test('putFile, then get: the same bytes, size and content type', async () => {
      const original = randomBytes(300_000);
      const path = join(scratch, `upload-${kind}.jpg`);
      await writeFile(path, original);
      await store.putFile(KEY, path, 'image/jpeg');
      const got = await store.get(KEY);
      assert.ok(got);
      assert.equal(got.bytes, original.length);
      assert.equal(got.contentType, 'image/jpeg');
      assert.ok((await bytesOf(got.body)).equals(original));
    });

    test('putBuffer, then get', async () => {
      const original = randomBytes(2048);
      await store.putBuffer('rooftops/12/moves/345/cd34.png', original, 'image/png');
      const got = await store.get('rooftops/12/moves/345/cd34.png');
      assert.ok(got);
      assert.deepEqual([got.bytes, got.contentType], [2048, 'image/png']);
      assert.ok((await bytesOf(got.body)).equals(original));
    });

    test('exists says true for a stored key, false otherwise; get of a missing key is undefined', async () => {
      await store.putBuffer('rooftops/1/x.webp', Buffer.from('webp'), 'image/webp');
      assert.equal(await store.exists('rooftops/1/x.webp'), true);
      assert.equal(await store.exists('rooftops/1/missing.webp'), false);
      assert.equal(await store.exists('rooftops/1'), false, 'a prefix is not an object');
      assert.equal(await store.get('rooftops/1/missing.webp'), undefined);
      assert.equal(await store.get('rooftops/1'), undefined);
    });

    test('the same key twice is fine (content-addressed: the same bytes)', async () => {
      const bytes = randomBytes(4096);
      await store.putBuffer('rooftops/2/same.jpg', bytes, 'image/jpeg');
      await store.putBuffer('rooftops/2/same.jpg', bytes, 'image/jpeg');
      const got = await store.get('rooftops/2/same.jpg');
      assert.ok(got && (await bytesOf(got.body)).equals(bytes));
    });

    test('bad keys are refused before any I/O', async () => {
      const noIo = await subject.storeWithoutIo();
      const path = join(scratch, `upload-${kind}.jpg`);
      for (const key of BAD_KEYS) {
        const calls = [
          noIo.putFile(key, path, 'image/jpeg'),
          noIo.putBuffer(key, Buffer.from('x'), 'image/jpeg'),
          noIo.get(key),
          noIo.exists(key),
          noIo.presignedGetUrl(key, 60),
        ];
        for (const call of calls) await assert.rejects(call, /refused key/, JSON.stringify(key));
      }
    });

    test('a content type other than the one the extension names is refused', async () => {
      await assert.rejects(store.putBuffer('rooftops/3/a.jpg', Buffer.from('x'), 'image/png'), /holds image\/jpeg/);
      await assert.rejects(store.putBuffer('rooftops/3/a.bin', Buffer.from('x'), 'image/jpeg'), /holds application\/octet-stream/);
      assert.equal(await store.exists('rooftops/3/a.jpg'), false);
    });
  });
}

describe('LocalPhotoStore', () => {
  test('no temporary file remains in the tree after a put: only the keys', async () => {
    const dir = join(scratch, 'atomic');
    const store = new LocalPhotoStore(dir);
    const path = join(scratch, 'atomic-upload.jpg');
    await writeFile(path, randomBytes(10_000));
    await store.putFile('rooftops/7/moves/8/e1.jpg', path, 'image/jpeg');
    await store.putFile('rooftops/7/moves/8/e1.jpg', path, 'image/jpeg');
    await store.putBuffer('rooftops/7/moves/9/f2.png', Buffer.from('png'), 'image/png');
    assert.deepEqual(await filesUnder(dir), ['rooftops/7/moves/8/e1.jpg', 'rooftops/7/moves/9/f2.png']);
  });

  test('a put that fails leaves nothing behind', async () => {
    const dir = join(scratch, 'failed-put');
    const store = new LocalPhotoStore(dir);
    await assert.rejects(store.putFile('rooftops/1/gone.jpg', join(scratch, 'no-such-upload.jpg'), 'image/jpeg'), { code: 'ENOENT' });
    assert.deepEqual(await filesUnder(dir), []);
  });

  test('has no presigned URLs: null', async () => {
    assert.equal(await new LocalPhotoStore(join(scratch, 'contract')).presignedGetUrl(KEY, 60), null);
  });

  test('check fails, naming the directory, when the directory cannot be created', async () => {
    const file = join(scratch, 'plain-file');
    await writeFile(file, 'x');
    const dir = join(file, 'photos');
    await assert.rejects(new LocalPhotoStore(dir).check(), (err: Error) => {
      assert.match(err.message, /^photo store: the directory .* is not writable \(ENOTDIR\)$/);
      assert.ok(err.message.includes(dir));
      return true;
    });
  });
});

describe('S3PhotoStore', () => {
  const CAT = 'rooftops/12/moves/345/cat.jpg';
  const catBytes = randomBytes(50_000);
  before(async () => {
    await s3Store().putBuffer(CAT, catBytes, 'image/jpeg');
  });

  test('a presigned URL is downloaded by plain fetch: the same bytes and type, for the seconds asked', async () => {
    const url = await s3Store().presignedGetUrl(CAT, 300);
    assert.equal(new URL(url).searchParams.get('X-Amz-Expires'), '300');
    const answer = await fetch(url);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'image/jpeg');
    assert.ok(Buffer.from(await answer.arrayBuffer()).equals(catBytes));
  });

  test('an expired URL is refused with 403 (signed two hours ago for an hour: no waiting)', async () => {
    const twoHoursAgo = () => new Date(Date.now() - 2 * 3600_000);
    const url = await s3Store({ now: twoHoursAgo }).presignedGetUrl(CAT, 3600);
    const answer = await fetch(url);
    assert.equal(answer.status, 403);
    assert.match(await answer.text(), /Request has expired/);
  });

  test('a URL whose credential was tampered with is refused with 403', async () => {
    // s3rver does not verify SigV4 signatures, so the signature itself cannot be tested here.
    const url = new URL(await s3Store().presignedGetUrl(CAT, 300));
    url.searchParams.set('X-Amz-Credential', url.searchParams.get('X-Amz-Credential')!.replace(/^S3RVER/, 'INTRUDER'));
    const answer = await fetch(url);
    assert.equal(answer.status, 403);
    await answer.arrayBuffer();
  });

  test('a presigned URL lives 1 s to 7 days', async () => {
    await assert.rejects(s3Store().presignedGetUrl(CAT, 0), /1 to 604800 seconds/);
    await assert.rejects(s3Store().presignedGetUrl(CAT, 604_801), /1 to 604800 seconds/);
  });

  test('a key prefix puts every object under it', async () => {
    await s3Store({ prefix: 'deployment-a/' }).putBuffer('rooftops/5/p.jpg', Buffer.from('p'), 'image/jpeg');
    assert.equal(await s3Store().exists('deployment-a/rooftops/5/p.jpg'), true);
    assert.equal(await s3Store({ prefix: 'deployment-a' }).exists('rooftops/5/p.jpg'), true);
    assert.equal(await s3Store({ prefix: 'deployment-b' }).exists('rooftops/5/p.jpg'), false);
  });

  test('a missing bucket is a broken deployment, not a missing photo', async () => {
    await assert.rejects(s3Store({ bucket: 'no-such-bucket' }).get(CAT), { name: 'NoSuchBucket' });
  });

  /** check() fails within `withinMs`, with `expected` in the message and never the secret. */
  async function assertCheckFails(store: S3PhotoStore, expected: RegExp, withinMs: number): Promise<void> {
    const started = Date.now();
    const err = await store.check().then(
      () => assert.fail('check() passed'),
      (e: unknown) => e,
    );
    const elapsed = Date.now() - started;
    assert.ok(err instanceof Error && err.constructor === Error, 'a plain Error');
    assert.match(err.message, expected);
    assert.ok(!err.message.includes(SECRET), err.message);
    assert.ok(elapsed < withinMs, `took ${elapsed} ms`);
  }

  test('check fails clearly for a bucket that does not exist', async () => {
    const store = s3Store({ bucket: 'no-such-bucket', secretAccessKey: SECRET });
    await assertCheckFails(store, /^photo store: S3 bucket "no-such-bucket" at http:\/\/127\.0\.0\.1:\d+ does not exist$/, 3000);
  });

  test('check fails within seconds when nothing listens on the port', async () => {
    const store = s3Store({ endpoint: `http://127.0.0.1:${await closedPort()}`, secretAccessKey: SECRET });
    await assertCheckFails(store, /^photo store: S3 bucket "handoff-photos" at http:\/\/127\.0\.0\.1:\d+ did not answer/, 5000);
  });

  test('check fails at its deadline when the store accepts and never answers', async () => {
    const hole = await startBlackHole();
    try {
      const store = s3Store({ endpoint: hole.url('').replace(/\/$/, ''), secretAccessKey: SECRET, checkTimeoutMs: 500 });
      await assertCheckFails(store, /did not answer within 500 ms$/, 3000);
    } finally {
      await hole.close();
    }
  });

  test('an endpoint carrying credentials is never echoed with them', async () => {
    const port = await closedPort();
    const store = s3Store({ endpoint: `http://user:${SECRET}@127.0.0.1:${port}` });
    await assertCheckFails(store, new RegExp(`at http://127\\.0\\.0\\.1:${port} did not answer`), 5000);
  });
});
