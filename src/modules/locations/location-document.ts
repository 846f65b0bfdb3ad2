// The location document (GET /v1/locations/:id, and inside every move document) and its schema,
// with the locations they describe: moves, lanes and locations all render a location this way.
// GET /v1/locations adds the location's region_id at the end (spec §11.1); move documents do not
// carry it: their location objects keep the reference response's keys, and a stored document
// would go stale each time a region is drawn.
import Type from 'typebox';
import type { LocationRow } from '../../db/schema.ts';
import { Nullable, NullableString } from '../../lib/schema-types.ts';

export const LocationSchema = Type.Object({
  name: Type.String(),
  address_one: Type.String(),
  city: Type.String(),
  state: Type.String(),
  zip: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  google_place_id: NullableString(),
  location_id: Type.Integer(),
  full_address: Type.String(),
  address_two: NullableString(),
  timezone: NullableString(),
  geocode_precision: Type.String({ enum: ['rooftop', 'street', 'zip'] }),
  location_uri: Type.String(),
});

export function locationDocument(l: LocationRow, publicUrl: string) {
  return {
    name: l.name,
    address_one: l.address_one,
    city: l.city,
    state: l.state,
    zip: l.zip,
    lat: l.lat,
    lon: l.lon,
    google_place_id: l.google_place_id,
    location_id: l.id,
    full_address: l.full_address,
    address_two: l.address_two,
    timezone: l.timezone,
    geocode_precision: l.geocode_precision,
    location_uri: `${publicUrl}/v1/locations/${l.id}`,
  };
}

/** A location as GET /v1/locations answers it: the document, then its region. */
export const LocationResourceSchema = Type.Object({
  ...LocationSchema.properties,
  region_id: Nullable(Type.Integer({ description: "The rooftop's region it lies in (the lowest id when several hold it); null outside every region" })),
});

export function locationResource(l: LocationRow, publicUrl: string) {
  return { ...locationDocument(l, publicUrl), region_id: l.region_id };
}
