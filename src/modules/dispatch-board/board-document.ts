// The answer of GET /v1/ops/board (ours), in one place: its schema, its type, its serializer.
import fastJson from 'fast-json-stringify';
import Type from 'typebox';
import { Instant, Nullable, NullableInstant, NullableString } from '../../lib/schema-types.ts';
import { ATTENTION_REASONS, COLUMNS, type Column } from './board-rules.ts';

const Card = Type.Object({
  scenario_id: Type.Integer(),
  kind: Type.String({ description: 'concierge-loaner, concierge, one-way or round-trip' }),
  move_ids: Type.Array(Type.Integer(), { description: 'In leg order; dispatch, suggest or reschedule any of them' }),
  moves: Type.Array(
    Type.Object({
      move_id: Type.Integer(),
      role: Type.String(),
      status: NullableString({ description: 'null: booked, not yet dispatched' }),
      cancel_status: NullableString(),
    }),
  ),
  customer_name: NullableString(),
  ro: NullableString({ description: 'The reference_id (the RO number) of the first move that has one' }),
  rooftop: Type.Object({ id: Type.Integer(), name: Type.String(), timezone: Type.String({ description: 'IANA zone: the day and its times are local to it' }) }),
  appointment_time_utc: NullableInstant(),
  ready_by_time_utc: Instant(),
  status: Type.String({ description: "The move in play's status ('booked' before dispatch), or 'canceled' when every move is" }),
  phase: Type.String({ enum: COLUMNS.filter((c) => c !== 'attention'), description: 'The column it would sit in without attention' }),
  driver: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  attention: Type.Array(
    Type.Object({ code: Type.String({ enum: [...ATTENTION_REASONS] }), message: Type.String() }),
    { description: 'Why ops should look (empty unless the card is in the attention column)' },
  ),
});

export const BoardSchema = Type.Object(
  {
    date: Type.String({ format: 'date' }),
    generated_at: Instant(),
    columns: Type.Object({
      unassigned: Type.Array(Card),
      dispatched: Type.Array(Card),
      in_progress: Type.Array(Card),
      done: Type.Array(Card, { description: 'Delivered, or canceled' }),
      attention: Type.Array(Card, { description: 'Late, without a recent driver position, or with a deactivated driver; the cards say why' }),
    }),
  },
  { title: 'dispatch board' },
);

export interface BoardCard {
  scenario_id: number;
  kind: string;
  move_ids: number[];
  moves: { move_id: number; role: string; status: string | null; cancel_status: string | null }[];
  customer_name: string | null;
  ro: string | null;
  rooftop: { id: number; name: string; timezone: string };
  appointment_time_utc: string | null;
  ready_by_time_utc: string;
  status: string;
  phase: string;
  driver: { id: number; name: string } | null;
  attention: { code: string; message: string }[];
}

export interface Board {
  date: string;
  generated_at: string;
  columns: Record<Column, BoardCard[]>;
}

export const boardJson: (board: Board) => string = fastJson(BoardSchema);
