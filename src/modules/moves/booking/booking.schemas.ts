// Request schemas of the booking endpoints, for the OpenAPI document. Requests are read by the
// domain readers (move-request.ts and friends), which apply the spec's rules on trimming, empty
// strings and listing every problem; these schemas state the same fields and the readers' limits.
import Type, { type TSchema } from 'typebox';
import { PHONE_MAX } from '../../../lib/us-phone.ts';
import { IdInteger, InstantInput, StringOrNumber, Unchecked } from '../../../lib/schema-types.ts';
import { BookingLocationInput } from '../../locations/locations.schemas.ts';
import { DUPLICATE_CHECKS } from './duplicate-check.ts';
import { MOVE_MAX, VEHICLE_YEAR_MIN } from '../move.limits.ts';
import { CUSTOMER_ACTIONS, CUSTOMER_NAME_MAX } from './customer-request.ts';
import { HOLD_ID_MAX } from '../../scheduling/holds/hold-limits.ts';
import { QUOTE_ID_MAX } from '../../billing/charges/quote-redeem.ts';

const str = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });

/** A move's vehicle; on a loaner nothing is required (the whole vehicle may be left out). */
function VehicleInput(loaner: boolean) {
  const needed = <T extends TSchema>(schema: T) => (loaner ? Type.Optional(schema) : schema);
  return Type.Object({
    stock: Type.Optional(StringOrNumber(MOVE_MAX.vehicleText)),
    vin: Type.Optional(str(MOVE_MAX.vin, '17 characters, A–Z and 0–9 without I, O, Q (case and surrounding spaces do not matter)')),
    year: Type.Optional(
      Type.Union([Type.String({ maxLength: MOVE_MAX.vehicleYear }), Type.Integer({ minimum: VEHICLE_YEAR_MIN })], {
        description: `4-digit model year from ${VEHICLE_YEAR_MIN} to next year + 1; echoed as a string`,
      }),
    ),
    make: needed(str(MOVE_MAX.vehicleText)),
    model: needed(str(MOVE_MAX.vehicleText)),
    color: Type.Optional(str(MOVE_MAX.vehicleText)),
    manual: needed(Type.Boolean({ description: 'A manual transmission (not every driver can take one)' })),
    gvwr_class: Type.Optional(Type.Integer({ minimum: 1, maximum: 6, description: "The vehicle's GVWR class (ours, spec §12.1): priced at the band's class rate; absent is class 1" })),
  });
}

function MoveInput(opts: { withDelivery: boolean; loaner?: boolean }) {
  return Type.Object({
    reference_id: Type.Optional(StringOrNumber(MOVE_MAX.reference, { description: 'Your reference, e.g. the repair order number' })),
    reference_num: Type.Optional(StringOrNumber(MOVE_MAX.reference, { description: 'Alias of reference_id; equal to it when both are sent' })),
    dealer_contact: Type.Optional(str(MOVE_MAX.dealerContact)),
    special_instructions: Type.Optional(str(MOVE_MAX.specialInstructions)),
    vehicle: opts.loaner ? Type.Optional(VehicleInput(true)) : VehicleInput(false),
    pickup_location: Type.Object(BookingLocationInput.properties, {
      description: 'The address parts, or a google_place_id instead of them. When missing: pickup_location_required',
    }),
    ...(opts.withDelivery ? { delivery_location: BookingLocationInput } : {}),
  });
}

const CommonTop = {
  rooftop: Type.Optional(IdInteger({ description: 'Required for a dealer_admin client with several rooftops' })),
  duplicate_check: Type.Optional(Type.String({ enum: [...DUPLICATE_CHECKS] })),
  config: Type.Optional(
    Type.Object({
      hide_service_location: Type.Optional(
        Type.Boolean({ description: "true: the customer's tracking page never shows the service lot's address" }),
      ),
    }),
  ),
  hold_id: Type.Optional(
    Type.String({
      maxLength: HOLD_ID_MAX,
      description: 'A hold from POST /v1/appointments/holds, used by this booking (unknown: field_invalid; expired or already used: slot_unavailable)',
    }),
  ),
  quote_id: Type.Optional(
    Type.String({
      maxLength: QUOTE_ID_MAX,
      description:
        'A quote from POST /v1/quotes for this same body (ours): the moves are charged exactly its lines. Unknown, expired, another client\'s, or made for a different body: 409 quote_expired, nothing booked',
    }),
  ),
  third_party_payer: Type.Optional(
    IdInteger({
      description:
        "Bill the move to this payer (GET /v1/payers lists the rooftop's; another id: field_invalid). Missing: field_missing when the rooftop requires a payer, else its default payer (or the rooftop itself) is billed",
    }),
  ),
};

const CustomerTop = {
  appointment_time_utc: InstantInput('When the driver meets the customer'),
  customer_name: str(CUSTOMER_NAME_MAX),
  customer_phone: StringOrNumber(PHONE_MAX, { description: 'A valid US phone number; SMS updates go to it' }),
  customer_action: Type.String({ enum: [...CUSTOMER_ACTIONS] }),
};

export const ConciergeLoanerRequest = Unchecked(
  Type.Object({
    ...CommonTop,
    ...CustomerTop,
    loaner_move: MoveInput({ withDelivery: false, loaner: true }),
    customer_move: MoveInput({ withDelivery: false }),
  }),
);

export const ConciergeRequest = Unchecked(
  Type.Object({ ...CommonTop, ...CustomerTop, customer_move: MoveInput({ withDelivery: true }) }),
);

export const OneWayRequest = Unchecked(
  Type.Object({
    ...CommonTop,
    ready_by_time_utc: InstantInput('When the vehicle is ready at the pickup location'),
    move: MoveInput({ withDelivery: true }),
  }),
);

export const RoundTripRequest = Unchecked(
  Type.Object({
    ...CommonTop,
    ready_by_time_utc: InstantInput("When move_one's vehicle is ready at its pickup location"),
    move_one: MoveInput({ withDelivery: false }),
    move_two: MoveInput({ withDelivery: false }),
  }),
);
