// Reads one location object of a request: required fields, state and ZIP normalization, and the
// offline checks every address must pass (the ZIP exists and lies in the given state).
import type { ErrorCode } from '../../lib/errors.ts';
import type { FieldReader } from '../../lib/validation.ts';
import {
  addressDedupeKey,
  collapseWhitespace,
  formatFullAddress,
  normalizeZip,
  standardizeStreet,
  standardizeUnit,
} from './address-normalization.ts';
import type { StandardAddress } from './geocoder.ts';
import { stateCode } from './us-states.ts';
import type { ZipDirectory } from './zip-directory.ts';

export interface LocationDraft {
  /** Dotted request path of the location object, for error messages. */
  path: string;
  name: string;
  address: StandardAddress;
  dedupeKey: string;
  fullAddress: string;
}

/** The longest value of each location field, as sent (before normalization); the schema states the same. */
export const LOCATION_MAX = { name: 200, address_one: 200, address_two: 200, city: 100, state: 60, zip: 20 } as const;

export function readLocation(
  parent: FieldReader,
  key: string,
  zips: ZipDirectory,
  opts: { missingCode?: ErrorCode } = {},
): LocationDraft | undefined {
  const loc = parent.object(key, { required: true, missingCode: opts.missingCode });
  if (!loc) return undefined;
  const name = loc.string('name', { required: true, max: LOCATION_MAX.name });
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
  if (name === undefined || addressOne === undefined || city === undefined || !state || !zip) return undefined;

  const address: StandardAddress = {
    address_one: standardizeStreet(addressOne),
    address_two: standardizeUnit(addressTwo),
    city: collapseWhitespace(city),
    state,
    zip,
  };
  return {
    path: loc.path,
    name: collapseWhitespace(name),
    address,
    dedupeKey: addressDedupeKey(address),
    fullAddress: formatFullAddress(address),
  };
}
