// Builds the configured geocoder (GEOCODER) behind the fallback policy. Plain options in, so the
// composition root maps its config onto them in a few lines and this file never reads the env.
import { DEFAULT_PROVIDER_TIMEOUT_MS, type OutcomeCounter, type WarnLogger } from '../../../lib/provider-http.ts';
import { ZipCentroidGeocoder, type Geocoder } from '../geocoder.ts';
import type { ZipDirectory } from '../zip-directory.ts';
import { CensusGeocoder } from './census.ts';
import { FallbackGeocoder } from './fallback.ts';
import { GoogleGeocoder } from './google.ts';
import { NominatimGeocoder } from './nominatim.ts';

export { FallbackGeocoder, MISMATCH_MILES, type GeocodeResolution, type PlaceIdResolution } from './fallback.ts';

export const GEOCODER_KINDS = ['zip', 'google', 'census', 'nominatim'] as const;
export type GeocoderKind = (typeof GEOCODER_KINDS)[number];

export interface GeocoderSettings {
  kind: GeocoderKind;
  /** GEOCODER_TIMEOUT_MS, default 3000. */
  timeoutMs?: number;
  /** GOOGLE_MAPS_API_KEY: required for `google`; when set, google_place_id works whatever the kind. */
  googleApiKey?: string;
  /** GOOGLE_MAPS_API_URL. */
  googleUrl?: string;
  /** CENSUS_GEOCODER_URL. */
  censusUrl?: string;
  /** CENSUS_GEOCODER_BENCHMARK, default Public_AR_Current. */
  censusBenchmark?: string;
  /** NOMINATIM_URL: required for `nominatim`. */
  nominatimUrl?: string;
  /** NOMINATIM_USER_AGENT. */
  nominatimUserAgent?: string;
}

export function createGeocoder(
  settings: GeocoderSettings,
  deps: { zips: ZipDirectory; counter?: OutcomeCounter; logger?: WarnLogger },
): FallbackGeocoder {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  const google = settings.googleApiKey
    ? new GoogleGeocoder({ apiKey: settings.googleApiKey, url: settings.googleUrl, timeoutMs })
    : undefined;
  let provider: Geocoder;
  switch (settings.kind) {
    case 'zip':
      provider = new ZipCentroidGeocoder(deps.zips);
      break;
    case 'google':
      if (!google) throw new Error('GEOCODER=google needs GOOGLE_MAPS_API_KEY');
      provider = google;
      break;
    case 'census':
      provider = new CensusGeocoder({ url: settings.censusUrl, benchmark: settings.censusBenchmark, timeoutMs });
      break;
    case 'nominatim':
      if (!settings.nominatimUrl) throw new Error('GEOCODER=nominatim needs NOMINATIM_URL');
      provider = new NominatimGeocoder({ url: settings.nominatimUrl, userAgent: settings.nominatimUserAgent, timeoutMs });
      break;
  }
  // The offline centroid is no provider call: with GEOCODER=zip only place-id lookups are counted.
  const all = deps.counter;
  const counter: OutcomeCounter | undefined =
    settings.kind === 'zip' && all ? { inc: (name, outcome) => name !== provider.name && all.inc(name, outcome) } : all;
  return new FallbackGeocoder({ provider, placeIds: google, zips: deps.zips, counter, logger: deps.logger, timeoutMs });
}
