// POST /v1/round-trip-moves (spec §5.4): two vehicles swap places. The driver takes move_one's
// vehicle to move_two's pickup, then drives move_two's vehicle back to move_one's pickup.
import { RoundTripRequest } from './booking.schemas.ts';
import { readBookingTime } from './customer-request.ts';
import { readMove } from './move-request.ts';
import { samePlaceProblem } from './same-place.ts';
import type { MoveType } from './move-type.ts';
import { kindEntry } from '../kinds/move-kinds.ts';

export const roundTrip: MoveType = {
  ...kindEntry('round-trip'),
  requestSchema: RoundTripRequest,
  read(body, ctx) {
    const readyByMs = readBookingTime(body, 'ready_by_time_utc', ctx.now);
    const one = readMove(body, 'move_one', { ...ctx, withDelivery: false });
    const two = readMove(body, 'move_two', { ...ctx, withDelivery: false });
    if (samePlaceProblem(body, one?.pickup, two?.pickup)) return undefined;
    if (readyByMs === undefined || !one?.pickup || !two?.pickup) return undefined;
    return {
      usecaseKey: 'round-trip',
      customer: null,
      appointmentMs: null,
      readyBy: { baseMs: readyByMs, field: 'ready_by_time_utc', minusDrive: false },
      legs: [
        { role: 'move_one', move: one, pickup: one.pickup, delivery: two.pickup },
        { role: 'move_two', move: two, pickup: two.pickup, delivery: one.pickup },
      ],
    };
  },
};
