// The geocoder port. The embedded default resolves to the ZIP centroid; a street-level adapter
// (Google, US Census) can replace it in the composition root without touching the booking code.
import type { ZipDirectory } from './zip-directory.ts';

export interface StandardAddress {
  address_one: string;
  address_two: string | null;
  city: string;
  /** USPS state code. */
  state: string;
  /** 5-digit ZIP, known to exist and to lie in `state`. */
  zip: string;
}

export type GeocodePrecision = 'rooftop' | 'street' | 'zip';

export interface Geocode {
  lat: number;
  lon: number;
  timezone: string | null;
  precision: GeocodePrecision;
  google_place_id: string | null;
  /** The provider's own one-line address (Google's formatted_address), when it gives one. */
  full_address?: string | null;
}

export interface Geocoder {
  readonly name: string;
  /** Null when the address cannot be resolved. */
  geocode(address: StandardAddress): Promise<Geocode | null>;
}

export class ZipCentroidGeocoder implements Geocoder {
  readonly name = 'zip-centroid';
  constructor(private readonly zips: ZipDirectory) {}

  async geocode(address: StandardAddress): Promise<Geocode | null> {
    const z = this.zips.lookup(address.zip);
    if (!z) return null;
    return { lat: z.lat, lon: z.lon, timezone: z.timezone, precision: 'zip', google_place_id: null };
  }
}
