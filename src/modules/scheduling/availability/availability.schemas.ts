// Request schemas of availability and holds (spec §11.3), for the OpenAPI document; the readers'
// limits (availability-request.ts) are what they state.
import Type from 'typebox';
import { IdInteger, InstantInput, Unchecked } from '../../../lib/schema-types.ts';
import { ADDRESS_MAX, DATE_MAX } from './availability-request.ts';
import { CONSUMER_ACTIONS } from './consumer-actions.ts';

const ONE_LINE = 'A one-line US address, e.g. "210 S Mulberry St, Richmond, VA 23220"; resolved (and created when new) as bookings resolve addresses';

/** The fields availability and holds share. */
const tripFields = {
  customer_id: IdInteger({ description: 'The rooftop (one of yours)' }),
  consumer_action: Type.String({
    enum: [...CONSUMER_ACTIONS],
    description:
      "What is booked. The consumer's address is the pickup for concierge-pu, concierge-pu-no-rideshare and concierge-loaner-pu, " +
      'the delivery for concierge-ret and concierge-loaner-ret, and the delivery (the far end) for one-way and round-trip; ' +
      "the other end is the rooftop's service lot unless given",
  }),
  pickup_location_id: Type.Optional(IdInteger({ description: 'A location of the rooftop; wins over pickup_address' })),
  pickup_address: Type.Optional(Type.String({ maxLength: ADDRESS_MAX, description: ONE_LINE })),
  delivery_location_id: Type.Optional(IdInteger({ description: 'A location of the rooftop; wins over delivery_address' })),
  delivery_address: Type.Optional(Type.String({ maxLength: ADDRESS_MAX, description: ONE_LINE })),
};

export const AvailabilityQuery = Unchecked(
  Type.Object({
    ...tripFields,
    date: Type.String({
      format: 'date',
      maxLength: DATE_MAX,
      description: "The local day (YYYY-MM-DD) in the rooftop's time zone: from today up to 365 days ahead",
    }),
  }),
);

export const HoldBody = Unchecked(
  Type.Object({
    ...tripFields,
    start: InstantInput('The slot held: a start that GET /v1/appointments/availability lists (every 30 minutes from local midnight)'),
  }),
);
