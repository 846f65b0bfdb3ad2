// The upload endpoints' multipart bodies (for the OpenAPI document) and the photo answer's serializer.
import fastJson from 'fast-json-stringify';
import Type, { type Static } from 'typebox';
import { INSTANT_INPUT_MAX } from '../../../lib/instant.ts';
import { PhotoSchema } from '../records/photo-document.ts';

export const photoJson: (photo: Static<typeof PhotoSchema>) => string = fastJson(PhotoSchema);

/** The text fields of a photo upload, and their limits. */
export const PHOTO_FIELDS = ['step_id', 'slot', 'taken_at', 'lat', 'lon'] as const;
export const SIGNATURE_FIELDS = ['signer_name'] as const;
export const SIGNER_NAME_MAX = 200;

export const PhotoUploadBody = Type.Object({
  file: Type.String({ format: 'binary', description: 'JPEG, PNG or WebP, judged by its bytes; at most PHOTO_MAX_BYTES (15 MiB)' }),
  step_id: Type.String({ description: 'A photo step of the slot (e.g. front-left), or `damages` for a close-up' }),
  slot: Type.String({ enum: ['pickup', 'delivery'] }),
  taken_at: Type.Optional(Type.String({ maxLength: INSTANT_INPUT_MAX, description: 'When the photo was taken (ISO 8601)' })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
});

export const SignatureUploadBody = Type.Object({
  file: Type.String({ format: 'binary', description: 'The signature as a PNG' }),
  signer_name: Type.String({ maxLength: SIGNER_NAME_MAX }),
});
