// A loopback S3 (s3rver) for the S3 photo store's tests: the real AWS SDK client talks to it over
// 127.0.0.1, with one bucket made at start and its data in a temporary directory removed at stop.
// Nothing here leaves the machine.
//
// What s3rver checks and what it does not: it knows the access key S3RVER (secret S3RVER), refuses
// an unknown key and an expired presigned URL, but does not verify SigV4 signatures themselves.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface S3Server {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

interface S3rverOptions {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  resetOnClose: boolean;
  configureBuckets: { name: string; configs: string[] }[];
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

// s3rver ships no types; this is the slice of its API (its README's "Class: S3rver") we use.
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: S3rverOptions) => S3rverInstance;

export async function startS3Server(bucket = 'handoff-photos'): Promise<S3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'handoff-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    resetOnClose: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
