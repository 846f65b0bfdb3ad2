// Which of the caller's rooftops a request is for (spec §3): implied when the client has one,
// required to choose among several. Bookings and webhook subscriptions read it the same way.
import type { FieldReader } from '../../lib/validation.ts';
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
