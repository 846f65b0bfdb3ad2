// Where an availability query's (or a hold's) trip runs, settled the way a booking settles it:
// a location id of the rooftop as stored; an address already known to the rooftop as stored (no
// provider call); a new one geocoded and created, with its region; no place at the lot's end: the
// rooftop's service lot. Then each leg's drive: the stored lane when there is one, else the
// router's offline estimate — never a paid provider call per query.
import type { Database } from '../../../db/database.ts';
import type { LocationRow, RooftopRow } from '../../../db/schema.ts';
import type { FieldProblem } from '../../../lib/errors.ts';
import { findLaneByPair, lanePair } from '../../lanes/lanes.repository.ts';
import type { LatLon, RouteEstimate } from '../../lanes/route-estimator.ts';
import type { Geocode, StandardAddress } from '../../locations/geocoder.ts';
import { type AddressDraft, addressDraft } from '../../locations/location-draft.ts';
import { findLocation, findLocationsByKeys, findOrCreateLocations } from '../../locations/locations.repository.ts';
import type { ServiceArea } from '../regions/service-area.ts';
import type { End } from './consumer-actions.ts';
import type { PlaceAsked } from './availability-command.ts';

/** What placing a new address needs of the geocoder (FallbackGeocoder is one). */
export interface PlaceResolver {
  resolve(address: StandardAddress): Promise<{ geocode: Geocode } | null>;
}

/** What a leg's drive needs of the router when no lane is stored (FallbackRouter is one). */
export interface OfflineRouter {
  offline(a: LatLon, b: LatLon): Promise<RouteEstimate>;
}

export interface PlaceContext {
  database: Database;
  geocoder: PlaceResolver;
  rooftop: RooftopRow;
  /** Awaited only to give a new location its region, so reading it overlaps the look-ups. */
  area: Promise<ServiceArea>;
  now: number;
}

/** The rooftop's service lot, as a booking would send it. */
function serviceLotDraft(rooftop: RooftopRow): AddressDraft {
  const { address_one, address_two, city, state, zip } = rooftop;
  return addressDraft('service lot', rooftop.name, { address_one, address_two, city, state, zip });
}

/** Each end's location; problems (a location id not of the rooftop, an address that cannot be placed) are added to `problems`. */
export async function settlePlaces(
  asked: Record<End, PlaceAsked>,
  ctx: PlaceContext,
  problems: FieldProblem[],
): Promise<Partial<Record<End, LocationRow>>> {
  const ends = ['pickup', 'delivery'] as const;
  const found: Partial<Record<End, LocationRow>> = {};
  const drafts = new Map<End, AddressDraft>();
  const byId = await Promise.all(
    ends.map((end) => {
      const id = asked[end].locationId;
      return id === null ? undefined : findLocation(ctx.database.db, id, [ctx.rooftop.id]);
    }),
  );
  ends.forEach((end, i) => {
    const place = asked[end];
    if (place.locationId === null) drafts.set(end, place.address ?? serviceLotDraft(ctx.rooftop));
    else if (byId[i]) found[end] = byId[i];
    // Another rooftop's location is answered exactly like one that does not exist (spec §3).
    else problems.push({ code: 'field_invalid', field: place.field, message: `${place.field}: the rooftop has no location ${place.locationId}` });
  });
  const placed = await placeAddresses([...drafts.values()], ctx, problems);
  for (const [end, draft] of drafts) {
    const row = placed.get(draft.dedupeKey);
    if (row) found[end] = row;
  }
  return found;
}

/** The rooftop's locations for these addresses, by dedupe key: found, or geocoded and created. */
async function placeAddresses(drafts: AddressDraft[], ctx: PlaceContext, problems: FieldProblem[]): Promise<Map<string, LocationRow>> {
  const { db } = ctx.database;
  const rooftopId = ctx.rooftop.id;
  const stored = await findLocationsByKeys(db, rooftopId, [...new Set(drafts.map((d) => d.dedupeKey))]);
  const fresh = new Map<string, { draft: AddressDraft; geocode: Geocode }>();
  for (const draft of drafts) {
    if (stored.has(draft.dedupeKey) || fresh.has(draft.dedupeKey)) continue;
    const resolution = await ctx.geocoder.resolve(draft.address);
    if (resolution) fresh.set(draft.dedupeKey, { draft, geocode: resolution.geocode });
    else problems.push({ code: 'address_invalid', field: draft.path, message: `${draft.path} could not be located` });
  }
  if (!fresh.size || problems.length) return stored;
  const area = await ctx.area;
  const rows = [...fresh.values()].map(({ draft, geocode: g }) => ({
    rooftop_id: rooftopId,
    dedupe_key: draft.dedupeKey,
    name: draft.name,
    ...draft.address,
    lat: g.lat,
    lon: g.lon,
    google_place_id: g.google_place_id,
    full_address: g.full_address ?? draft.fullAddress,
    timezone: g.timezone,
    geocode_precision: g.precision,
    region_id: area.regionOf(g),
    created_at: ctx.now,
  }));
  const created = await db.transaction().execute((trx) => findOrCreateLocations(trx, rooftopId, rows));
  return new Map([...stored, ...created]);
}

/** Each leg's drive, in driving order; a pair's legs share their lane (and its one look-up). */
export async function legDrives(
  legs: readonly (readonly [LocationRow, LocationRow])[],
  ctx: { database: Database; router: OfflineRouter; rooftopId: number },
): Promise<RouteEstimate[]> {
  const byPair = new Map<string, Promise<RouteEstimate>>();
  const drive = async (a: LocationRow, b: LocationRow): Promise<RouteEstimate> => {
    const lane = await findLaneByPair(ctx.database.db, ctx.rooftopId, ...lanePair(a.id, b.id));
    if (lane) return { distanceMiles: lane.distance_miles, durationMinutes: lane.duration_minutes, estimator: lane.estimator };
    return ctx.router.offline(a, b);
  };
  return Promise.all(
    legs.map(([a, b]) => {
      const key = lanePair(a.id, b.id).join('-');
      let estimate = byPair.get(key);
      if (!estimate) byPair.set(key, (estimate = drive(a, b)));
      return estimate;
    }),
  );
}
