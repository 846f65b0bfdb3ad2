// Which of the caller's rooftops a request is for (spec §3): implied when the client has one,
// required to choose among several. Bookings and webhook subscriptions read it the same way.
import { type FieldReader, INTEGER_RANGE, queryInteger, readFieldsAsync } from '../../lib/validation.ts';
import type { AuthContext } from '../auth/auth-context.ts';

export function readRooftopChoice(body: FieldReader, auth: AuthContext): number | undefined {
  const several = auth.rooftopIds.length > 1;
  const requested = body.integer('rooftop', { required: several });
  if (requested === undefined) return undefined;
  if (requested === null) return auth.rooftopIds[0];
  if (!auth.rooftopIds.includes(requested)) {
    body.invalid('rooftop', `rooftop must be one of your rooftops: ${auth.rooftopIds.join(', ')}`);
    return undefined;
  }
  return requested;
}

/** Whether a rooftop may be named here: null when it may, else why not (said as if it did not exist). */
export type RooftopCheck = (rooftopId: number) => Promise<string | null>;

/** A required `rooftop` the caller's scope allows (the ops desk's endpoints: workflow sets, regions). */
export async function readCheckedRooftop(r: FieldReader, check: RooftopCheck): Promise<number | undefined> {
  const id = r.integer('rooftop', { required: true });
  if (id === undefined) return undefined;
  const problem = await check(id);
  if (problem === null) return id;
  r.invalid('rooftop', problem);
  return undefined;
}

/**
 * `rooftop` of a list's query (GET …?rooftop=): a rooftop the caller may see, or null when absent.
 * `requiredFor` (what is listed) makes it required, for a client that has several rooftops.
 */
export async function readRooftopQuery(query: unknown, check: RooftopCheck, requiredFor?: string): Promise<number | null> {
  return readFieldsAsync(query, async (q) => {
    const id = queryInteger(q, 'rooftop', INTEGER_RANGE.min, INTEGER_RANGE.max);
    if (id === null) {
      if (requiredFor !== undefined && !q.problems.has('rooftop')) {
        q.invalid('rooftop', `rooftop is required: this client has several rooftops; name the one whose ${requiredFor} to list`, 'field_missing');
      }
      return null;
    }
    const problem = await check(id);
    if (problem !== null) q.invalid('rooftop', problem);
    return id;
  });
}
