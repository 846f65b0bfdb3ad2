// The answer of POST /v1/booking-previews (ours): what booking this body now would schedule — the
// ready-by time the booking rules compute (an appointment minus the drive, for a concierge), the
// earliest time the service lot can have the vehicle ready and why it differs, each leg's places
// and drive, and the warnings the booking would carry. A portal's review step shows it beside the
// quote's price; nothing here is computed twice: it is BookingService.prepare's plan, rendered.
import Type from 'typebox';
import { formatInstant } from '../../lib/instant.ts';
import { Instant, Nullable, NullableInstant } from '../../lib/schema-types.ts';
import type { PlannedBooking } from '../moves/booking/booking-plan.ts';

const PlaceSchema = Type.Object({
  name: Type.String(),
  full_address: Type.String({ description: 'The address as the booking will store it ("11161 Research Plaza Way, Richmond, VA 23236, USA" style)' }),
});

const WarningSchema = Type.Object({ field: Type.String(), message: Type.String() });

export const BookingPreviewSchema = Type.Object({
  move_type: Type.String({ description: 'The booking this body is (concierge-loaner, concierge, one-way, round-trip)' }),
  appointment_time_utc: NullableInstant(),
  ready_by_time_utc: Instant(),
  earliest_available_time: Instant(),
  message: Nullable(Type.String({ description: 'Why earliest_available_time differs from ready_by_time_utc (e.g. "Service lot opens at 7:00 AM EDT"); null when it does not' })),
  timezone: Type.String({ description: "The rooftop's IANA time zone: the service lot's local time" }),
  moves: Type.Array(
    Type.Object({
      move: Type.String({ description: "The move's key in the booking body (move, customer_move, loaner_move, move_one, move_two)" }),
      pickup_location: PlaceSchema,
      delivery_location: PlaceSchema,
      distance_miles: Type.Number(),
      duration_minutes: Type.Number(),
      estimator: Type.String({ description: 'Which route estimator gave the drive' }),
    }),
    { description: 'Each move in driving order' },
  ),
  warnings: Type.Array(WarningSchema, { description: 'What the booking would carry as warnings (a VIN check digit, an approximate address, …)' }),
});

export function bookingPreviewDocument(plan: PlannedBooking): Record<string, unknown> {
  const { draft, type } = plan.command;
  return {
    move_type: type.kind,
    appointment_time_utc: draft.appointmentMs === null ? null : formatInstant(draft.appointmentMs),
    ready_by_time_utc: formatInstant(plan.readyByMs),
    earliest_available_time: formatInstant(plan.earliestMs),
    message: plan.message,
    timezone: plan.rooftop.timezone,
    moves: plan.legs.map((leg, i) => ({
      move: leg.role,
      pickup_location: { name: leg.pickup.name, full_address: leg.pickup.fullAddress },
      delivery_location: { name: leg.delivery.name, full_address: leg.delivery.fullAddress },
      distance_miles: plan.estimates[i]!.distanceMiles,
      duration_minutes: plan.estimates[i]!.durationMinutes,
      estimator: plan.estimates[i]!.estimator,
    })),
    warnings: plan.legs.flatMap((leg, i) => [...leg.move.warnings, ...(plan.warnings[i] ?? [])]),
  };
}
