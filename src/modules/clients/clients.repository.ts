import type { Executor } from '../../db/executor.ts';
import { allRooftopIds } from '../rooftops/rooftops.repository.ts';
import type { Role } from './roles.ts';

export interface ClientRecord {
  clientId: string;
  secretHash: string;
  role: Role;
  driverId: number | null;
  revokedAt: number | null;
  /** An ops dispatch desk: rooftopIds is then every rooftop that existed when the record was read. */
  allRooftops: boolean;
  rooftopIds: number[];
}

export async function insertClient(
  db: Executor,
  c: {
    clientId: string;
    secretHash: string;
    role: Role;
    driverId?: number | null;
    allRooftops?: boolean;
    rooftopIds: number[];
    now: number;
  },
): Promise<void> {
  await db
    .insertInto('api_clients')
    .values({
      client_id: c.clientId,
      secret_hash: c.secretHash,
      role: c.role,
      driver_id: c.driverId ?? null,
      revoked_at: null,
      created_at: c.now,
      all_rooftops: c.allRooftops ? 1 : 0,
    })
    .execute();
  if (c.rooftopIds.length) {
    await db
      .insertInto('client_rooftops')
      .values(c.rooftopIds.map((rooftop_id) => ({ client_id: c.clientId, rooftop_id })))
      .execute();
  }
}

export async function findClient(db: Executor, clientId: string): Promise<ClientRecord | undefined> {
  const row = await db.selectFrom('api_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  if (!row) return undefined;
  const allRooftops = Number(row.all_rooftops) === 1;
  // A desk's list is resolved here, so every `rooftop_id in (...)` filter serves it unchanged;
  // the authenticator caches it with the record, so a new rooftop shows within that cache's time.
  const rooftopIds = allRooftops
    ? await allRooftopIds(db)
    : (
        await db
          .selectFrom('client_rooftops')
          .select('rooftop_id')
          .where('client_id', '=', clientId)
          .orderBy('rooftop_id')
          .execute()
      ).map((r) => r.rooftop_id);
  return {
    clientId: row.client_id,
    secretHash: row.secret_hash,
    role: row.role as Role,
    driverId: row.driver_id,
    revokedAt: row.revoked_at,
    allRooftops,
    rooftopIds,
  };
}

export async function revokeClient(db: Executor, clientId: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('api_clients')
    .set({ revoked_at: now })
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countClients(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('api_clients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
