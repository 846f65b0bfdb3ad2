// The only SQL about customer texts: sms_messages (one row per move and trigger), sms_opt_outs and
// sms_replies (what customers text us).
import type { Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/executor.ts';
import type { SmsMessageTable } from '../../db/schema.ts';
import type { SmsTrigger } from './sms-triggers.ts';

export type SmsMessageRow = Selectable<SmsMessageTable>;
export type SmsStatus = 'queued' | 'sent' | 'failed' | 'suppressed';

/** Errors are kept short: a provider's message, never a stack or an HTML page. */
const MAX_ERROR_LENGTH = 1000;
const clip = (s: string) => s.slice(0, MAX_ERROR_LENGTH);

export interface NewSmsMessage {
  moveId: number;
  rooftopId: number;
  trigger: SmsTrigger;
  to: string;
  body: string;
  status: 'queued' | 'suppressed';
  now: number;
}

/**
 * The message of (move, trigger), unless one exists: returns the new id, or null when there
 * already was one. ON CONFLICT DO NOTHING rather than catching the unique violation, which on
 * PostgreSQL would abort the caller's whole transaction (the one writing the move's change).
 */
export async function insertMessage(trx: Executor, m: NewSmsMessage): Promise<number | null> {
  const row = await trx
    .insertInto('sms_messages')
    .values({
      move_id: m.moveId,
      rooftop_id: m.rooftopId,
      trigger: m.trigger,
      to_phone: m.to,
      body: m.body,
      status: m.status,
      provider: null,
      provider_message_id: null,
      attempts: 0,
      error: null,
      created_at: m.now,
      updated_at: m.now,
    })
    .onConflict((oc) => oc.columns(['move_id', 'trigger']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row === undefined ? null : Number(row.id);
}

/** Move id → scenario id, for those of `moveIds` whose scenario is of one of `kinds` (one indexed query). */
export async function scenariosOfMovesOfKinds(trx: Executor, moveIds: number[], kinds: readonly string[]): Promise<Map<number, number>> {
  const rows = await trx
    .selectFrom('moves')
    .innerJoin('scenarios', 'scenarios.id', 'moves.scenario_id')
    .select(['moves.id as move_id', 'moves.scenario_id'])
    .where('moves.id', 'in', moveIds)
    .where('scenarios.kind', 'in', [...kinds])
    .execute();
  return new Map(rows.map((m) => [Number(m.move_id), Number(m.scenario_id)]));
}

export async function findMessage(db: Executor, id: number): Promise<SmsMessageRow | undefined> {
  return db.selectFrom('sms_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every message of the scenario's moves, oldest first. */
export async function listScenarioMessages(db: Executor, scenarioId: number): Promise<SmsMessageRow[]> {
  return db
    .selectFrom('sms_messages')
    .selectAll()
    .where('move_id', 'in', (eb) => eb.selectFrom('moves').select('id').where('scenario_id', '=', scenarioId))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

// Every change below applies only to a row still 'queued': a message that was sent, failed or
// suppressed is final, so a job that runs twice (at-least-once delivery) cannot undo it.
async function updateQueued(db: Executor, id: number, values: Updateable<SmsMessageTable>): Promise<void> {
  await db.updateTable('sms_messages').set(values).where('id', '=', id).where('status', '=', 'queued').execute();
}

export function markSent(db: Executor, id: number, r: { provider: string; providerMessageId: string; attempts: number; now: number }): Promise<void> {
  const { provider, providerMessageId, attempts, now } = r;
  return updateQueued(db, id, { status: 'sent', provider, provider_message_id: providerMessageId, attempts, error: null, updated_at: now });
}

export function markFailed(db: Executor, id: number, r: { provider: string; error: string; attempts: number; now: number }): Promise<void> {
  return updateQueued(db, id, { status: 'failed', provider: r.provider, error: clip(r.error), attempts: r.attempts, updated_at: r.now });
}

export function markSuppressed(db: Executor, id: number, r: { error: string | null; attempts?: number; now: number }): Promise<void> {
  const attempts = r.attempts === undefined ? {} : { attempts: r.attempts };
  return updateQueued(db, id, { status: 'suppressed', error: r.error === null ? null : clip(r.error), ...attempts, updated_at: r.now });
}

/** A failed attempt that will be retried: the row stays queued and says why it is late. */
export function recordRetry(db: Executor, id: number, r: { provider: string; error: string; attempts: number; now: number }): Promise<void> {
  return updateQueued(db, id, { provider: r.provider, error: clip(r.error), attempts: r.attempts, updated_at: r.now });
}

export async function isOptedOut(db: Executor, phone: string): Promise<boolean> {
  const row = await db.selectFrom('sms_opt_outs').select('phone').where('phone', '=', phone).executeTakeFirst();
  return row !== undefined;
}

export async function optOut(db: Executor, phone: string, now: number): Promise<void> {
  await db
    .insertInto('sms_opt_outs')
    .values({ phone, created_at: now })
    .onConflict((oc) => oc.column('phone').doNothing())
    .execute();
}

export async function optIn(db: Executor, phone: string): Promise<void> {
  await db.deleteFrom('sms_opt_outs').where('phone', '=', phone).execute();
}

/** The move of the newest text we wrote to `phone` since `since` (sms_messages_to_phone), if any. */
export async function findMoveOfLastTextTo(db: Executor, phone: string, since: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('sms_messages')
    .select('move_id')
    .where('to_phone', '=', phone)
    .where('created_at', '>=', since)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.move_id);
}

export interface NewSmsReply {
  moveId: number | null;
  from: string;
  body: string;
  provider: string;
  providerMessageId: string | null;
  now: number;
}

/**
 * Keeps an inbound text; a provider's retry of the same message id keeps nothing more (ON CONFLICT
 * rather than a caught violation, which on PostgreSQL would abort the caller's transaction).
 * Returns whether it was new.
 */
export async function insertReply(db: Executor, r: NewSmsReply): Promise<boolean> {
  const row = await db
    .insertInto('sms_replies')
    .values({
      move_id: r.moveId,
      from_phone: r.from,
      body: r.body,
      provider: r.provider,
      provider_message_id: r.providerMessageId,
      received_at: r.now,
    })
    .onConflict((oc) => oc.column('provider_message_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
