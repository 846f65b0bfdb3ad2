// GET /v1/moves/:id/timeline: what its items are. Every choice about an item's shape lives here —
// the closed set of types, the sources they come from and their order at the same instant, each
// source's id and the small `data` each type carries. Pure: rows in, items out.
import { EVENT_TYPES } from '../events/event-types.ts';
import { formatInstant } from '../../lib/instant.ts';
import { renderCents } from '../../lib/money.ts';
import { chargeAmounts } from '../billing/charges/charge-document.ts';
import { parseLines } from '../billing/charges/charge-record.ts';
import type { Actor } from './timeline-actors.ts';

/** Event types that belong to a move (appointment.* and invoice.* events have none). */
export const MOVE_EVENT_TYPES = EVENT_TYPES.filter((t) => !t.startsWith('appointment.') && !t.startsWith('invoice.'));

export const DERIVED_TYPES = [
  'driver.location',
  'driver.position',
  'photo.received',
  'condition_report.signed',
  'charge.quoted',
  'sms.message',
  'sms.reply',
  'sms.opted_out',
  'webhook.delivery',
] as const;

export const TIMELINE_TYPES = [...MOVE_EVENT_TYPES, ...DERIVED_TYPES] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

/**
 * The sources, in their order at one instant (the middle key of the keyset): what the driver
 * reported comes before the event it caused, the change before what follows from it (a photo, the
 * signed report, a text, webhook attempts), the customer's reply before the opt-out it makes. The
 * name is also the prefix of an item's id. At most 10: the cursor carries the rank as one digit.
 */
export const SOURCES = ['location', 'position', 'event', 'photo', 'report', 'charge', 'sms', 'reply', 'opt_out', 'delivery'] as const;

/**
 * The trail (POST /v1/driver/location) is shown sampled: of each move's reports, the first of
 * every 2-minute span (spans counted from the epoch, so a page never changes what an earlier one
 * sampled) and always the latest. At city speeds 2 minutes is about a mile — enough to see the
 * route and every stop on a map — while an hour is at most 32 items (30 spans, one more when the
 * hour straddles a span, and the latest) however often the app reports: a 3-hour move's trail
 * fits in about one default page.
 */
export const TRAIL_SAMPLE_MS = 2 * 60_000;
export type Source = (typeof SOURCES)[number];
export const rankOf = (source: Source): number => SOURCES.indexOf(source);

/** The photo source's ids are UUIDs (compared as text); every other source's are integers. */
export const TEXT_ID_SOURCES: readonly Source[] = ['photo'];

/** Where an item sits in the timeline: by instant, then source, then id within the source. */
export interface TimelineKey {
  at: number;
  rank: number;
  id: string;
}

export interface TimelineItem {
  id: string;
  at: string;
  type: TimelineType;
  actor: Actor;
  move_id: number | null;
  data: Record<string, unknown>;
}

export interface KeyedItem {
  key: TimelineKey;
  item: TimelineItem;
}

/** Total order of keys; numeric ids compare as numbers, UUIDs as text. */
export function compareKeys(a: TimelineKey, b: TimelineKey): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (TEXT_ID_SOURCES.includes(SOURCES[a.rank]!)) return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return Number(a.id) - Number(b.id);
}

