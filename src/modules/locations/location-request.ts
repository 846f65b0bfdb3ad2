// Reads one location object of a request: required fields, state and ZIP normalization, and the
// offline checks every address must pass (the ZIP exists and lies in the given state). A booking
// may send a google_place_id instead of the address parts (spec §5; resolved before the booking's
// transaction, see moves/booking/booking-locate.ts).
import type { ErrorCode } from '../../lib/errors.ts';
import type { FieldReader } from '../../lib/validation.ts';
import { collapseWhitespace, normalizeZip, standardizeStreet, standardizeUnit } from './address-normalization.ts';
import type { StandardAddress } from './geocoder.ts';
import { type AddressDraft, addressDraft, type LocationInputDraft, placeIdDraft } from './location-draft.ts';
import { stateCode } from './us-states.ts';
import type { ZipDirectory } from './zip-directory.ts';

export type { AddressDraft, LocationInputDraft, PlaceIdDraft } from './location-draft.ts';
/** A location as planned and written: an address (a place id is resolved to one first). */
export type LocationDraft = AddressDraft;

/** The longest value of each location field, as sent (before normalization); the schema states the same. */
export const LOCATION_MAX = { name: 200, address_one: 200, address_two: 200, city: 100, state: 60, zip: 20, google_place_id: 1000 } as const;

const ADDRESS_PARTS = ['address_one', 'address_two', 'city', 'state', 'zip'] as const;

export interface LocationReadOptions {
  missingCode?: ErrorCode;
  /**
   * Whether google_place_id is read: `accepted` (a Google key is configured), `refused` (it is
   * not: a clear field_invalid), or absent: not a field of this object (a rooftop's address).
   */
  placeIds?: 'accepted' | 'refused';
}

export const PLACE_IDS_REFUSED =
  'this deployment does not look up Google place ids: send address_one, city, state and zip instead';

/** An address location (the rooftop's, or a booking's without place ids). */
export function readLocation(parent: FieldReader, key: string, zips: ZipDirectory, opts: { missingCode?: ErrorCode } = {}): AddressDraft | undefined {
  const draft = readLocationInput(parent, key, zips, opts);
  return draft?.kind === 'address' ? draft : undefined;
}

/** A booking's location: address parts, or a google_place_id instead of them (or with them). */
export function readLocationInput(
  parent: FieldReader,
  key: string,
  zips: ZipDirectory,
  opts: LocationReadOptions = {},
): LocationInputDraft | undefined {
  const loc = parent.object(key, { required: true, missingCode: opts.missingCode });
  if (!loc) return undefined;
  const name = loc.string('name', { required: true, max: LOCATION_MAX.name });
  const placeId = opts.placeIds ? loc.string('google_place_id', { required: false, max: LOCATION_MAX.google_place_id }) : null;
  if (placeId && opts.placeIds === 'refused') loc.invalid('google_place_id', `${loc.at('google_place_id')}: ${PLACE_IDS_REFUSED}`);
  // A place id alone stands for the address; sent with address parts, those are read as usual.
  if (placeId && ADDRESS_PARTS.every((part) => loc.isAbsent(part))) {
    return name === undefined || opts.placeIds === 'refused' ? undefined : placeIdDraft(loc.path, collapseWhitespace(name), placeId);
  }
  const address = readAddress(loc, zips);
  if (name === undefined || !address || (placeId && opts.placeIds === 'refused')) return undefined;
  return addressDraft(loc.path, collapseWhitespace(name), address, placeId ?? null);
}

/** The address parts of a location object (address_one, address_two, city, state, zip), standardized and checked. */
export function readAddress(loc: FieldReader, zips: ZipDirectory): StandardAddress | undefined {
  const addressOne = loc.string('address_one', { required: true, max: LOCATION_MAX.address_one });
  const addressTwo = loc.string('address_two', { required: false, max: LOCATION_MAX.address_two });
  const city = loc.string('city', { required: true, max: LOCATION_MAX.city });
  const stateRaw = loc.string('state', { required: true, max: LOCATION_MAX.state });
  const zipRaw = loc.string('zip', { required: true, max: LOCATION_MAX.zip, acceptNumber: true });

  const state = stateRaw === undefined ? undefined : stateCode(stateRaw);
  if (stateRaw !== undefined && !state) {
    loc.invalid('state', `${loc.at('state')} must be a USPS state code such as "VA" (or the state's full name)`);
  }
  const zip = zipRaw === undefined ? undefined : normalizeZip(zipRaw);
  if (zipRaw !== undefined && !zip) {
    loc.invalid('zip', `${loc.at('zip')} must be a 5-digit ZIP code (ZIP+4 is accepted)`);
  }
  if (zip) {
    const known = zips.lookup(zip);
    if (!known) {
      loc.invalid('zip', `${loc.at('zip')}: ZIP code ${zip} does not exist`, 'address_invalid');
    } else if (state && known.state !== state) {
      loc.invalid('zip', `${loc.at('zip')}: ZIP code ${zip} is in ${known.state}, not ${state}`, 'address_invalid');
    }
  }
  if (addressOne === undefined || city === undefined || !state || !zip) return undefined;
  return {
    address_one: standardizeStreet(addressOne),
    address_two: standardizeUnit(addressTwo),
    city: collapseWhitespace(city),
    state,
    zip,
  };
}
