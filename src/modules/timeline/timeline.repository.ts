// The SQL of a move's timeline: the scenario and its moves, then one query per source, each bounded
// by the page — a keyset condition on (instant, id) after the cursor and `limit + 1` rows, over an
// index on the move (events_move_sequence, move_steps_move, photos_move, the sms unique key,
// sms_replies_move, driver_positions_move, webhook_deliveries_event, charges_scenario, move_slots'
// key). The few rows per move of the small sources (signed reports, charges, the opt-out) are read
// whole and cut in code.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../db/executor.ts';
import { findScenarioIdOfMove } from '../moves/moves.repository.ts';
import { rankOf, type Source, TRAIL_SAMPLE_MS, type TimelineKey } from './timeline-items.ts';

export interface TimelineScenario {
  id: number;
  rooftopId: number;
  clientId: string;
  customerPhoneE164: string | null;
  moves: { id: number; driver_id: number | null; driver_name: string | null; cancel_decided_by: string | null }[];
}

/** The scenario of a move of these rooftops, with its moves; undefined for anyone else's move. */
export async function findTimelineScenario(db: Executor, moveId: number, rooftopIds: number[]): Promise<TimelineScenario | undefined> {
  const scenarioId = await findScenarioIdOfMove(db, moveId, rooftopIds);
  if (scenarioId === undefined) return undefined;
  const rows = await db
    .selectFrom('moves')
    .innerJoin('scenarios', 'scenarios.id', 'moves.scenario_id')
    .leftJoin('drivers', 'drivers.id', 'moves.driver_id')
    .select(['moves.id', 'moves.driver_id', 'drivers.name as driver_name', 'moves.cancel_decided_by'])
    .select(['scenarios.rooftop_id', 'scenarios.client_id', 'scenarios.customer_phone_e164'])
    .where('moves.scenario_id', '=', scenarioId)
    .orderBy('moves.cardinality')
    .execute();
  const first = rows[0];
  if (!first) return undefined;
  return {
    id: Number(scenarioId),
    rooftopId: Number(first.rooftop_id),
    clientId: first.client_id,
    customerPhoneE164: first.customer_phone_e164,
    moves: rows.map((r) => ({ id: Number(r.id), driver_id: r.driver_id === null ? null : Number(r.driver_id), driver_name: r.driver_name, cancel_decided_by: r.cancel_decided_by })),
  };
}

export interface SourcePage {
  moveIds: number[];
  after: TimelineKey | null;
  /** Rows per source: the page's limit + 1. */
  take: number;
}

/**
 * Rows of `source` after the cursor's key in (instant, source rank, id) order: a later instant,
 * or the same instant and a later source, or the same instant and source and a larger id.
 */
function afterKey(source: Source, at: string, id: string, after: TimelineKey): RawBuilder<SqlBool> {
  const rank = rankOf(source);
  const atRef = sql.ref(at);
  if (rank < after.rank) return sql<SqlBool>`${atRef} > ${after.at}`;
  if (rank > after.rank) return sql<SqlBool>`${atRef} >= ${after.at}`;
  const afterId = source === 'photo' ? after.id : Number(after.id);
  return sql<SqlBool>`(${atRef} > ${after.at} or (${atRef} = ${after.at} and ${sql.ref(id)} > ${afterId}))`;
}

/** The scenario's events, each with the driver of the step it reports (when it reports one). */
export async function findEventRows(db: Executor, p: SourcePage) {
  return db
    .selectFrom('events')
    .leftJoin('move_steps', (j) =>
      j
        .onRef('move_steps.move_id', '=', 'events.move_id')
        .onRef('move_steps.created_at', '=', 'events.created_at')
        // A step row 'pickup_started' is the event 'move.pickup.started' of the same instant.
        .on(sql<SqlBool>`events.type = 'move.' || replace(move_steps.step, '_', '.')`),
    )
    .leftJoin('drivers', 'drivers.id', 'move_steps.driver_id')
    .select(['events.position', 'events.id', 'events.move_id', 'events.type', 'events.sequence', 'events.created_at', 'events.data'])
    .select(['move_steps.driver_id as step_driver_id', 'drivers.name as step_driver_name'])
    .where('events.move_id', 'in', p.moveIds)
    .$if(p.after !== null, (q) => q.where(afterKey('event', 'events.created_at', 'events.position', p.after!)))
    .orderBy('events.created_at')
    .orderBy('events.position')
    .limit(p.take)
    .execute();
}

