// Request schemas of the locations module, for the OpenAPI document: the location object every
// booking sends, and GET /v1/locations's query. The limits are the readers' (location-request.ts).
import Type from 'typebox';
import { IdInteger, QueryInteger, StringOrNumber, Unchecked } from '../../lib/schema-types.ts';
import { PAGE_LIMIT, PAGE_OFFSET } from '../../lib/validation.ts';
import { LOCATION_MAX } from './location-request.ts';

/** The longest search text of GET /v1/locations. */
export const SEARCH_MAX = 200;

const str = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });

/** A booking's location: the address parts, or a google_place_id (see BookingLocationInput). */
export const LocationInput = Type.Object({
  name: str(LOCATION_MAX.name, 'A label for the place, e.g. the dealership or the customer name'),
  address_one: str(LOCATION_MAX.address_one, 'Street address'),
  address_two: Type.Optional(str(LOCATION_MAX.address_two, 'Unit, suite, …')),
  city: str(LOCATION_MAX.city),
  state: str(LOCATION_MAX.state, 'USPS code such as "VA" (a full state name is accepted)'),
  zip: StringOrNumber(LOCATION_MAX.zip, {
    description: '5-digit ZIP code (ZIP+4 is accepted and shortened); it must exist and lie in `state`',
  }),
});

/**
 * A booking's location. The schema lists the address parts as required, as they are for a location
 * sent as an address; a location sent as only a google_place_id needs just `name` besides it.
 */
export const BookingLocationInput = Type.Object(
  {
    ...LocationInput.properties,
    google_place_id: Type.Optional(
      str(
        LOCATION_MAX.google_place_id,
        "A Google place id instead of the address parts (address_one, city, state and zip may then be left out): placed where Google has it, with Google's address. Sent with the address parts, it places them, and they are the fallback when Google cannot be asked. Needs a deployment with a Google Maps key (else field_invalid); an id Google does not know is google_place_id_invalid",
      ),
    ),
  },
  { description: 'The address parts, or a google_place_id instead of them' },
);

export const LocationSearchQuery = Unchecked(
  Type.Object({
    search: Type.Optional(str(SEARCH_MAX)),
    limit: Type.Optional(QueryInteger(PAGE_LIMIT)),
    offset: Type.Optional(QueryInteger(PAGE_OFFSET)),
    region_id: Type.Optional(IdInteger({ description: "Only the locations in this region of the rooftop's (spec §11.1)" })),
  }),
);
