// POST /v1/concierge-loaner-moves (spec §5.1): the customer's car and a loaner swap places.
// Each sub-move names only its pickup; each leg delivers to the other leg's pickup. The driver
// always starts at the service lot, so leg 0 is the vehicle that is there.
import { ConciergeLoanerRequest } from './booking.schemas.ts';
import { readBookingTime, readCustomer } from './customer-request.ts';
import { readMove } from './move-request.ts';
import { samePlaceProblem } from './same-place.ts';
import type { MoveType } from './move-type.ts';
import { kindEntry } from '../kinds/move-kinds.ts';

export const conciergeLoaner: MoveType = {
  ...kindEntry('concierge-loaner'),
  requestSchema: ConciergeLoanerRequest,
  read(body, ctx) {
    const appointmentMs = readBookingTime(body, 'appointment_time_utc', ctx.now);
    const customer = readCustomer(body);
    const loaner = readMove(body, 'loaner_move', { ...ctx, loaner: true, withDelivery: false });
    const customerMove = readMove(body, 'customer_move', { ...ctx, withDelivery: false });

    if (samePlaceProblem(body, loaner?.pickup, customerMove?.pickup)) return undefined;
    if (appointmentMs === undefined || !customer || !loaner?.pickup || !customerMove?.pickup) return undefined;

    const serviceLot = customer.action === 'pickup' ? loaner.pickup : customerMove.pickup;
    const customerPlace = customer.action === 'pickup' ? customerMove.pickup : loaner.pickup;
    const [first, second] = customer.action === 'pickup' ? [loaner, customerMove] : [customerMove, loaner];
    const firstRole = customer.action === 'pickup' ? 'loaner_move' : 'customer_move';
    const secondRole = customer.action === 'pickup' ? 'customer_move' : 'loaner_move';
    return {
      usecaseKey: customer.action === 'pickup' ? 'concierge-loaner-pu' : 'concierge-loaner-ret',
      customer,
      appointmentMs,
      readyBy: { baseMs: appointmentMs, field: 'appointment_time_utc', minusDrive: true },
      legs: [
        { role: firstRole, move: first, pickup: serviceLot, delivery: customerPlace },
        { role: secondRole, move: second, pickup: customerPlace, delivery: serviceLot },
      ],
    };
  },
};
