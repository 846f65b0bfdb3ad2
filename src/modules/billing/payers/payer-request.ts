// Reading the payer endpoints' requests and the CLI's flags (spec §2/§4: strings trimmed, an empty
// required field field_missing, a wrong type or value field_invalid, every problem at its path).
import { readFields, readFieldsAsync, requireSomeOf } from '../../../lib/validation.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { readCheckedRooftop, readRooftopQuery, type RooftopCheck } from '../../rooftops/rooftop-choice.ts';
import type { SettingChange } from './payer-setting.ts';
import type { NewPayerFields } from './payers.service.ts';

export const PAYER_NAME_MAX = 200;
export const SETTING_FIELDS = ['payer_required', 'default_payer_id'] as const;

/** POST /v1/ops/payers and `payer add`. */
export async function readNewPayer(body: Record<string, unknown>, check: RooftopCheck): Promise<NewPayerFields> {
  const read = await readFieldsAsync(body, async (r) => ({
    rooftopId: await readCheckedRooftop(r, check),
    name: r.string('name', { required: true, max: PAYER_NAME_MAX }),
  }));
  if (read.rooftopId === undefined || read.name === undefined) throw new Error('readNewPayer: validation let a missing field through');
  return { rooftopId: read.rooftopId, name: read.name };
}

/**
 * PATCH /v1/ops/rooftops/:id/payer-settings and `payer settings`: absent keys stay as they are;
 * default_payer_id null clears the default (bill the rooftop itself); payer_required cannot be null.
 */
export function readSettingChange(body: Record<string, unknown>): SettingChange {
  requireSomeOf(body, SETTING_FIELDS);
  return readFields(body, (r) => {
    const change: SettingChange = {};
    if ('payer_required' in body) change.required = r.boolean('payer_required', { required: true });
    if ('default_payer_id' in body) change.defaultPayerId = body.default_payer_id === null ? null : r.integer('default_payer_id', { required: true });
    return change;
  });
}

/**
 * `rooftop` of GET /v1/payers: implied for a client of one rooftop, else required (spec §3);
 * one the caller may not see is field_invalid, like a booking's.
 */
export async function readPayersQuery(query: unknown, auth: AuthContext, check: RooftopCheck): Promise<number> {
  const several = auth.rooftopIds.length > 1;
  return (await readRooftopQuery(query, check, several ? 'payers' : undefined)) ?? auth.rooftopIds[0]!;
}
