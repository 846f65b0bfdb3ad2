// Who may see and change which driver (the ops scope rule, README "Ops clients"). Drivers belong to
// the logistics operator, not to a rooftop, so changing one (a rename shows at once on every
// rooftop's tracking pages) is for the operator-wide dispatch desk alone. An ops client scoped to
// rooftops still lists and reads drivers — it needs their name, phone and abilities to dispatch —
// but sees where a driver is only while the driver is on one of its rooftops' moves.
import type { FastifyRequest } from 'fastify';
import type { Executor } from '../../db/executor.ts';
import type { DriverRow } from '../../db/schema.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { ApiError } from '../../lib/errors.ts';
import { findDriversOnMovesOf } from '../moves/moves.repository.ts';
import { type DriverDocument, driverDocument } from './driver-document.ts';

/** An onRequest hook after the ops guard: only an all-rooftops desk creates or changes drivers. */
export async function requireAllRooftops(request: FastifyRequest): Promise<void> {
  if (request.auth.allRooftops) return;
  throw new ApiError(
    'missing_scope',
    `creating and changing drivers needs an all-rooftops ops client (handoff client add --role ops --all-rooftops); ` +
      `this client is scoped to rooftop${request.auth.rooftopIds.length === 1 ? '' : 's'} ${request.auth.rooftopIds.join(', ')}`,
  );
}

/** The driver documents as `auth` may see them: last_location is null unless the rule allows it. */
export async function driverDocumentsFor(db: Executor, auth: AuthContext, rows: DriverRow[]): Promise<DriverDocument[]> {
  const docs = rows.map(driverDocument);
  if (auth.allRooftops) return docs;
  const located = docs.filter((d) => d.last_location !== null).map((d) => d.driver_id);
  const onOurMoves = new Set(await findDriversOnMovesOf(db, located, auth.rooftopIds));
  return docs.map((d) => (onOurMoves.has(d.driver_id) ? d : { ...d, last_location: null }));
}
