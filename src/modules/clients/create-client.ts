// Issues API credentials to a dealer system or an ops desk (admin CLI, first-run demo setup).
// The secret exists in clear only in the return value: the caller shows it once, we keep its hash.
import type { Executor } from '../../db/executor.ts';
import type { Clock } from '../../lib/clock.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import { Problems } from '../../lib/validation.ts';
import { rooftopExists } from '../rooftops/rooftops.repository.ts';
import { insertClient } from './clients.repository.ts';
import { hashSecret, newClientCredentials } from './credentials.ts';
import type { Role } from './roles.ts';

/** Drivers are not issued here: their credentials belong to a driver record, made by its own command. */
export const ISSUABLE_ROLES = ['dealer', 'dealer_admin', 'ops'] as const satisfies readonly Role[];
type IssuableRole = (typeof ISSUABLE_ROLES)[number];

export interface NewClient {
  client_id: string;
  client_secret: string;
  role: IssuableRole;
  /** "all": an ops dispatch desk for every rooftop, present and future. */
  rooftops: number[] | 'all';
}

export async function createClient(
  db: Executor,
  input: { role: string; rooftopIds: readonly number[]; allRooftops?: boolean },
  deps: { ids: IdGenerator; clock: Clock },
): Promise<NewClient> {
  const problems = new Problems();
  const role = (ISSUABLE_ROLES as readonly string[]).includes(input.role) ? (input.role as IssuableRole) : undefined;
  if (!role) {
    problems.add('field_invalid', 'role', `role must be one of ${ISSUABLE_ROLES.map((r) => `"${r}"`).join(', ')} (got "${input.role}")`);
  }

  const ids = [...new Set(input.rooftopIds)].sort((a, b) => a - b);
  const wellFormed = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
  const allRooftops = input.allRooftops === true;
  // Only the logistics operator's own desk spans tenants; a dealer token never may.
  if (allRooftops && role !== undefined && role !== 'ops') {
    problems.add('field_invalid', 'all_rooftops', `only an ops client can be for all rooftops (got role "${role}")`);
  }
  if (allRooftops && ids.length > 0) {
    problems.add('field_invalid', 'rooftops', 'give either rooftops or all rooftops, not both');
  }
  if (wellFormed.length < ids.length) problems.add('field_invalid', 'rooftops', 'rooftops must be rooftop ids (positive integers)');
  if (ids.length === 0 && !allRooftops) {
    const desk = role === 'ops' ? ', or make an all-rooftops dispatch desk' : '';
    problems.add('field_missing', 'rooftops', `rooftops is required: give at least one rooftop id${desk}`);
  }
  // A dealer token acts for one rooftop without naming it, so it cannot be ambiguous.
  if (role === 'dealer' && ids.length > 1) {
    problems.add('field_invalid', 'rooftops', `a dealer client takes exactly one rooftop (got ${ids.length}); use role dealer_admin for several`);
  }
  const existing = new Set(await rooftopExists(db, wellFormed));
  const unknown = wellFormed.filter((id) => !existing.has(id));
  if (unknown.length) {
    const which = unknown.length === 1 ? `rooftop ${unknown[0]} does not exist` : `rooftops ${unknown.join(', ')} do not exist`;
    problems.add('field_invalid', 'rooftops', which);
  }

  problems.throwIfAny();
  if (!role) throw new Error('createClient: validation let an invalid role through');

  const { clientId, clientSecret } = newClientCredentials(deps.ids);
  const write = (tx: Executor) =>
    insertClient(tx, { clientId, secretHash: hashSecret(clientSecret), role, allRooftops, rooftopIds: ids, now: deps.clock.now() });
  // The client row and its rooftop links land together; a caller's transaction is joined as is.
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);

  return { client_id: clientId, client_secret: clientSecret, role, rooftops: allRooftops ? 'all' : ids };
}
