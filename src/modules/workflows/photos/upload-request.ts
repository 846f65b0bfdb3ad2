// Reading a multipart/form-data upload (spec §10.3): the one file part is streamed to a temporary
// file while it is hashed and counted — never held in memory whole — and the text fields are
// collected, in whatever order the client sent them. Every problem is an ApiError naming its field;
// on any error the temporary file is gone before the error leaves.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
// The request's multipart methods (isMultipart, parts) are declared by the plugin's types.
import type {} from '@fastify/multipart';
import { ApiError, type FieldProblem } from '../../../lib/errors.ts';

import type { ReceivedFile } from './received-file.ts';

export interface UploadLimits {
  maxBytes: number;
  /** The text fields taken (others are ignored, spec §2). */
  fields: readonly string[];
}

const FIELD_MAX_BYTES = 1000;

/** The file part `file` and the named fields; throws a §4 error (and keeps nothing) when the upload is unusable. */
export async function receiveUpload(request: FastifyRequest, limits: UploadLimits): Promise<{ file: ReceivedFile; fields: Record<string, string> }> {
  if (!request.isMultipart()) throw new ApiError('unsupported_media_type', 'send the photo as multipart/form-data with the image in the part named "file"');
  const dir = await mkdtemp(join(tmpdir(), 'handoff-upload-'));
  const discard = () => rm(dir, { recursive: true, force: true });
  try {
    const fields: Record<string, string> = {};
    let file: ReceivedFile | undefined;
    const parts = request.parts({
      limits: { fileSize: limits.maxBytes, files: 1, fields: limits.fields.length + 10, fieldSize: FIELD_MAX_BYTES, parts: limits.fields.length + 12 },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw problem('field_invalid', part.fieldname, `the image goes in the part named "file", not "${part.fieldname}"`);
        }
        file = await saveFile(part.file, join(dir, 'upload'), discard);
      } else if (limits.fields.includes(part.fieldname) && typeof part.value === 'string') {
        if (part.valueTruncated) throw problem('field_invalid', part.fieldname, `${part.fieldname} is longer than ${FIELD_MAX_BYTES} bytes`);
        fields[part.fieldname] = part.value;
      }
    }
    if (!file) throw problem('field_missing', 'file', 'file is required: the image, as the multipart part named "file"');
    return { file, fields };
  } catch (err) {
    await discard();
    throw asUploadError(err, limits.maxBytes);
  }
}

async function saveFile(stream: NodeJS.ReadableStream & { truncated?: boolean }, path: string, discard: () => Promise<void>): Promise<ReceivedFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(stream, tap, createWriteStream(path));
  return { path, sha256: hash.digest('hex'), bytes, discard };
}

const problem = (code: 'field_missing' | 'field_invalid' | 'payload_too_large', field: string, message: string) =>
  ApiError.fromProblems([{ code, field, message } satisfies FieldProblem]);

/** The multipart parser's own errors, as §4 errors naming the field. */
function asUploadError(err: unknown, maxBytes: number): unknown {
  if (err instanceof ApiError) return err;
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return problem('payload_too_large', 'file', `file is larger than ${Math.floor(maxBytes / 1024 / 1024)} MiB (${maxBytes} bytes)`);
    case 'FST_FILES_LIMIT':
      return problem('field_invalid', 'file', 'send one image per upload');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new ApiError('payload_too_large', 'the form has too many parts');
    case 'FST_PROTO_VIOLATION':
      return new ApiError('field_invalid', 'a form field name is not allowed');
  }
  const message = err instanceof Error ? err.message : '';
  // busboy: the body ended (or the client went away) before the closing boundary.
  if (code === 'FST_MP_PREMATURE_CLOSE' || /Unexpected end|premature|aborted|boundary/i.test(message)) {
    return problem('field_invalid', 'file', 'the upload ended before the file did (a truncated or malformed multipart body); send it again');
  }
  if (/field value too long|fieldSize/i.test(message)) return new ApiError('field_invalid', `a form field is longer than ${FIELD_MAX_BYTES} bytes`);
  return err;
}
