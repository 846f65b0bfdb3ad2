// Reading driver fields from a request body or CLI flags (spec §2/§4 rules: strings trimmed, an
// empty required field is field_missing, a wrong type field_invalid, every problem listed).
import { PHONE_MAX, parseUsPhone, usPhoneProblem } from '../../lib/us-phone.ts';
import type { DriverChanges } from './drivers.repository.ts';
import { type FieldReader, readFields, requireSomeOf } from '../../lib/validation.ts';

export const NAME_MAX = 200;

export interface NewDriverFields {
  name: string;
  /** E.164. */
  phone: string;
  canDriveManual: boolean;
}

export function readDriverName(r: FieldReader, key = 'name'): string | undefined {
  return r.string(key, { required: true, max: NAME_MAX });
}

/** A valid US number (as a string, or digits as a JSON number), returned in E.164. */
export function readDriverPhone(r: FieldReader, key = 'phone'): string | undefined {
  const raw = r.string(key, { required: true, max: PHONE_MAX, acceptNumber: true });
  if (raw === undefined) return undefined;
  const parsed = parseUsPhone(raw);
  if ('e164' in parsed) return parsed.e164;
  r.invalid(key, usPhoneProblem(r.at(key), parsed.problem));
  return undefined;
}

/** name, phone (required) and can_drive_manual (optional, default false); throws listing every problem. */
export function readNewDriver(body: Record<string, unknown>): NewDriverFields {
  const { name, phone, manual } = readFields(body, (r) => ({
    name: readDriverName(r),
    phone: readDriverPhone(r),
    manual: r.boolean('can_drive_manual', { required: false }),
  }));
  if (name === undefined || phone === undefined) throw new Error('readNewDriver: validation let a missing field through');
  return { name, phone, canDriveManual: manual ?? false };
}

export const PATCHABLE_FIELDS = ['name', 'phone', 'can_drive_manual', 'active'] as const;

/**
 * PATCH /v1/ops/drivers/:id. Absent means unchanged; none of the fields can be cleared, so null or
 * an empty string is field_missing. A body with none of the fields is field_missing.
 */
export function readDriverPatch(body: Record<string, unknown>): DriverChanges {
  requireSomeOf(body, PATCHABLE_FIELDS);
  return readFields(body, (r) => readDriverChanges(r, body));
}

function readDriverChanges(r: FieldReader, body: Record<string, unknown>): DriverChanges {
  const changes: DriverChanges = {};
  const cannotClear = (key: string) => {
    if (!r.isAbsent(key)) return false;
    r.invalid(key, `${key} cannot be removed from a driver`, 'field_missing');
    return true;
  };

  if ('name' in body && !cannotClear('name')) {
    const name = readDriverName(r);
    if (name !== undefined) changes.name = name;
  }
  if ('phone' in body && !cannotClear('phone')) {
    const phone = readDriverPhone(r);
    if (phone !== undefined) changes.phone = phone;
  }
  for (const key of ['can_drive_manual', 'active'] as const) {
    if (!(key in body) || cannotClear(key)) continue;
    const value = r.boolean(key, { required: true });
    if (value !== undefined) changes[key] = value ? 1 : 0;
  }
  return changes;
}
