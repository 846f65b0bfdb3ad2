// The text fields of the uploads (spec §10.3), read like any body: every problem listed with its field.
import { parseInstant } from '../../../lib/instant.ts';
import type { FieldReader } from '../../../lib/validation.ts';
import { SLOTS } from '../definitions/workflow-step.ts';
import type { PhotoUpload } from './photos.service.ts';
import { SIGNER_NAME_MAX } from './photos.schemas.ts';

/** A number sent as form text ("37.54"): finite and within its range. */
function formNumber(r: FieldReader, key: string, min: number, max: number): number | null {
  const raw = r.string(key, { required: false, max: 40 });
  if (raw === null || raw === undefined) return null;
  const n = Number(raw);
  if (!/^-?\d+(\.\d+)?$/.test(raw) || n < min || n > max) {
    r.invalid(key, `${key} must be a number from ${min} to ${max}`);
    return null;
  }
  return n;
}

export function readPhotoFields(r: FieldReader): PhotoUpload {
  const stepId = r.string('step_id', { required: true, max: 100 });
  const slot = r.oneOf('slot', SLOTS, { required: true });
  const takenText = r.string('taken_at', { required: false, max: 40 });
  const takenAt = takenText ? parseInstant(takenText) : null;
  if (takenText && takenAt === null) r.invalid('taken_at', 'taken_at must be an instant such as 2026-03-25T14:03:00Z');
  const lat = formNumber(r, 'lat', -90, 90);
  const lon = formNumber(r, 'lon', -180, 180);
  return { stepId: stepId!, slot: slot!, takenAt, lat, lon };
}

export function readSignerName(r: FieldReader): string {
  return r.string('signer_name', { required: true, max: SIGNER_NAME_MAX })!;
}
