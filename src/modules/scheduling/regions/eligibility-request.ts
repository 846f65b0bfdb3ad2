// Reading POST /v1/confirm-move-eligibility (spec §11.1): each end by its coordinates, or — with
// none — by its address, read and checked exactly as a booking's location is (a full_address alone
// is read as one line). Both coordinates sent win over an address sent with them; the address
// fields are still checked for their type and length, as the schema states.
import { FieldReader, Problems } from '../../../lib/validation.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { addressDedupeKey } from '../../locations/address-normalization.ts';
import { LOCATION_MAX, readAddress } from '../../locations/location-request.ts';
import { parseOneLineAddress } from '../../locations/one-line-address.ts';
import type { ZipDirectory } from '../../locations/zip-directory.ts';
import { readRooftopChoice } from '../../rooftops/rooftop-choice.ts';
import type { EligibilityEnd, EligibilityQuestion } from './eligibility-answer.ts';

export const FULL_ADDRESS_MAX = 300;
export const COORDINATE_RANGE = { latitude: { min: -90, max: 90 }, longitude: { min: -180, max: 180 } } as const;
const ADDRESS_PARTS = ['address_one', 'address_two', 'city', 'state', 'zip'] as const;

export function readEligibility(body: Record<string, unknown>, auth: AuthContext, zips: ZipDirectory): EligibilityQuestion {
  const problems = new Problems();
  const r = FieldReader.root(problems, body);
  const rooftopId = readRooftopChoice(r, auth);
  const pickup = readEnd(r, 'pickup_location', zips);
  const delivery = readEnd(r, 'delivery_location', zips);
  const driveMiles = readDriveMiles(r);
  problems.throwIfAny();
  if (rooftopId === undefined || !pickup || !delivery) throw new Error('readEligibility: validation let a missing field through');
  return { rooftopId, pickup, delivery, driveMiles };
}

/** Optional; any distance from 0 up is read (one over the longest drive is outside_region, not a bad value). */
function readDriveMiles(r: FieldReader): number | null {
  if (r.isAbsent('drive_miles')) return null;
  const miles = r.value.drive_miles;
  if (typeof miles !== 'number' || !Number.isFinite(miles) || miles < 0) {
    r.invalid('drive_miles', 'drive_miles must be a number from 0 upward (miles)');
    return null;
  }
  return miles;
}

function readEnd(parent: FieldReader, key: string, zips: ZipDirectory): EligibilityEnd | undefined {
  const loc = parent.object(key, { required: true });
  if (!loc) return undefined;
  const latSent = !loc.isAbsent('latitude');
  const lonSent = !loc.isAbsent('longitude');
  const lat = loc.number('latitude', { required: false, ...COORDINATE_RANGE.latitude });
  const lon = loc.number('longitude', { required: false, ...COORDINATE_RANGE.longitude });
  if (lat === 0 && lon === 0) {
    loc.invalid('latitude', `${loc.at('latitude')} and ${loc.at('longitude')} are both 0, where unset coordinates land (off the coast of Africa): send the real ones, or the address`);
  }
  loc.string('name', { required: false, max: LOCATION_MAX.name });
  const fullAddress = loc.string('full_address', { required: false, max: FULL_ADDRESS_MAX });

  if (latSent && lonSent) {
    for (const part of ADDRESS_PARTS) loc.string(part, { required: false, max: LOCATION_MAX[part], acceptNumber: part === 'zip' });
    return lat !== null && lon !== null && !(lat === 0 && lon === 0) ? { path: loc.path, point: { lat, lon } } : undefined;
  }
  if (ADDRESS_PARTS.some((part) => !loc.isAbsent(part))) {
    const address = readAddress(loc, zips);
    return address && { path: loc.path, address, dedupeKey: addressDedupeKey(address) };
  }
  if (fullAddress) {
    const reading = parseOneLineAddress(fullAddress, zips);
    if ('problem' in reading) {
      loc.invalid('full_address', `${loc.at('full_address')}: ${reading.problem}`, 'address_invalid');
      return undefined;
    }
    return { path: loc.path, address: reading.address, dedupeKey: addressDedupeKey(reading.address) };
  }
  if (loc.problems.has(loc.at('full_address'))) return undefined;
  const missing = latSent ? 'longitude' : 'latitude';
  loc.invalid(
    missing,
    `${loc.at(missing)} is required: send latitude and longitude, or the address (address_one, city, state and zip, or full_address)`,
    'field_missing',
  );
  return undefined;
}
