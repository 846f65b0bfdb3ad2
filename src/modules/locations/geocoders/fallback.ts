// The geocoding policy around a street-level provider (Google, Census, Nominatim): a provider that
// times out, errors or is down never loses a booking — the address goes to its ZIP's centroid,
// with a warning the booking response carries. So does an address the provider positively does
// not find (a new street is no reason to refuse a customer), and a result farther than 30 miles
// from its ZIP's centroid, refused as a mismatch. Only a ZIP we do not know is no location at all.
// Every provider call is counted by provider and outcome. Call it before the transaction opens.
import {
  describeFailure,
  noCounter,
  type OutcomeCounter,
  ProviderError,
  type ProviderOutcome,
  type WarnLogger,
} from '../../../lib/provider-http.ts';
import { greatCircleMiles } from '../../lanes/route-estimator.ts';
import { type Geocode, type Geocoder, type StandardAddress, ZipCentroidGeocoder } from '../geocoder.ts';
import type { ZipDirectory, ZipRecord } from '../zip-directory.ts';

export const MISMATCH_MILES = 30;

export interface GeocodeResolution {
  geocode: Geocode;
  /** Who placed the address: the provider's name, or 'zip-centroid' when it fell back. */
  source: string;
  outcome: ProviderOutcome;
  /** For the booking response's `warnings` (the booking adds the field path). Empty when all went well. */
  warnings: string[];
}

/** "11161 Research Plaza Way, Suite 5, Richmond, VA 23236": the address as one line. */
export function oneLineAddress(a: StandardAddress, options: { unit?: boolean } = {}): string {
  const street = options.unit && a.address_two ? `${a.address_one}, ${a.address_two}` : a.address_one;
  return `${street}, ${a.city}, ${a.state} ${a.zip}`;
}

/** A place id resolved to the address parts a booking needs, and where it is. */
export interface PlaceGeocode {
  address: StandardAddress;
  geocode: Geocode;
}

/** What resolves a google_place_id (GoogleGeocoder does). */
export interface PlaceIdGeocoder {
  readonly name: string;
  geocodePlaceId(placeId: string): Promise<PlaceGeocode | null>;
}

export type PlaceIdResolution =
  | { kind: 'found'; address: StandardAddress; geocode: Geocode; warnings: string[] }
  /** The booking answers google_place_id_invalid. */
  | { kind: 'invalid'; message: string }
  /**
   * Not looked up: this deployment never can (`not_configured`: no Google key), or Google failed
   * now (`failed`). With no address parts to fall back on, the booking cannot place it.
   */
  | { kind: 'unavailable'; reason: 'not_configured' | 'failed'; message: string };

export interface FallbackGeocoderOptions {
  provider: Geocoder;
  zips: ZipDirectory;
  /** Resolves google_place_id; absent when no Google key is configured. */
  placeIds?: PlaceIdGeocoder;
  counter?: OutcomeCounter;
  logger?: WarnLogger;
  mismatchMiles?: number;
  /** The provider's timeout, for the warning's wording. */
  timeoutMs?: number;
}

export class FallbackGeocoder implements Geocoder {
  readonly name: string;
  private readonly counter: OutcomeCounter;

  constructor(private readonly options: FallbackGeocoderOptions) {
    this.name = options.provider.name;
    this.counter = options.counter ?? noCounter;
  }

  /** False for the offline ZIP centroid (GEOCODER=zip): it can place nothing better than it has. */
  get streetLevel(): boolean {
    return !(this.options.provider instanceof ZipCentroidGeocoder);
  }

  /** Whether a google_place_id can be looked up here (a Google key is configured). */
  get acceptsPlaceIds(): boolean {
    return this.options.placeIds !== undefined;
  }

  /** The port's shape, for callers that do not collect warnings yet. */
  async geocode(address: StandardAddress): Promise<Geocode | null> {
    return (await this.resolve(address))?.geocode ?? null;
  }

