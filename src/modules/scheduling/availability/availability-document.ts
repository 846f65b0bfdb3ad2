// The answer of GET /v1/appointments/availability (spec §11.3, ours): its shape in this one place,
// as a schema (for the OpenAPI document and the serializer) and as the function that builds it.
import Type, { type Static } from 'typebox';
import { formatInstant } from '../../../lib/instant.ts';
import { Instant, Nullable } from '../../../lib/schema-types.ts';
import { SLOT_MINUTES } from './slot-grid.ts';
import { UNAVAILABLE_REASONS, type UnavailableReason } from './slot-rules.ts';

export const AvailabilitySchema = Type.Object({
  customer_id: Type.Integer({ description: 'The rooftop' }),
  date: Type.String({ format: 'date', description: "The local day asked for, in the rooftop's time zone" }),
  timezone: Type.String({ description: "The rooftop's IANA time zone: the day's slots are laid out in it" }),
  slot_minutes: Type.Integer({ description: 'How far apart the slots start' }),
  slots: Type.Array(
    Type.Object({
      start: Instant(),
      end: Instant(),
      available: Type.Boolean(),
    }),
    { description: "The slots that can be booked, in order. start: when the driver can be at the consumer's address" },
  ),
  unavailable: Type.Array(
    Type.Object({
      start: Instant(),
      end: Instant(),
      reason: Type.String({ enum: [...UNAVAILABLE_REASONS] }),
    }),
    { description: 'Every other slot of the day, in order, with the first reason that holds' },
  ),
  first_available: Nullable(Instant()),
});
export type AvailabilityAnswer = Static<typeof AvailabilitySchema>;

export interface SlotOutcome {
  start: number;
  reason: UnavailableReason | null;
}

export function availabilityAnswer(q: { rooftopId: number; date: string; timezone: string; outcomes: SlotOutcome[] }): AvailabilityAnswer {
  const span = (start: number) => ({ start: formatInstant(start), end: formatInstant(start + SLOT_MINUTES * 60_000) });
  const open = q.outcomes.filter((o) => o.reason === null);
  return {
    customer_id: q.rooftopId,
    date: q.date,
    timezone: q.timezone,
    slot_minutes: SLOT_MINUTES,
    slots: open.map((o) => ({ ...span(o.start), available: true })),
    unavailable: q.outcomes.flatMap((o) => (o.reason === null ? [] : [{ ...span(o.start), reason: o.reason }])),
    first_available: open[0] ? formatInstant(open[0].start) : null,
  };
}
