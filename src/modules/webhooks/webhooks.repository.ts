// SQL of webhook subscriptions and their delivery attempts. Booleans are stored 0/1, instants as
// epoch milliseconds, event_types as a JSON array; a deleted subscription keeps its row
// (deleted_at) so its delivery history stays readable in the database.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/executor.ts';
import type { WebhookDeliveryTable, WebhookTable } from '../../db/schema.ts';

export type WebhookRow = Selectable<WebhookTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;

export async function insertWebhook(db: Executor, row: Insertable<WebhookTable>): Promise<WebhookRow> {
  return db.insertInto('webhooks').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A subscription of one of `rooftopIds`, not deleted; undefined for anything else (spec §3: 404). */
export async function findWebhook(db: Executor, id: number, rooftopIds: number[]): Promise<WebhookRow | undefined> {
  if (rooftopIds.length === 0) return undefined;
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('id', '=', id)
    .where('rooftop_id', 'in', rooftopIds)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Any subscription by id, deleted or not (the delivery job decides what to do with it). */
export async function findWebhookById(db: Executor, id: number): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The rooftops' subscriptions, not deleted, in id order. */
export async function listWebhooks(db: Executor, rooftopIds: number[]): Promise<WebhookRow[]> {
  if (rooftopIds.length === 0) return [];
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('rooftop_id', 'in', rooftopIds)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** Subscriptions that receive events now: active and not deleted, of any of `rooftopIds`. */
export async function activeSubscriptions(db: Executor, rooftopIds: number[]) {
  if (rooftopIds.length === 0) return [];
  return db
    .selectFrom('webhooks')
    .select(['id', 'rooftop_id', 'event_types', 'target_url'])
    .where('rooftop_id', 'in', rooftopIds)
    .where('active', '=', 1)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** Applies `changes` (and updated_at) to a subscription that is not deleted; the new row or undefined. */
export async function updateWebhook(
  db: Executor,
  id: number,
  changes: Omit<Updateable<WebhookTable>, 'id' | 'rooftop_id' | 'created_at' | 'updated_at' | 'deleted_at'>,
  now: number,
): Promise<WebhookRow | undefined> {
  return db
    .updateTable('webhooks')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Soft delete: no more deliveries; false when it was already gone. */
export async function deleteWebhook(db: Executor, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('webhooks')
    .set({ deleted_at: now, active: 0, updated_at: now })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Starts a run of failures at `now` unless one is already running; returns when the current run
 * started (one statement each way, so concurrent deliveries agree on the first failure).
 */
export async function markFailing(db: Executor, id: number, now: number): Promise<number> {
  await db.updateTable('webhooks').set({ failing_since: now }).where('id', '=', id).where('failing_since', 'is', null).execute();
  const row = await db.selectFrom('webhooks').select('failing_since').where('id', '=', id).executeTakeFirst();
  return row?.failing_since == null ? now : Number(row.failing_since);
}

/** A success ends the run of failures. */
export async function clearFailing(db: Executor, id: number): Promise<void> {
  await db.updateTable('webhooks').set({ failing_since: null }).where('id', '=', id).where('failing_since', 'is not', null).execute();
}

/**
 * Disables a subscription whose run of failures started at or before `failingSinceAtMost`; false
 * when a success cleared the run meanwhile, or it is already disabled or deleted.
 */
export async function disableFailing(
  db: Executor,
  id: number,
  q: { failingSinceAtMost: number; reason: string; now: number },
): Promise<boolean> {
  const result = await db
    .updateTable('webhooks')
    .set({ active: 0, disabled_reason: q.reason, updated_at: q.now })
    .where('id', '=', id)
    .where('active', '=', 1)
    .where('deleted_at', 'is', null)
    .where('failing_since', '<=', q.failingSinceAtMost)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertDelivery(db: Executor, row: Insertable<WebhookDeliveryTable>): Promise<void> {
  await db.insertInto('webhook_deliveries').values(row).execute();
}

/** A subscription's attempts, newest first, before the attempt id `beforeId`; one extra row tells if more follow. */
export async function listDeliveries(
  db: Executor,
  q: { webhookId: number; beforeId: number | null; limit: number },
): Promise<WebhookDeliveryRow[]> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', q.webhookId)
    .$if(q.beforeId !== null, (b) => b.where('id', '<', q.beforeId!))
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
}
