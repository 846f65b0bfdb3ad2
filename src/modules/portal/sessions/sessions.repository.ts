// portal_sessions and portal_login_failures: the only SQL of portal sessions and lockout.
import type { Executor } from '../../../db/executor.ts';
import type { PortalRole } from '../accounts/user-rules.ts';

export interface SessionRow {
  id: string;
  userId: number;
  csrfToken: string;
  lastSeenAt: number;
  expiresAt: number;
  role: PortalRole;
  disabled: boolean;
}

export async function insertSession(
  db: Executor,
  s: { id: string; userId: number; csrfToken: string; now: number; expiresAt: number },
): Promise<void> {
  await db
    .insertInto('portal_sessions')
    .values({ id: s.id, user_id: s.userId, csrf_token: s.csrfToken, created_at: s.now, last_seen_at: s.now, expires_at: s.expiresAt })
    .execute();
}

/** The session of a hashed id with what the check needs of its user (read afresh on every request). */
export async function findSession(db: Executor, id: string): Promise<SessionRow | undefined> {
  const row = await db
    .selectFrom('portal_sessions')
    .innerJoin('portal_users', 'portal_users.id', 'portal_sessions.user_id')
    .select(['portal_sessions.id', 'user_id', 'csrf_token', 'last_seen_at', 'expires_at', 'portal_users.role', 'portal_users.disabled'])
    .where('portal_sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    userId: Number(row.user_id),
    csrfToken: row.csrf_token,
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    role: row.role as PortalRole,
    disabled: Number(row.disabled) === 1,
  };
}

export async function touchSession(db: Executor, id: string, now: number): Promise<void> {
  await db.updateTable('portal_sessions').set({ last_seen_at: now }).where('id', '=', id).where('last_seen_at', '<', now).execute();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('portal_sessions').where('id', '=', id).execute();
}

/** Sessions past their absolute end, and `userId`'s idle ones: a sweep at each login keeps the table small. */
export async function deleteEndedSessions(db: Executor, r: { now: number; idleMs: number; userId: number | null }): Promise<void> {
  await db.deleteFrom('portal_sessions').where('expires_at', '<=', r.now).execute();
  if (r.userId !== null) {
    await db.deleteFrom('portal_sessions').where('user_id', '=', r.userId).where('last_seen_at', '<=', r.now - r.idleMs).execute();
  }
}

export interface FailureRow {
  failures: number;
  lockedUntil: number;
}

export async function findFailures(db: Executor, email: string): Promise<FailureRow | undefined> {
  const row = await db.selectFrom('portal_login_failures').select(['failures', 'locked_until']).where('email', '=', email).executeTakeFirst();
  return row && { failures: Number(row.failures), lockedUntil: Number(row.locked_until) };
}

/**
 * Counts one more failure for `email` and sets its lock from the new count (`lockFor`), in one
 * transaction, so concurrent failures each count. Returns the new row.
 */
export async function recordFailure(
  db: Executor,
  r: { email: string; now: number; lockFor: (failures: number) => number },
): Promise<FailureRow> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('portal_login_failures')
      .values({ email: r.email, failures: 1, last_failed_at: r.now, locked_until: 0 })
      .onConflict((oc) => oc.column('email').doUpdateSet((eb) => ({ failures: eb('portal_login_failures.failures', '+', 1), last_failed_at: r.now })))
      .returning('failures')
      .executeTakeFirstOrThrow();
    const failures = Number(row.failures);
    const lockMs = r.lockFor(failures);
    const lockedUntil = lockMs > 0 ? r.now + lockMs : 0;
    await trx.updateTable('portal_login_failures').set({ locked_until: lockedUntil }).where('email', '=', r.email).execute();
    return { failures, lockedUntil };
  });
}

export async function clearFailures(db: Executor, email: string): Promise<void> {
  await db.deleteFrom('portal_login_failures').where('email', '=', email).execute();
}

/** Forgets the counts of emails without a failure since `before` and no lock left. */
export async function forgetOldFailures(db: Executor, before: number, now: number): Promise<void> {
  await db.deleteFrom('portal_login_failures').where('last_failed_at', '<', before).where('locked_until', '<=', now).execute();
}
