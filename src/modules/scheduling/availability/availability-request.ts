// Reading an availability query (GET /v1/appointments/availability, spec §11.3) and the fields a
// hold shares with it: the rooftop (customer_id), the consumer_action, and each end's place — a
// location id (it wins) or a one-line address, parsed and checked offline here (the ZIP exists and
// lies in the state). Every problem is collected (spec §4); the rest is checked by the service.
import type { FieldReader } from '../../../lib/validation.ts';
import { INTEGER_RANGE, queryInteger, readFieldsAsync } from '../../../lib/validation.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { addressDraft } from '../../locations/location-draft.ts';
import { parseOneLineAddress } from '../../locations/one-line-address.ts';
import type { ZipDirectory } from '../../locations/zip-directory.ts';
import type { AvailabilityCommand, PlaceAsked, TripAsked } from './availability-command.ts';
import { ACTION_SHAPES, CONSUMER_ACTIONS, type End } from './consumer-actions.ts';
import { dateRangeProblem, isIsoDate } from './slot-grid.ts';

/** The longest one-line address taken. */
export const ADDRESS_MAX = 300;
export const DATE_MAX = 10;

type Source = 'query' | 'body';

/** The rooftop's IANA zone (the rooftop is one of the caller's), for the checks made in local time. */
export type ZoneOf = (rooftopId: number) => Promise<string | null>;

export function readAvailabilityQuery(query: unknown, auth: AuthContext, ctx: { zips: ZipDirectory; now: number; zoneOf: ZoneOf }): Promise<AvailabilityCommand> {
  return readFieldsAsync(query, async (r) => {
    const trip = readTripAsked(r, auth, ctx.zips, 'query');
    const date = r.string('date', { required: true, max: DATE_MAX });
    if (date !== undefined && !isIsoDate(date)) r.invalid('date', 'date must be a real date written YYYY-MM-DD, such as "2026-03-25"');
    else if (date !== undefined && trip.rooftopId) {
      const zone = await ctx.zoneOf(trip.rooftopId);
      const problem = zone && dateRangeProblem(date, zone, ctx.now);
      if (problem) r.invalid('date', `date ${problem}`);
    }
    return { ...trip, date: date ?? '' };
  });
}

/** customer_id, consumer_action and the places; incomplete only when a problem was recorded. */
export function readTripAsked(r: FieldReader, auth: AuthContext, zips: ZipDirectory, source: Source): TripAsked {
  const rooftopId = readCustomerId(r, auth, source);
  const action = r.oneOf('consumer_action', CONSUMER_ACTIONS, { required: true });
  const places = { pickup: readPlace(r, 'pickup', zips, source), delivery: readPlace(r, 'delivery', zips, source) };
  if (action) {
    const end = ACTION_SHAPES[action].consumerEnd;
    const place = places[end];
    if (place.locationId === null && place.address === null && !r.problems.has(`${end}_address`) && !r.problems.has(`${end}_location_id`)) {
      r.problems.add('field_missing', `${end}_address`, `${end}_address or ${end}_location_id is required for consumer_action ${action}: it is the consumer's address`);
    }
  }
  // 0: no rooftop (a problem was recorded, and the command is never carried out).
  return { rooftopId: rooftopId ?? 0, action: action ?? 'one-way', places };
}

/** The rooftop, which must be one of the caller's: another's is answered exactly like one that does not exist. */
function readCustomerId(r: FieldReader, auth: AuthContext, source: Source): number | undefined {
  let id: number | null | undefined;
  if (source === 'body') id = r.integer('customer_id', { required: true });
  else if (r.isAbsent('customer_id')) r.problems.add('field_missing', 'customer_id', 'customer_id is required');
  else id = queryInteger(r, 'customer_id', INTEGER_RANGE.min, INTEGER_RANGE.max);
  if (id === null || id === undefined) return undefined;
  if (!auth.rooftopIds.includes(id)) {
    r.invalid('customer_id', `customer_id ${id} is not a rooftop of yours`);
    return undefined;
  }
  return id;
}

function readPlace(r: FieldReader, end: End, zips: ZipDirectory, source: Source): PlaceAsked {
  const idKey = `${end}_location_id`;
  const addressKey = `${end}_address`;
  const locationId =
    source === 'body' ? r.integer(idKey, { required: false }) : queryInteger(r, idKey, INTEGER_RANGE.min, INTEGER_RANGE.max);
  // Read (for its type and length) even when the id wins, so what is refused never depends on the other field.
  const line = r.string(addressKey, { required: false, max: ADDRESS_MAX });
  if (locationId !== null && locationId !== undefined) return { field: idKey, locationId, address: null };
  if (!line) return { field: addressKey, locationId: null, address: null };
  const read = parseOneLineAddress(line, zips);
  if ('problem' in read) {
    r.invalid(addressKey, `${addressKey}: ${read.problem}`, 'address_invalid');
    return { field: addressKey, locationId: null, address: null };
  }
  return { field: addressKey, locationId: null, address: addressDraft(addressKey, read.address.address_one, read.address) };
}
