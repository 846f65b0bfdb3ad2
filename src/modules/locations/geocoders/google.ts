// Google Geocoding API (web service) over fetch. Shapes relied on, from Google's documentation
// (developers.google.com/maps/documentation/geocoding/requests-geocoding and
// …/requests-places-geocoding): GET {base}/maps/api/geocode/json?address=…&key=… (or place_id=…)
// answers HTTP 200 with { status, results[], error_message? }; each result has formatted_address,
// place_id, geometry.location {lat, lng}, geometry.location_type (ROOFTOP | RANGE_INTERPOLATED |
// GEOMETRIC_CENTER | APPROXIMATE) and address_components [{long_name, short_name, types[]}].
// status: OK; ZERO_RESULTS (a positive "not found"); OVER_QUERY_LIMIT / OVER_DAILY_LIMIT,
// REQUEST_DENIED, INVALID_REQUEST, UNKNOWN_ERROR (failures). For a place id Google also answers
// NOT_FOUND (obsolete id) or INVALID_REQUEST (not an id at all): both mean "no such place".
import { baseUrl, DEFAULT_PROVIDER_TIMEOUT_MS, ProviderError, type ProviderFailureKind, requestJson } from '../../../lib/provider-http.ts';
import type { Geocode, GeocodePrecision, Geocoder, StandardAddress } from '../geocoder.ts';
import { oneLineAddress, type PlaceGeocode } from './fallback.ts';

export const GOOGLE_MAPS_DEFAULT_URL = 'https://maps.googleapis.com';

export interface GoogleGeocoderOptions {
  apiKey: string;
  /** Default https://maps.googleapis.com; tests point it at a loopback stub. */
  url?: string;
  timeoutMs?: number;
}

interface GoogleResult {
  formatted_address?: string;
  place_id?: string;
  geometry?: { location?: { lat?: number; lng?: number }; location_type?: string };
  address_components?: { long_name: string; short_name: string; types: string[] }[];
}

const FAILURES: Record<string, ProviderFailureKind> = {
  OVER_QUERY_LIMIT: 'quota',
  OVER_DAILY_LIMIT: 'quota',
  REQUEST_DENIED: 'denied',
  INVALID_REQUEST: 'rejected',
  UNKNOWN_ERROR: 'error',
};

export function precisionOf(locationType: string | undefined): GeocodePrecision {
  if (locationType === 'ROOFTOP') return 'rooftop';
  if (locationType === 'RANGE_INTERPOLATED') return 'street';
  return 'zip';
}

export class GoogleGeocoder implements Geocoder {
  readonly name = 'google';
  private readonly url: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: GoogleGeocoderOptions) {
    this.url = baseUrl(options.url ?? GOOGLE_MAPS_DEFAULT_URL);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  }

  async geocode(address: StandardAddress): Promise<Geocode | null> {
    // components=country:US keeps a US street from matching its namesake abroad.
    const result = await this.lookup({ address: oneLineAddress(address, { unit: true }), components: 'country:US' }, false);
    return result ? toGeocode(result) : null;
  }

  /** Null when Google does not know the id (the booking's google_place_id_invalid). */
  async geocodePlaceId(placeId: string): Promise<PlaceGeocode | null> {
    const result = await this.lookup({ place_id: placeId }, true);
    if (!result) return null;
    const address = addressOf(result);
    return address ? { address, geocode: toGeocode(result) } : null;
  }

  private async lookup(params: Record<string, string>, byPlaceId: boolean): Promise<GoogleResult | null> {
    const query = new URLSearchParams({ ...params, key: this.options.apiKey });
    const answer = await requestJson(this.name, `${this.url}/maps/api/geocode/json?${query}`, { timeoutMs: this.timeoutMs });
    const body = answer.body as { status?: string; results?: GoogleResult[] } | undefined;
    if (answer.status !== 200 || !body?.status) {
      throw new ProviderError(this.name, answer.status === 429 ? 'quota' : 'error', `HTTP ${answer.status}`);
    }
    const status = body.status;
    if (status === 'OK') {
      const first = body.results?.[0];
      const loc = first?.geometry?.location;
      if (!first || typeof loc?.lat !== 'number' || typeof loc.lng !== 'number') {
        throw new ProviderError(this.name, 'error', 'OK without a located result');
      }
      return first;
    }
    if (status === 'ZERO_RESULTS') return null;
    if (byPlaceId && (status === 'NOT_FOUND' || status === 'INVALID_REQUEST')) return null;
    throw new ProviderError(this.name, FAILURES[status] ?? 'error', `status ${status}`);
  }
}

function toGeocode(r: GoogleResult): Geocode {
  return {
    lat: r.geometry!.location!.lat!,
    lon: r.geometry!.location!.lng!,
    timezone: null,
    precision: precisionOf(r.geometry?.location_type),
    google_place_id: r.place_id ?? null,
    full_address: r.formatted_address ?? null,
  };
}

/** The booking's address parts from Google's components; null unless it is a US street address. */
export function addressOf(r: GoogleResult): StandardAddress | null {
  const part = (type: string, form: 'long_name' | 'short_name' = 'short_name') =>
    r.address_components?.find((c) => c.types.includes(type))?.[form] ?? '';
  const city = part('locality', 'long_name') || part('sublocality', 'long_name') || part('postal_town', 'long_name');
  const street = [part('street_number'), part('route')].filter(Boolean).join(' ');
  const address: StandardAddress = {
    address_one: street,
    address_two: part('subpremise') ? `#${part('subpremise')}` : null,
    city,
    state: part('administrative_area_level_1'),
    zip: part('postal_code'),
  };
  if (part('country') !== 'US' || !part('route') || !address.state || !/^\d{5}$/.test(address.zip)) return null;
  return address;
}
