// Reads POST /v1/users (its shape: types and lengths); create-user.ts checks what it means.
import Type from 'typebox';
import { Unchecked } from '../../../lib/schema-types.ts';
import { type FieldReader, readFields } from '../../../lib/validation.ts';
import type { NewUserInput } from './create-user.ts';
import { EMAIL_MAX, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN, PORTAL_ROLES } from './user-rules.ts';

export const NewUserBody = Unchecked(
  Type.Object({
    email: Type.String({ maxLength: EMAIL_MAX, description: 'The login; unique, compared without case' }),
    name: Type.String({ maxLength: NAME_MAX }),
    role: Type.String({ enum: [...PORTAL_ROLES], description: 'dealer: the rooftops of rooftop_ids; ops: every rooftop' }),
    rooftop_ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { description: 'Required for a dealer (at least one); not for ops' })),
    password: Type.Optional(
      Type.String({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, description: 'Left out: one is generated and answered once' }),
    ),
  }),
);

/** `body`: the JSON object (the route's bodyObject). */
export function readNewUser(body: Record<string, unknown>): NewUserInput {
  return readFields(body, (r) => ({
    email: r.string('email', { required: true, max: EMAIL_MAX }) ?? '',
    name: r.string('name', { required: true, max: NAME_MAX }) ?? '',
    role: r.oneOf('role', PORTAL_ROLES, { required: true }) ?? '',
    rooftopIds: readRooftopIds(r),
    password: readPassword(r, 'password', { required: false, min: PASSWORD_MIN }),
  }));
}

function readRooftopIds(r: FieldReader): number[] {
  const value = r.value.rooftop_ids;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'number' && Number.isSafeInteger(id) && id >= 1)) {
    r.invalid('rooftop_ids', 'rooftop_ids must be an array of rooftop ids (positive integers)');
    return [];
  }
  return value as number[];
}

/**
 * A password exactly as sent (never trimmed: every character counts). Absent: null, or
 * field_missing when required. `min` is for a password being chosen; a login takes any length.
 */
export function readPassword(r: FieldReader, key: string, opts: { required: boolean; min?: number }): string | null {
  const value = r.value[key];
  if (value === undefined || value === null || value === '') {
    if (opts.required) r.invalid(key, `${key} is required`, 'field_missing');
    return null;
  }
  if (typeof value !== 'string') {
    r.invalid(key, `${key} must be a string`);
    return null;
  }
  const length = [...value].length;
  if (length > PASSWORD_MAX || (opts.min !== undefined && length < opts.min)) {
    r.invalid(key, opts.min === undefined ? `${key} must be at most ${PASSWORD_MAX} characters` : `${key} must be ${opts.min} to ${PASSWORD_MAX} characters`);
    return null;
  }
  return value;
}
