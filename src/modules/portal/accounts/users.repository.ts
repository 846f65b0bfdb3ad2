// The portal users' tables (portal_users, portal_user_rooftops). Disabling a user also ends its
// sessions here, in the same statement batch, so the portal module that owns sessions is not needed.
import type { Executor } from '../../../db/executor.ts';
import { groupBy } from '../../../lib/group-by.ts';
import type { PortalRole } from './user-rules.ts';

export interface PortalUser {
  id: number;
  email: string;
  name: string;
  role: PortalRole;
  disabled: boolean;
  /** A dealer's own rooftops; empty for ops (every rooftop, resolved by the reader). */
  rooftopIds: number[];
  createdAt: number;
}

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: string;
  disabled: number;
  created_at: number;
}

const toUser = (row: UserRow, rooftopIds: number[]): PortalUser => ({
  id: Number(row.id),
  email: row.email,
  name: row.name,
  role: row.role as PortalRole,
  disabled: Number(row.disabled) === 1,
  rooftopIds,
  createdAt: Number(row.created_at),
});

const USER_COLUMNS = ['id', 'email', 'name', 'role', 'disabled', 'created_at'] as const;

/** The new user's id, or null when the email is taken (a unique key, so two racing adds cannot both win). */
export async function insertUser(
  db: Executor,
  u: { email: string; name: string; role: PortalRole; passwordHash: string; rooftopIds: number[]; now: number },
): Promise<number | null> {
  const row = await db
    .insertInto('portal_users')
    .values({ email: u.email, name: u.name, role: u.role, password_hash: u.passwordHash, disabled: 0, created_at: u.now, updated_at: u.now })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  const id = Number(row.id);
  if (u.rooftopIds.length) {
    await db.insertInto('portal_user_rooftops').values(u.rooftopIds.map((rooftop_id) => ({ user_id: id, rooftop_id }))).execute();
  }
  return id;
}

export async function userRooftopIds(db: Executor, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('portal_user_rooftops').select('rooftop_id').where('user_id', '=', userId).orderBy('rooftop_id').execute();
  return rows.map((r) => Number(r.rooftop_id));
}

/** The user of a (normalized) email with its password hash, for login. */
export async function findUserForLogin(db: Executor, email: string): Promise<{ user: PortalUser; passwordHash: string } | undefined> {
  const row = await db.selectFrom('portal_users').select([...USER_COLUMNS, 'password_hash']).where('email', '=', email).executeTakeFirst();
  if (!row) return undefined;
  return { user: toUser(row, await userRooftopIds(db, Number(row.id))), passwordHash: row.password_hash };
}

export async function findUser(db: Executor, id: number): Promise<PortalUser | undefined> {
  const row = await db.selectFrom('portal_users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toUser(row, await userRooftopIds(db, id));
}

export async function emailTaken(db: Executor, email: string): Promise<boolean> {
  return (await db.selectFrom('portal_users').select('id').where('email', '=', email).executeTakeFirst()) !== undefined;
}

/** Every user, in id order. */
export async function listUsers(db: Executor): Promise<PortalUser[]> {
  const rows = await db.selectFrom('portal_users').select(USER_COLUMNS).orderBy('id').execute();
  const links = await db.selectFrom('portal_user_rooftops').select(['user_id', 'rooftop_id']).orderBy('rooftop_id').execute();
  const byUser = groupBy(links, (l) => Number(l.user_id));
  return rows.map((row) => toUser(row, (byUser.get(Number(row.id)) ?? []).map((l) => Number(l.rooftop_id))));
}

/**
 * Disables the user of `email` and deletes its sessions, so they stop working at once (the session
 * check also reads the flag, for a request already past the delete). undefined: no such user.
 */
export async function disableUser(db: Executor, email: string, now: number): Promise<PortalUser | undefined> {
  const row = await db.selectFrom('portal_users').select('id').where('email', '=', email).executeTakeFirst();
  return row && setUserDisabled(db, Number(row.id), true, now);
}

/**
 * Disables or enables a user; disabling deletes its sessions in the same transaction, so they stop
 * working at once. Enabling starts none: the user signs in again. undefined: no such user.
 */
export async function setUserDisabled(db: Executor, id: number, disabled: boolean, now: number): Promise<PortalUser | undefined> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('portal_users').set({ disabled: disabled ? 1 : 0, updated_at: now }).where('id', '=', id).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return undefined;
    if (disabled) await trx.deleteFrom('portal_sessions').where('user_id', '=', id).execute();
    return findUser(trx, id);
  });
}
