// POST /v1/one-way-moves (spec §5.3): one vehicle from A to B, ready at the given time.
import { OneWayRequest } from './booking.schemas.ts';
import { readBookingTime } from './customer-request.ts';
import { readMove } from './move-request.ts';
import { samePlaceProblem } from './same-place.ts';
import type { MoveType } from './move-type.ts';
import { kindEntry } from '../kinds/move-kinds.ts';

export const oneWay: MoveType = {
  ...kindEntry('one-way'),
  requestSchema: OneWayRequest,
  read(body, ctx) {
    const readyByMs = readBookingTime(body, 'ready_by_time_utc', ctx.now);
    const move = readMove(body, 'move', { ...ctx, withDelivery: true });
    if (samePlaceProblem(body, move?.pickup, move?.delivery)) return undefined;
    if (readyByMs === undefined || !move?.pickup || !move.delivery) return undefined;
    return {
      usecaseKey: 'one-way',
      customer: null,
      appointmentMs: null,
      readyBy: { baseMs: readyByMs, field: 'ready_by_time_utc', minusDrive: false },
      legs: [{ role: 'move', move, pickup: move.pickup, delivery: move.delivery }],
    };
  },
};
