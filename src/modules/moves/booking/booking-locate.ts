// Where a booking's places are, found before its transaction opens (the geocoder may take seconds):
// google_place_ids looked up and turned into addresses, each distinct address placed once — from
// the stored location when it is already placed better than its ZIP's centre, else by the
// geocoder, which never fails a booking (it falls back to the ZIP centre, with a warning).
import type { Executor } from '../../../db/executor.ts';
import type { LocationRow } from '../../../db/schema.ts';
import type { FieldProblem } from '../../../lib/errors.ts';
import { ApiError } from '../../../lib/errors.ts';
import type { Geocode, StandardAddress } from '../../locations/geocoder.ts';
import type { GeocodeResolution, PlaceIdResolution } from '../../locations/geocoders/index.ts';
import { resolvedPlaceDraft } from '../../locations/location-draft.ts';
import type { LocationDraft, LocationInputDraft } from '../../locations/location-request.ts';
import { findLocationsByKeys } from '../../locations/locations.repository.ts';
import { storedGeocode, worthGeocodingAgain } from '../../locations/stored-geocode.ts';
import type { ZipDirectory } from '../../locations/zip-directory.ts';
import type { Warning } from '../vehicle-fields.ts';
import { distinctPlaces, type LocatedLeg, refuseSamePlaceLegs, refuseUnlocated } from './booking-plan.ts';
import type { LegPlan } from './move-type.ts';

/** What a booking needs of the geocoder (FallbackGeocoder is one). */
export interface AddressResolver {
  /** False for the offline ZIP centroid: stored locations are then never geocoded again. */
  readonly streetLevel: boolean;
  readonly acceptsPlaceIds: boolean;
  resolve(address: StandardAddress): Promise<GeocodeResolution | null>;
  resolvePlaceId(placeId: string): Promise<PlaceIdResolution>;
}

export interface LocatedPlaces {
  legs: LocatedLeg[];
  places: LocationDraft[];
  /** By dedupe key. */
  geocodes: Map<string, Geocode>;
  /** By dedupe key: the geocoder's warnings about the place. */
  warnings: Map<string, Warning[]>;
  /** The places already stored for the rooftop, by dedupe key, as read before the transaction. */
  stored: Map<string, LocationRow>;
}

interface Located {
  draft: LocationDraft;
  geocode?: Geocode;
  warnings: Warning[];
}

export async function locatePlaces(
  legs: LegPlan[],
  ctx: { db: Executor; rooftopId: number; geocoder: AddressResolver; zips: ZipDirectory },
): Promise<LocatedPlaces> {
  const byInput = await lookUpPlaceIds(distinctPlaces(legs), ctx);
  const located = (p: LocationInputDraft) => byInput.get(p.dedupeKey)!.draft;
  const locatedLegs = legs.map((leg) => ({ ...leg, pickup: located(leg.pickup), delivery: located(leg.delivery) }));
  refuseSamePlaceLegs(locatedLegs);

  const places = distinctPlaces(locatedLegs);
  const stored = await findLocationsByKeys(ctx.db, ctx.rooftopId, places.map((p) => p.dedupeKey));
  const known = new Map([...byInput.values()].map((l) => [l.draft.dedupeKey, l]));
  const geocodes = new Map<string, Geocode>();
  const warnings = new Map<string, Warning[]>();
  await Promise.all(
    places.map(async (place) => {
      const found = known.get(place.dedupeKey);
      const row = stored.get(place.dedupeKey);
      let geocode = found?.geocode;
      const told = [...(found?.warnings ?? [])];
      if (!geocode && row && !worthGeocodingAgain(row, ctx.geocoder.streetLevel)) geocode = storedGeocode(row);
      if (!geocode) {
        const resolution = await ctx.geocoder.resolve(place.address);
        geocode = resolution?.geocode;
        told.push(...(resolution?.warnings ?? []).map((message) => ({ field: place.path, message })));
      }
      if (geocode) geocodes.set(place.dedupeKey, geocode);
      warnings.set(place.dedupeKey, told);
    }),
  );
  refuseUnlocated(places, geocodes);
  return { legs: locatedLegs, places, geocodes, warnings, stored };
}

/**
 * Each distinct place of the request, by its input dedupe key, as an address: a google_place_id
 * looked up (the place Google knows, already placed); typed parts as they are. A place id Google
 * does not know is google_place_id_invalid; one that cannot be looked up now falls back to the
 * typed parts sent with it, and without them refuses the booking (there is nothing to place).
 */
async function lookUpPlaceIds(
  inputs: LocationInputDraft[],
  ctx: { geocoder: AddressResolver; zips: ZipDirectory },
): Promise<Map<string, Located>> {
  const problems: FieldProblem[] = [];
  const entries = await Promise.all(
    inputs.map(async (input): Promise<[string, Located | undefined]> => {
      if (input.kind === 'address' && !input.placeId) return [input.dedupeKey, { draft: input, warnings: [] }];
      const field = `${input.path}.google_place_id`;
      const r = await ctx.geocoder.resolvePlaceId(input.placeId!);
      if (r.kind === 'found') {
        const known = ctx.zips.lookup(r.address.zip);
        if (known && known.state !== r.address.state) {
          problems.push({ code: 'address_invalid', field, message: `${field} is in ZIP code ${r.address.zip}, which is in ${known.state}, not ${r.address.state}` });
          return [input.dedupeKey, undefined];
        }
        const draft = resolvedPlaceDraft(input, r.address);
        const fullAddress = r.geocode.full_address;
        const located = { draft: fullAddress ? { ...draft, fullAddress } : draft, geocode: r.geocode };
        return [input.dedupeKey, { ...located, warnings: r.warnings.map((message) => ({ field: input.path, message })) }];
      }
      if (r.kind === 'invalid') {
        problems.push({ code: 'google_place_id_invalid', field, message: `${field}: ${r.message}` });
        return [input.dedupeKey, undefined];
      }
      if (input.kind === 'address') {
        const message = `${field} could not be looked up now; the address sent with it was placed instead`;
        return [input.dedupeKey, { draft: input, warnings: [{ field, message }] }];
      }
      problems.push({ code: r.reason === 'not_configured' ? 'field_invalid' : 'address_invalid', field, message: `${field}: ${r.message}` });
      return [input.dedupeKey, undefined];
    }),
  );
  if (problems.length) throw ApiError.fromProblems(problems);
  return new Map(entries as [string, Located][]);
}
