// Photo and signature uploads (multipart/form-data, spec §10.3) and photo reads. The uploads live in
// their own Fastify scope with the multipart parser, so every other endpoint still refuses anything
// but JSON (415, spec §2). An upload is idempotent by its bytes, so it takes no Idempotency-Key.
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Database } from '../../../db/database.ts';
import { BEARER, PUBLIC, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import { moveNotFound } from '../../../lib/errors.ts';
import { IdParams } from '../../../lib/schema-types.ts';
import { pathId, readFields } from '../../../lib/validation.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { READER_ROLES } from '../../clients/roles.ts';
import { driverGuard, slotPath } from '../inspection/inspection.routes.ts';
import { SlotParams } from '../inspection/inspection.schemas.ts';
import { PhotoSchema } from '../records/photo-document.ts';
import type { PhotoVariant } from '../records/photo-links.ts';
import { type PhotoAccess, type PhotoRead, PhotoReads } from './photo-reads.ts';
import { PHOTO_FIELDS, PhotoUploadBody, SIGNATURE_FIELDS, SignatureUploadBody } from './photos.schemas.ts';
import type { PhotosService } from './photos.service.ts';
import { readPhotoFields, readSignerName } from './upload-fields.ts';
import type { ReceivedFile } from './received-file.ts';
import { receiveUpload, type UploadLimits } from './upload-request.ts';

export interface PhotoRoutesDeps {
  auth: Authenticator;
  database: Database;
  photos: PhotosService;
  reads: PhotoReads;
  maxBytes: number;
}

const multipartBody = (schema: object) => ({ content: { 'multipart/form-data': { schema } } });
const uploadAnswers = { 200: PhotoSchema, 201: PhotoSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 500) };

export function photoRoutes(app: FastifyInstance, deps: PhotoRoutesDeps): void {
  app.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: true });
    const api = scope.withTypeProvider<TypeBoxTypeProvider>();
    const onRequest = driverGuard(deps.auth, deps.database);
    const config = { naturallyIdempotent: true };

    api.post(
      '/v1/driver/moves/:id/photos',
      {
        onRequest,
        config,
        schema: { operationId: 'uploadMyMovePhoto', tags: ['driver'], summary: 'Upload a photo of the open slot of my move', security: BEARER, params: IdParams, body: multipartBody(PhotoUploadBody), response: uploadAnswers },
      },
      async (request, reply) => {
        const moveId = pathId(request.params.id, moveNotFound);
        const { status, json } = await withUpload(request, { maxBytes: deps.maxBytes, fields: PHOTO_FIELDS }, (file, fields) =>
          deps.photos.upload(request.auth.driverId!, moveId, readFields(fields, readPhotoFields), file),
        );
        return sendJson(reply, json, status);
      },
    );

    api.post(
      '/v1/driver/moves/:id/workflows/:slot/signature',
      {
        onRequest,
        config,
        schema: { operationId: 'signMyMoveSlot', tags: ['driver'], summary: "The signer's name and signature (PNG) for the open slot, once", security: BEARER, params: SlotParams, body: multipartBody(SignatureUploadBody), response: uploadAnswers },
      },
      async (request, reply) => {
        const { moveId, slot } = slotPath(request.params);
        const { status, json } = await withUpload(request, { maxBytes: deps.maxBytes, fields: SIGNATURE_FIELDS }, (file, fields) =>
          deps.photos.sign(request.auth.driverId!, moveId, slot, readFields(fields, readSignerName), file),
        );
        return sendJson(reply, json, status);
      },
    );
  });
  photoReadRoutes(app, deps);
}

/** Receives the upload, hands it to `use`, and removes its temporary file before anything is answered. */
async function withUpload<T>(request: FastifyRequest, limits: UploadLimits, use: (file: ReceivedFile, fields: Record<string, string>) => Promise<T>): Promise<T> {
  const { file, fields } = await receiveUpload(request, limits);
  try {
    return await use(file, fields);
  } finally {
    await file.discard();
  }
}

const PhotoParams = Type.Object({ id: Type.String({ description: 'A photo id (uuid)' }) });
const LinkQuery = Type.Object({ exp: Type.Optional(Type.String()), sig: Type.Optional(Type.String()) });
const bytes = { 200: Type.String({ format: 'binary', description: 'The image' }), 302: Type.Null({ description: "To the object store's own short-lived link" }) };

function photoReadRoutes(app: FastifyInstance, deps: PhotoRoutesDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const bearer = deps.auth.guard([...READER_ROLES, 'driver']);
  for (const variant of ['original', 'thumbnail'] as const) {
    api.get(
      variant === 'original' ? '/v1/photos/:id' : '/v1/photos/:id/thumbnail',
      {
        // A signed link needs no token; without one, the bearer token decides.
        onRequest: async (request, reply) => {
          const q = request.query as { exp?: string; sig?: string };
          if (q.sig === undefined && q.exp === undefined) await bearer.call(app, request, reply, () => {});
        },
        schema: {
          operationId: variant === 'original' ? 'getPhoto' : 'getPhotoThumbnail',
          tags: ['inspections'],
          summary: variant === 'original' ? 'A photo as uploaded (signed link, or a bearer token)' : 'A photo at most 640 px on its longest side',
          security: [...BEARER, ...PUBLIC],
          params: PhotoParams,
          querystring: LinkQuery,
          response: { ...bytes, ...errorResponses(400, 401, 403, 404, 429, 500) },
        },
      },
      async (request, reply) => {
        const { exp, sig } = request.query;
        const access: PhotoAccess = exp !== undefined || sig !== undefined ? { link: { exp: exp ?? '', sig: sig ?? '' } } : { auth: request.auth };
        return sendPhoto(reply, await deps.reads.read(request.params.id, variant as PhotoVariant, access));
      },
    );
  }
}

function sendPhoto(reply: FastifyReply, read: PhotoRead) {
  if ('redirect' in read) return reply.code(302).header('location', read.redirect).header('cache-control', 'no-store').send();
  return reply
    .code(200)
    .header('content-type', read.object.contentType)
    .header('content-length', read.object.bytes)
    .header('cache-control', 'private, max-age=3600')
    .header('etag', `"${read.photo.sha256}"`)
    .header('x-content-type-options', 'nosniff')
    .send(read.object.body);
}
