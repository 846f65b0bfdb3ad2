// POST /v1/concierge-moves (spec §5.2): the customer's car alone, collected (pickup: customer →
// service lot, ready when the driver arrives at the appointment) or returned (return: service
// lot → customer, ready a drive before the appointment).
import { ConciergeRequest } from './booking.schemas.ts';
import { readBookingTime, readCustomer } from './customer-request.ts';
import { readMove } from './move-request.ts';
import { samePlaceProblem } from './same-place.ts';
import type { MoveType } from './move-type.ts';
import { kindEntry } from '../kinds/move-kinds.ts';

export const concierge: MoveType = {
  ...kindEntry('concierge'),
  requestSchema: ConciergeRequest,
  read(body, ctx) {
    const appointmentMs = readBookingTime(body, 'appointment_time_utc', ctx.now);
    const customer = readCustomer(body);
    const move = readMove(body, 'customer_move', { ...ctx, withDelivery: true });
    if (samePlaceProblem(body, move?.pickup, move?.delivery)) return undefined;
    if (appointmentMs === undefined || !customer || !move?.pickup || !move.delivery) return undefined;
    return {
      usecaseKey: customer.action === 'pickup' ? 'concierge-pu' : 'concierge-ret',
      customer,
      appointmentMs,
      // Collecting: the car must be ready when the driver meets the customer. Returning: it must
      // leave the service lot a drive before the appointment.
      readyBy: { baseMs: appointmentMs, field: 'appointment_time_utc', minusDrive: customer.action === 'return' },
      legs: [{ role: 'customer_move', move, pickup: move.pickup, delivery: move.delivery }],
    };
  },
};