  /** Null only when the ZIP itself is unknown (address_invalid); otherwise always a place. */
  async resolve(address: StandardAddress): Promise<GeocodeResolution | null> {
    const zip = this.options.zips.lookup(address.zip);
    if (!zip) return null;
    const { provider } = this.options;
    const where = oneLineAddress(address);
    let found: Geocode | null;
    try {
      found = await provider.geocode(address);
    } catch (err) {
      const outcome = this.failed(provider.name, err, { zip: address.zip });
      return this.atCentroid(zip, outcome, `street-level geocoding (${provider.name}) was unavailable (${describeFailure(outcome, this.options.timeoutMs)}); ${where} was placed at its ZIP code's center`);
    }
    if (!found) {
      this.counter.inc(provider.name, 'not_found');
      return this.atCentroid(zip, 'not_found', `${provider.name} could not find ${where}; it was placed at its ZIP code's center`);
    }
    const checked = this.checked(provider.name, found, zip, where);
    if (checked.outcome !== 'ok') return checked;
    this.counter.inc(provider.name, 'ok');
    return checked;
  }

  /** A google_place_id sent instead of address parts. */
  async resolvePlaceId(placeId: string): Promise<PlaceIdResolution> {
    const resolver = this.options.placeIds;
    if (!resolver) {
      return { kind: 'unavailable', reason: 'not_configured', message: 'this deployment cannot look up a google_place_id; send the address instead' };
    }
    let found: PlaceGeocode | null;
    try {
      found = await resolver.geocodePlaceId(placeId);
    } catch (err) {
      const outcome = this.failed(resolver.name, err, { placeId });
      return { kind: 'unavailable', reason: 'failed', message: `the google_place_id could not be looked up now (${describeFailure(outcome, this.options.timeoutMs)}); send the address instead` };
    }
    const zip = found && this.options.zips.lookup(found.address.zip);
    if (!found || !zip) {
      this.counter.inc(resolver.name, 'invalid_place_id');
      return { kind: 'invalid', message: `google_place_id ${placeId} is not a US street address Google knows` };
    }
    const checked = this.checked(resolver.name, found.geocode, zip, oneLineAddress(found.address));
    if (checked.outcome === 'ok') this.counter.inc(resolver.name, 'ok');
    return { kind: 'found', address: found.address, geocode: checked.geocode, warnings: checked.warnings };
  }

  /** The provider's point, refused when it is too far from the ZIP it claims to be in. */
  private checked(provider: string, found: Geocode, zip: ZipRecord, where: string): GeocodeResolution {
    const miles = greatCircleMiles(zip, found);
    const limit = this.options.mismatchMiles ?? MISMATCH_MILES;
    if (!(miles <= limit)) {
      this.counter.inc(provider, 'mismatch');
      this.options.logger?.warn({ provider, zip: zip.zip, miles: Math.round(miles) }, 'geocoder result refused as a mismatch');
      return this.atCentroid(zip, 'mismatch', `${provider} placed ${where} ${Math.round(miles)} miles from its ZIP code, too far to trust; it was placed at its ZIP code's center`);
    }
    // Geocoders give no time zone; a ZIP's is its centroid's (ZIPs straddling a zone line are rare).
    return { geocode: { ...found, timezone: found.timezone ?? zip.timezone }, source: provider, outcome: 'ok', warnings: [] };
  }

  private failed(provider: string, err: unknown, details: Record<string, unknown>): ProviderOutcome {
    const outcome: ProviderOutcome = err instanceof ProviderError ? err.kind : 'error';
    this.counter.inc(provider, outcome);
    this.options.logger?.warn({ ...details, provider, outcome, err: String(err) }, 'geocoder failed; using the ZIP centroid');
    return outcome;
  }

  private atCentroid(zip: ZipRecord, outcome: ProviderOutcome, warning: string): GeocodeResolution {
    return {
      geocode: { lat: zip.lat, lon: zip.lon, timezone: zip.timezone, precision: 'zip', google_place_id: null, full_address: null },
      source: 'zip-centroid',
      outcome,
      warnings: [warning],
    };
  }
}