export function keyed(source: Source, id: number | string, at: number, rest: Omit<TimelineItem, 'id' | 'at'>): KeyedItem {
  return { key: { at, rank: rankOf(source), id: String(id) }, item: { id: `${source}:${id}`, at: formatInstant(at), ...rest } };
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

// ── the data of each type ────────────────────────────────────────────────────────────────────────

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The move's object in an event's data: the scenario document's, or one level down (rescheduled: data.move). */
export function moveObjectIn(data: unknown, moveId: number): Doc | null {
  if (!isDoc(data)) return null;
  for (const v of Object.values(data)) {
    if (isDoc(v) && v.move_id === moveId) return v;
  }
  for (const v of Object.values(data)) {
    const inner = isDoc(v) ? moveObjectIn(v, moveId) : null;
    if (inner) return inner;
  }
  return null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** An event's data: the move's state as the event left it, read from its stored document. */
export function eventData(row: { id: string; sequence: number; move_id: number; data: string }) {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(row.data);
  } catch {
    // An unreadable stored document still lists its event, with what the row itself says.
  }
  const move = moveObjectIn(parsed, Number(row.move_id));
  const charge = isDoc(move?.charge) && 'status' in move.charge ? move.charge : null;
  return {
    event_id: row.id,
    sequence: Number(row.sequence),
    status: str(move?.status),
    cancel_status: str(move?.cancel_status),
    driver_name: str(move?.driver_name),
    charge: charge
      ? { status: String(charge.status), due_amount: Number(charge.due_amount), balance_remaining: Number(charge.balance_remaining), disputed: charge.disputed === true }
      : null,
  };
}

export function positionData(row: { step: string; lat: unknown; lon: unknown; odometer: unknown; fuel_level: unknown; notes: string | null }) {
  return { step: row.step, lat: num(row.lat), lon: num(row.lon), odometer: num(row.odometer), fuel_level: num(row.fuel_level), notes: row.notes };
}

export const locationData = (row: { lat: unknown; lon: unknown }) => ({ lat: Number(row.lat), lon: Number(row.lon) });

export const replyData = (row: { id: number; from_phone: string; body: string }) => ({ reply_id: Number(row.id), from: row.from_phone, body: row.body });

export function photoData(row: { id: string; slot: string; step_id: string; kind: string; status: string; taken_at: unknown; superseded_at: unknown }) {
  const takenAt = num(row.taken_at);
  return {
    photo_id: row.id,
    slot: row.slot,
    step_id: row.step_id,
    kind: row.kind,
    status: row.status,
    taken_at: takenAt === null ? null : formatInstant(takenAt),
    superseded: row.superseded_at !== null,
  };
}

export const reportData = (row: { slot: string; workflow_name: string; report_sha256: string | null }) => ({
  slot: row.slot,
  workflow_name: row.workflow_name,
  report_sha256: row.report_sha256,
});

/** The quote pinned at booking, and where the charge stands now (dollars, as the charge object shows them). */
export function chargeQuotedData(row: { id: number; status: string; quote_lines: string; lines: string; paid_amount: unknown; disputed: unknown }) {
  return {
    charge_id: Number(row.id),
    quoted_amount: renderCents(chargeAmounts(parseLines(row.quote_lines), 0).due),
    status: row.status,
    due_amount: renderCents(chargeAmounts(parseLines(row.lines), Number(row.paid_amount)).due),
    disputed: Number(row.disputed) === 1,
  };
}

export function smsData(row: { id: number; trigger: string; to_phone: string; body: string; status: string; error: string | null; attempts: unknown; updated_at: unknown }) {
  return {
    message_id: Number(row.id),
    trigger: row.trigger,
    to: row.to_phone,
    body: row.body,
    status: row.status,
    status_at: formatInstant(Number(row.updated_at)),
    attempts: Number(row.attempts),
    error: row.error,
  };
}

export function deliveryData(row: {
  id: number;
  webhook_id: number;
  target_url: string;
  event_id: string;
  event_type: string;
  attempt: unknown;
  status_code: unknown;
  error: string | null;
  duration_ms: unknown;
}) {
  const status = num(row.status_code);
  return {
    delivery_id: Number(row.id),
    webhook_id: Number(row.webhook_id),
    target_url: row.target_url,
    event_id: row.event_id,
    event_type: row.event_type,
    attempt: Number(row.attempt),
    status_code: status,
    succeeded: status !== null && status >= 200 && status < 300,
    error: row.error,
    duration_ms: Number(row.duration_ms),
  };
}
