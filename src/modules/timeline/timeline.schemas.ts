// GET /v1/moves/:id/timeline in the OpenAPI document: the query it reads and the page it answers,
// one item schema per group of types so each type's `data` is documented as it is sent.
import Type, { type TSchema } from 'typebox';
import { Instant, Nullable, NullableInstant, NullableString, QueryInteger, Unchecked } from '../../lib/schema-types.ts';
import { ACTOR_KINDS } from './timeline-actors.ts';
import { MOVE_EVENT_TYPES } from './timeline-items.ts';
import { TIMELINE_CURSOR_MAX, TIMELINE_LIMIT } from './timeline-query.ts';

export const TimelineQuerySchema = Unchecked(
  Type.Object({
    limit: Type.Optional(QueryInteger(TIMELINE_LIMIT, 'Items per page')),
    cursor: Type.Optional(Type.String({ maxLength: TIMELINE_CURSOR_MAX, description: 'The next_cursor of the previous page, unchanged' })),
  }),
);

const ActorSchema = Type.Object(
  {
    kind: Type.String({
      enum: [...ACTOR_KINDS],
      description:
        'client: an API client (id = its client_id); user: a portal user (id = the user id); driver (id = the driver id); customer: the ' +
        "customer's phone (a reply, or its STOP); ops: the dispatch desk (which client is not recorded); system: Handoff itself; unknown: " +
        'a dealer or the ops desk, and nothing records which',
    }),
    id: NullableString(),
    name: NullableString({ description: "The driver's name; null otherwise" }),
  },
  { title: 'timeline actor' },
);

const NullableNumber = (options: Record<string, unknown> = {}) => Nullable(Type.Number(options));
const NullableInteger = (options: Record<string, unknown> = {}) => Nullable(Type.Integer(options));

/** One kind of item: its types, and the data they carry. */
function item(types: readonly string[], data: TSchema, title: string, moveId: TSchema = Type.Integer()) {
  return Type.Object(
    {
      id: Type.String({ description: '`<source>:<id>`, unique within the timeline, e.g. `event:123`' }),
      at: Instant(),
      type: Type.String({ enum: [...types] }),
      actor: ActorSchema,
      move_id: moveId,
      data,
    },
    { title },
  );
}

const EventItem = item(
  MOVE_EVENT_TYPES,
  Type.Object({
    event_id: Type.String({ format: 'uuid', description: 'GET /v1/events/:id' }),
    sequence: Type.Integer({ description: "The event's per-move sequence" }),
    status: NullableString({ description: "The move's status as the event left it" }),
    cancel_status: NullableString(),
    driver_name: NullableString(),
    charge: Nullable(
      Type.Object({ status: Type.String(), due_amount: Type.Number(), balance_remaining: Type.Number(), disputed: Type.Boolean() }, { description: 'Dollars' }),
    ),
  }),
  'timeline event',
);

const PositionItem = item(
  ['driver.position'],
  Type.Object({
    step: Type.String({ description: 'The step the position was reported with' }),
    lat: NullableNumber(),
    lon: NullableNumber(),
    odometer: NullableNumber(),
    fuel_level: NullableNumber(),
    notes: NullableString(),
  }),
  'timeline driver position',
);

const LocationItem = item(
  ['driver.location'],
  Type.Object({ lat: Type.Number(), lon: Type.Number() }),
  'timeline driver location',
);

const PhotoItem = item(
  ['photo.received'],
  Type.Object({
    photo_id: Type.String({ format: 'uuid' }),
    slot: Type.String({ enum: ['pickup', 'delivery'] }),
    step_id: Type.String(),
    kind: Type.String({ enum: ['photo', 'signature'] }),
    status: Type.String({ description: '`pending` until its thumbnail is made, then `done`' }),
    taken_at: NullableInstant(),
    superseded: Type.Boolean({ description: 'A later photo replaced it' }),
  }),
  'timeline photo',
);

const ReportItem = item(
  ['condition_report.signed'],
  Type.Object({ slot: Type.String({ enum: ['pickup', 'delivery'] }), workflow_name: Type.String(), report_sha256: NullableString() }),
  'timeline condition report',
);

const ChargeItem = item(
  ['charge.quoted'],
  Type.Object({
    charge_id: Type.Integer(),
    quoted_amount: Type.Number({ description: 'Dollars: the quote pinned at booking' }),
    status: Type.String({ description: 'Where the charge stands now' }),
    due_amount: Type.Number({ description: 'Dollars, now' }),
    disputed: Type.Boolean(),
  }),
  'timeline charge',
);

const SmsItem = item(
  ['sms.message'],
  Type.Object({
    message_id: Type.Integer(),
    trigger: Type.String(),
    to: Type.String(),
    body: Type.String(),
    status: Type.String({ enum: ['queued', 'sent', 'failed', 'suppressed'] }),
    status_at: Instant(),
    attempts: Type.Integer(),
    error: NullableString(),
  }),
  'timeline customer text',
);

const ReplyItem = item(
  ['sms.reply'],
  Type.Object({
    reply_id: Type.Integer(),
    from: Type.String({ description: "The customer's number, E.164" }),
    body: Type.String({ description: 'As the customer wrote it (at most 1,600 characters)' }),
  }),
  "timeline customer's reply",
);

const OptOutItem = item(['sms.opted_out'], Type.Object({ phone: Type.String() }), 'timeline opt-out', Type.Null());

const DeliveryItem = item(
  ['webhook.delivery'],
  Type.Object({
    delivery_id: Type.Integer(),
    webhook_id: Type.Integer(),
    target_url: Type.String(),
    event_id: Type.String({ format: 'uuid' }),
    event_type: Type.String(),
    attempt: Type.Integer(),
    status_code: NullableInteger({ description: "The receiver's HTTP status; null when no answer came" }),
    succeeded: Type.Boolean(),
    error: NullableString(),
    duration_ms: Type.Integer(),
  }),
  'timeline webhook delivery',
);

export const TimelineSchema = Type.Object({
  timeline: Type.Array(Type.Union([EventItem, LocationItem, PositionItem, PhotoItem, ReportItem, ChargeItem, SmsItem, ReplyItem, OptOutItem, DeliveryItem])),
  next_cursor: NullableString({ description: 'Send as `cursor` for the next page; null on the last page' }),
});
