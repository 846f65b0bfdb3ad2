// A stored location's geocode, and when a new one should replace it. A location is geocoded once:
// later bookings of the same address reuse it, unless it sits at its ZIP's centre (booked with the
// offline geocoder, or while the provider was down) and a street-level geocoder is configured now.
import type { LocationRow } from '../../db/schema.ts';
import type { Geocode, GeocodePrecision } from './geocoder.ts';

const RANK: Record<GeocodePrecision, number> = { zip: 0, street: 1, rooftop: 2 };

const rank = (precision: string) => RANK[precision as GeocodePrecision] ?? 0;

export function storedGeocode(row: LocationRow): Geocode {
  return {
    lat: row.lat,
    lon: row.lon,
    timezone: row.timezone,
    precision: (row.geocode_precision in RANK ? row.geocode_precision : 'zip') as GeocodePrecision,
    google_place_id: row.google_place_id,
    full_address: row.full_address,
  };
}

/** Whether to ask the geocoder again for a stored location (rather than reuse it). */
export function worthGeocodingAgain(row: LocationRow, geocoderIsStreetLevel: boolean): boolean {
  return geocoderIsStreetLevel && rank(row.geocode_precision) === RANK.zip;
}

/** Whether `geocode` places the stored location more exactly than it is (then it replaces it). */
export function improvesOn(row: LocationRow, geocode: Geocode): boolean {
  return rank(geocode.precision) > rank(row.geocode_precision);
}
