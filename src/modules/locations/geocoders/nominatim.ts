// A self-hosted OpenStreetMap Nominatim over fetch. Shapes relied on, from Nominatim's API docs
// (nominatim.org/release-docs/latest/api/Search/ and …/api/Output/): the structured search
// GET {base}/search?street=…&city=…&state=…&postalcode=…&countrycodes=us&format=jsonv2&limit=1
// answers a JSON array, empty when nothing matched; each place has lat and lon as strings,
// place_rank (30 = a house or building, 26–27 = a street), addresstype, category, type and
// display_name. Errors are HTTP 4xx/5xx with { error: { code, message } }. The usage policy asks
// every client to identify itself with a User-Agent; a self-hosted server should get one too.
import { baseUrl, DEFAULT_PROVIDER_TIMEOUT_MS, failureForStatus, ProviderError, requestJson } from '../../../lib/provider-http.ts';
import type { Geocode, GeocodePrecision, Geocoder, StandardAddress } from '../geocoder.ts';

export interface NominatimGeocoderOptions {
  /** NOMINATIM_URL: the server's base, e.g. http://nominatim.internal:8080 (no public default). */
  url: string;
  userAgent?: string;
  timeoutMs?: number;
}

interface NominatimPlace {
  lat?: string;
  lon?: string;
  place_rank?: number;
  addresstype?: string;
}

export const NOMINATIM_DEFAULT_USER_AGENT = 'Handoff/0.1 (vehicle-logistics API; self-hosted Nominatim client)';

export function nominatimPrecision(place: { addresstype?: string; place_rank?: number }): GeocodePrecision {
  const type = place.addresstype ?? '';
  const rank = place.place_rank ?? 0;
  if (type === 'house' || type === 'building' || rank >= 30) return 'rooftop';
  if (type === 'road' || type === 'street' || rank >= 26) return 'street';
  return 'zip';
}

export class NominatimGeocoder implements Geocoder {
  readonly name = 'nominatim';
  private readonly url: string;

  constructor(private readonly options: NominatimGeocoderOptions) {
    this.url = baseUrl(options.url);
  }

  async geocode(address: StandardAddress): Promise<Geocode | null> {
    const query = new URLSearchParams({
      street: address.address_one,
      city: address.city,
      state: address.state,
      postalcode: address.zip,
      countrycodes: 'us',
      format: 'jsonv2',
      limit: '1',
    });
    const answer = await requestJson(this.name, `${this.url}/search?${query}`, {
      timeoutMs: this.options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
      headers: { 'user-agent': this.options.userAgent ?? NOMINATIM_DEFAULT_USER_AGENT },
    });
    if (answer.status !== 200) throw new ProviderError(this.name, failureForStatus(answer.status), `HTTP ${answer.status}`);
    if (!Array.isArray(answer.body)) throw new ProviderError(this.name, 'error', 'an answer that is not a list of places');
    const first = answer.body[0] as NominatimPlace | undefined;
    if (!first) return null;
    const lat = Number(first.lat);
    const lon = Number(first.lon);
    if (first.lat === undefined || first.lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) {
      throw new ProviderError(this.name, 'error', 'a place without coordinates');
    }
    // display_name lists every admin level ("11161, Research Plaza Way, …, United States"): not the
    // spec's full_address style, so the booking keeps formatting its own.
    return { lat, lon, timezone: null, precision: nominatimPrecision(first), google_place_id: null, full_address: null };
  }
}