/** The positions the driver reported with each step. */
export async function findPositionRows(db: Executor, p: SourcePage) {
  return db
    .selectFrom('move_steps')
    .leftJoin('drivers', 'drivers.id', 'move_steps.driver_id')
    .select(['move_steps.id', 'move_steps.move_id', 'move_steps.driver_id', 'drivers.name as driver_name', 'move_steps.step'])
    .select(['move_steps.lat', 'move_steps.lon', 'move_steps.odometer', 'move_steps.fuel_level', 'move_steps.notes', 'move_steps.created_at'])
    .where('move_steps.move_id', 'in', p.moveIds)
    .$if(p.after !== null, (q) => q.where(afterKey('position', 'move_steps.created_at', 'move_steps.id', p.after!)))
    .orderBy('move_steps.created_at')
    .orderBy('move_steps.id')
    .limit(p.take)
    .execute();
}

/**
 * The trail, sampled in SQL (timeline-items.ts TRAIL_SAMPLE_MS): per move the smallest id of each
 * span — ids grow with the instant, as each row is written at the report's own clock reading —
 * and the largest id overall (the latest). The grouping reads driver_positions_move alone; only
 * the page's sampled rows are fetched. Integer division on both engines (bigint / integer).
 */
export async function findLocationRows(db: Executor, p: SourcePage) {
  const sampled = db
    .selectFrom('driver_positions')
    .select((eb) => eb.fn.min('id').as('id'))
    .where('move_id', 'in', p.moveIds)
    .groupBy(['move_id', sql`recorded_at / ${sql.lit(TRAIL_SAMPLE_MS)}`])
    .union(db.selectFrom('driver_positions').select((eb) => eb.fn.max('id').as('id')).where('move_id', 'in', p.moveIds).groupBy('move_id'));
  return db
    .selectFrom('driver_positions')
    .leftJoin('drivers', 'drivers.id', 'driver_positions.driver_id')
    .select(['driver_positions.id', 'driver_positions.move_id', 'driver_positions.driver_id', 'drivers.name as driver_name'])
    .select(['driver_positions.lat', 'driver_positions.lon', 'driver_positions.recorded_at'])
    // Repeated outside: PostgreSQL cannot estimate how few ids the spans leave, and without it reads
    // every move's trail to join them; with it, only this move's.
    .where('driver_positions.move_id', 'in', p.moveIds)
    .where('driver_positions.id', 'in', sampled)
    .$if(p.after !== null, (q) => q.where(afterKey('location', 'driver_positions.recorded_at', 'driver_positions.id', p.after!)))
    .orderBy('driver_positions.recorded_at')
    .orderBy('driver_positions.id')
    .limit(p.take)
    .execute();
}

/** The customers' replies to the moves' texts (sms-inbound.ts found the move each answers). */
export async function findReplyRows(db: Executor, p: SourcePage) {
  return db
    .selectFrom('sms_replies')
    .select(['id', 'move_id', 'from_phone', 'body', 'received_at'])
    .where('move_id', 'in', p.moveIds)
    .$if(p.after !== null, (q) => q.where(afterKey('reply', 'sms_replies.received_at', 'sms_replies.id', p.after!)))
    .orderBy('received_at')
    .orderBy('id')
    .limit(p.take)
    .execute();
}

/**
 * Photos and signatures as received (UUID ids: any collation orders same-shaped lowercase hex as
 * bytes do), with the driver who uploaded each (by primary key, per row of the page).
 */
export async function findPhotoRows(db: Executor, p: SourcePage) {
  return db
    .selectFrom('photos')
    .leftJoin('drivers', 'drivers.id', 'photos.uploaded_by_driver_id')
    .select(['photos.id', 'photos.move_id', 'photos.slot', 'photos.step_id', 'photos.kind', 'photos.status', 'photos.taken_at', 'photos.superseded_at', 'photos.received_at'])
    .select(['photos.uploaded_by_driver_id as uploader_id', 'drivers.name as uploader_name'])
    .where('photos.move_id', 'in', p.moveIds)
    .$if(p.after !== null, (q) => q.where(afterKey('photo', 'photos.received_at', 'photos.id', p.after!)))
    .orderBy('photos.received_at')
    .orderBy('photos.id')
    .limit(p.take)
    .execute();
}

