import type { Executor } from '../../db/executor.ts';
import type { IdempotencyKeyTable } from '../../db/schema.ts';
import type { Selectable } from 'kysely';

export type IdempotencyRecord = Selectable<IdempotencyKeyTable>;

/** Claims the key for this request; false when a record for it already exists. */
export async function claimKey(
  db: Executor,
  c: { clientId: string; key: string; requestHash: string; now: number; leaseMs: number; owner: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      client_id: c.clientId,
      key: c.key,
      request_hash: c.requestHash,
      state: 'running',
      status_code: null,
      content_type: null,
      response_body: null,
      created_at: c.now,
      locked_until: c.now + c.leaseMs,
      locked_by: c.owner,
    })
    .onConflict((oc) => oc.columns(['client_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

export function findKey(db: Executor, clientId: string, key: string): Promise<IdempotencyRecord | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function completeKey(
  db: Executor,
  /** body null: too large to keep, only the status is remembered. */
  r: { clientId: string; key: string; statusCode: number; contentType: string; body: string | null },
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ state: 'done', status_code: r.statusCode, content_type: r.contentType, response_body: r.body })
    .where('client_id', '=', r.clientId)
    .where('key', '=', r.key)
    .execute();
}

/**
 * Removes a record that may be replaced: expired (older than `expiredBefore`), a running claim
 * whose lease lapsed, or one held by `goneOwner` (a process known to be dead). Conditional, so two
 * requests cannot both remove and re-claim it.
 */
export async function releaseStaleKey(
  db: Executor,
  r: { clientId: string; key: string; expiredBefore: number; now: number; goneOwner?: string | null },
): Promise<boolean> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('client_id', '=', r.clientId)
    .where('key', '=', r.key)
    .where((eb) =>
      eb.or([
        eb('created_at', '<', r.expiredBefore),
        eb.and([eb('state', '=', 'running'), eb('locked_until', '<', r.now)]),
        ...(r.goneOwner ? [eb.and([eb('state', '=', 'running'), eb('locked_by', '=', r.goneOwner)])] : []),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Forget a claim whose request failed on our side, so a retry can run. */
export async function dropKey(db: Executor, clientId: string, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('client_id', '=', clientId).where('key', '=', key).execute();
}
