// Disabling and enabling a portal user (PATCH /v1/users/:id). A disabled user's sessions end at once
// and its sign-ins are refused with the generic 401; enabled again, it signs in as before. An ops
// user may not disable themselves: the desk would lock itself out with nobody signed in to undo it.
import type { Executor } from '../../../db/executor.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, notFound } from '../../../lib/errors.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { type PortalUser, setUserDisabled } from './users.repository.ts';

const SELF = 'you cannot disable yourself: another ops user must do it';

export async function changeUserState(
  db: Executor,
  caller: AuthContext,
  userId: number,
  disabled: boolean,
  clock: Clock,
): Promise<PortalUser> {
  if (disabled && caller.clientId === `user:${userId}`) {
    throw ApiError.fromProblems([{ code: 'field_invalid', field: 'disabled', message: SELF }]);
  }
  const user = await setUserDisabled(db, userId, disabled, clock.now());
  if (!user) throw notFound('portal user');
  return user;
}
