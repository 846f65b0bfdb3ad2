// The US Census Bureau geocoder (free, no key) over fetch. Shapes relied on, from its API document
// (geocoding.geo.census.gov/geocoder/Geocoding_Services_API.html): the structured single-address
// search GET {base}/geocoder/locations/address?street=…&city=…&state=…&zip=…&benchmark=
// Public_AR_Current&format=json answers { result: { input, addressMatches: [ { matchedAddress,
// coordinates: { x: lon, y: lat }, tigerLine, addressComponents } ] } }; no match is an empty
// addressMatches (a positive "not found"); a bad request is HTTP 400 { errors: [..], status }.
// Its points are interpolated along TIGER/Line address ranges: street precision, never rooftop.
import { baseUrl, DEFAULT_PROVIDER_TIMEOUT_MS, failureForStatus, ProviderError, requestJson } from '../../../lib/provider-http.ts';
import type { Geocode, Geocoder, StandardAddress } from '../geocoder.ts';

export const CENSUS_GEOCODER_DEFAULT_URL = 'https://geocoding.geo.census.gov';

export interface CensusGeocoderOptions {
  url?: string;
  /** Default Public_AR_Current (the current address ranges). */
  benchmark?: string;
  timeoutMs?: number;
}

interface CensusMatch {
  coordinates?: { x?: number; y?: number };
}

export class CensusGeocoder implements Geocoder {
  readonly name = 'census';
  private readonly url: string;

  constructor(private readonly options: CensusGeocoderOptions = {}) {
    this.url = baseUrl(options.url ?? CENSUS_GEOCODER_DEFAULT_URL);
  }

  async geocode(address: StandardAddress): Promise<Geocode | null> {
    // The unit is left out: address ranges know buildings, not suites, and a unit can spoil the match.
    const query = new URLSearchParams({
      street: address.address_one,
      city: address.city,
      state: address.state,
      zip: address.zip,
      benchmark: this.options.benchmark ?? 'Public_AR_Current',
      format: 'json',
    });
    const answer = await requestJson(this.name, `${this.url}/geocoder/locations/address?${query}`, {
      timeoutMs: this.options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
    });
    if (answer.status !== 200) throw new ProviderError(this.name, failureForStatus(answer.status), `HTTP ${answer.status}`);
    const matches = (answer.body as { result?: { addressMatches?: CensusMatch[] } } | undefined)?.result?.addressMatches;
    if (!Array.isArray(matches)) throw new ProviderError(this.name, 'error', 'an answer without result.addressMatches');
    const first = matches[0];
    if (!first) return null;
    const { x, y } = first.coordinates ?? {};
    if (typeof x !== 'number' || typeof y !== 'number') throw new ProviderError(this.name, 'error', 'a match without coordinates');
    return {
      lat: y,
      lon: x,
      timezone: null,
      precision: 'street',
      google_place_id: null,
      // matchedAddress is upper-case and comma-separated ("…, RICHMOND, VA, 23236"): not the spec's
      // full_address style, so the booking keeps formatting its own.
      full_address: null,
    };
  }
}