export async function findSmsRows(db: Executor, p: SourcePage) {
  return db
    .selectFrom('sms_messages')
    .select(['id', 'move_id', 'trigger', 'to_phone', 'body', 'status', 'error', 'attempts', 'created_at', 'updated_at'])
    .where('move_id', 'in', p.moveIds)
    .$if(p.after !== null, (q) => q.where(afterKey('sms', 'sms_messages.created_at', 'sms_messages.id', p.after!)))
    .orderBy('created_at')
    .orderBy('id')
    .limit(p.take)
    .execute();
}

/**
 * Every delivery attempt of the scenario's events, with its subscription's URL: the moves' events
 * (events_move_sequence), then each one's attempts (webhook_deliveries_event), never the rest of
 * the rooftop's attempts. A move has tens of events and a few attempts each, so the rows sorted for
 * the page are few.
 */
export async function findDeliveryRows(db: Executor, p: SourcePage & { rooftopId: number }) {
  return db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
    .innerJoin('events', 'events.id', 'webhook_deliveries.event_id')
    .select(['webhook_deliveries.id', 'webhook_deliveries.webhook_id', 'webhooks.target_url', 'webhook_deliveries.event_id'])
    .select(['webhook_deliveries.event_type', 'webhook_deliveries.attempt', 'webhook_deliveries.status_code', 'webhook_deliveries.error'])
    .select(['webhook_deliveries.duration_ms', 'webhook_deliveries.created_at'])
    .select('events.move_id')
    .where('webhooks.rooftop_id', '=', p.rooftopId)
    .where('events.move_id', 'in', p.moveIds)
    .$if(p.after !== null, (q) => q.where(afterKey('delivery', 'webhook_deliveries.created_at', 'webhook_deliveries.id', p.after!)))
    .orderBy('webhook_deliveries.created_at')
    .orderBy('webhook_deliveries.id')
    .limit(p.take)
    .execute();
}

/** The signed condition reports (at most two per move). */
export async function findSignedSlots(db: Executor, moveIds: number[]) {
  return db
    .selectFrom('move_slots')
    .select(['move_id', 'slot', 'workflow_name', 'report_sha256', 'signed_at'])
    .where('move_id', 'in', moveIds)
    .where('signed_at', 'is not', null)
    .execute();
}

/** The scenario's charges (one per move). */
export async function findCharges(db: Executor, scenarioId: number) {
  return db
    .selectFrom('charges')
    .select(['id', 'move_id', 'status', 'quote_lines', 'lines', 'paid_amount', 'disputed', 'adjustments', 'created_at'])
    .where('scenario_id', '=', scenarioId)
    .execute();
}

/** When the customer's number opted out of texts (STOP), if it has. */
export async function findOptOut(db: Executor, phone: string | null) {
  if (phone === null) return undefined;
  return db.selectFrom('sms_opt_outs').selectAll().where('phone', '=', phone).executeTakeFirst();
}

export type EventRow = Awaited<ReturnType<typeof findEventRows>>[number];
export type PositionRow = Awaited<ReturnType<typeof findPositionRows>>[number];
export type LocationRow = Awaited<ReturnType<typeof findLocationRows>>[number];
export type ReplyRow = Awaited<ReturnType<typeof findReplyRows>>[number];
export type PhotoRowOfTimeline = Awaited<ReturnType<typeof findPhotoRows>>[number];
export type SmsRow = Awaited<ReturnType<typeof findSmsRows>>[number];
export type DeliveryRow = Awaited<ReturnType<typeof findDeliveryRows>>[number];
export type SlotRow = Awaited<ReturnType<typeof findSignedSlots>>[number];
export type ChargeRowOfTimeline = Awaited<ReturnType<typeof findCharges>>[number];
export type OptOutRow = NonNullable<Awaited<ReturnType<typeof findOptOut>>>;
