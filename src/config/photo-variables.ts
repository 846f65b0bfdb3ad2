// The inspection photos' variables (spec §10.3: PHOTO_STORE, the local directory, the S3 store's
// settings), spread at the end of the table in variables.ts, so README's table lists them there.
// config.ts's photoStore() turns them into Config['photos'].
import { dirname } from 'node:path';
import { DEFAULT_SQLITE_PATH } from './formats.ts';
import { flag, formatted, integer, oneOf, text, type VariableTable } from './variable.ts';

export const PHOTO_STORE_KINDS = ['local', 's3'] as const;
/** Photos beside the embedded database, in the same data directory. */
const DEFAULT_PHOTO_DIR = `${dirname(DEFAULT_SQLITE_PATH)}/photos`;
const MIB = 1024 * 1024;

/** An absolute http(s) URL, without a trailing slash (the SDK joins the bucket and key to it). */
function endpointUrl(given: string): string | null {
  try {
    const { protocol } = new URL(given);
    return protocol === 'http:' || protocol === 'https:' ? given.replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}

export const PHOTO_VARIABLES = {
  PHOTO_STORE: {
    default: 'local',
    meaning: 'where inspection photos are kept: `local` (files under `PHOTO_DIR`) or `s3` (any S3-compatible store, `S3_*` below)',
    ...oneOf(PHOTO_STORE_KINDS),
  },
  PHOTO_DIR: {
    default: DEFAULT_PHOTO_DIR,
    meaning: 'the photos directory of `PHOTO_STORE=local` (created at start-up)',
    ...text(),
  },
  PHOTO_MAX_BYTES: {
    default: String(15 * MIB),
    meaning: 'largest photo accepted (15 MiB)',
    ...integer({ min: 1024, max: 100 * MIB }),
  },
  S3_ENDPOINT: {
    default: null,
    shownDefault: "AWS's",
    meaning: 'an S3-compatible endpoint, e.g. `http://minio.internal:9000` (MinIO, R2, GCS interop)',
    ...formatted(endpointUrl, 'an absolute http(s) URL'),
  },
  S3_REGION: {
    default: 'us-east-1',
    meaning: "the bucket's region (`auto` for R2)",
    ...text({ accept: (r) => /^[a-z0-9-]+$/.test(r), allowed: 'lowercase letters, digits and "-"' }),
  },
  S3_BUCKET: {
    default: null,
    shownDefault: 'unset',
    meaning: 'the bucket photos go to (needed for `PHOTO_STORE=s3`)',
    ...text({
      accept: (b) => /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/.test(b),
      allowed: 'a bucket name (3 or more lowercase letters, digits, ".", "-" or "_")',
    }),
  },
  S3_ACCESS_KEY_ID: {
    default: null,
    shownDefault: "the SDK's credential chain",
    meaning: "access key for the bucket, with `S3_SECRET_ACCESS_KEY` (neither: the AWS SDK's environment, profile or instance role)",
    ...text(),
    secret: true,
  },
  S3_SECRET_ACCESS_KEY: {
    default: null,
    shownDefault: "the SDK's credential chain",
    meaning: 'the secret of `S3_ACCESS_KEY_ID`',
    ...text(),
    secret: true,
  },
  S3_FORCE_PATH_STYLE: {
    default: '0',
    meaning: '`1`: the bucket goes in the path, not the host name (MinIO and most self-hosted stores)',
    ...flag(),
  },
  S3_PREFIX: {
    default: null,
    shownDefault: 'none',
    meaning: 'keys go under this prefix, e.g. `handoff/production` (one bucket for several deployments)',
    ...text({
      accept: (p) => /^[A-Za-z0-9][A-Za-z0-9/._-]*$/.test(p) && !p.includes('..') && !p.includes('//'),
      allowed: 'letters, digits, "/", ".", "-" or "_", starting with a letter or digit, without ".." or "//"',
    }),
  },
} satisfies VariableTable;
