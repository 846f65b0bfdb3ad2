// Request schemas of the booking endpoints, for the OpenAPI document. Requests are read by the
// domain readers (move-request.ts and friends), which apply the spec's rules on trimming,
// empty strings and listing every problem; these schemas describe the same fields for humans.
import Type from 'typebox';

const str = (description?: string) => Type.String(description ? { description } : {});

export const LocationInput = Type.Object({
  name: str('A label for the place, e.g. the dealership or the customer name'),
  address_one: str('Street address'),
  address_two: Type.Optional(str('Unit, suite, …')),
  city: str(),
  state: str('USPS code such as "VA" (a full state name is accepted)'),
  zip: str('5-digit ZIP code (ZIP+4 is accepted and shortened)'),
});

export const VehicleInput = Type.Object({
  stock: Type.Optional(str()),
  vin: Type.Optional(str('17 characters, A–Z and 0–9 without I, O, Q')),
  year: Type.Optional(Type.Union([Type.String(), Type.Integer()], { description: '4-digit model year' })),
  make: Type.Optional(str('Required except on a loaner')),
  model: Type.Optional(str('Required except on a loaner')),
  color: Type.Optional(str()),
  manual: Type.Optional(Type.Boolean({ description: 'Required except on a loaner' })),
});

export function MoveInput(opts: { withDelivery: boolean; vehicleOptional?: boolean }) {
  return Type.Object({
    reference_id: Type.Optional(str('Your reference, e.g. the repair order number')),
    reference_num: Type.Optional(str('Alias of reference_id')),
    dealer_contact: Type.Optional(str()),
    special_instructions: Type.Optional(Type.String({ maxLength: 2000 })),
    vehicle: opts.vehicleOptional ? Type.Optional(VehicleInput) : VehicleInput,
    pickup_location: LocationInput,
    ...(opts.withDelivery ? { delivery_location: LocationInput } : {}),
  });
}

export const CommonTop = {
  rooftop: Type.Optional(Type.Integer({ description: 'Required for a dealer_admin client with several rooftops' })),
  duplicate_check: Type.Optional(Type.String({ enum: ['reference_num', 'vehicle_stock', 'vehicle_vin'] })),
  config: Type.Optional(
    Type.Object({
      hide_service_location: Type.Optional(
        Type.Boolean({ description: "true: the customer's tracking page never shows the service lot's address" }),
      ),
    }),
  ),
};

export const CustomerTop = {
  appointment_time_utc: Type.String({ description: 'When the driver meets the customer', examples: ['2030-03-25T14:00:00Z'] }),
  customer_name: str(),
  customer_phone: str('A valid US phone number; SMS updates go to it'),
  customer_action: Type.String({ enum: ['pickup', 'return'] }),
};
