// Each lane of a booking estimated before its transaction opens (a road router may take seconds).
// A lane is routed once and reused: a stored one answers, unless it is a straight-line estimate
// while a road router is configured now, or one of its ends is being placed anew. The router
// never fails a booking: it falls back to the straight-line estimate, with a warning.
import type { Executor } from '../../../db/executor.ts';
import type { LaneRow } from '../../../db/schema.ts';
import { findLaneByPair, lanePair } from '../../lanes/lanes.repository.ts';
import { type LatLon, type RouteEstimate, type RouteOptions, worthRoutingAgain } from '../../lanes/route-estimator.ts';
import type { RouteResolution } from '../../lanes/routers/index.ts';
import { improvesOn } from '../../locations/stored-geocode.ts';
import type { Warning } from '../vehicle-fields.ts';
import type { LocatedPlaces } from './booking-locate.ts';
import { legDepartures, type LocatedLeg } from './booking-plan.ts';
import type { BookingDraft } from './move-type.ts';

/** What a booking needs of the router (FallbackRouter is one). */
export interface LaneRouter {
  /** 'straight-line', or the road router's name. */
  readonly name: string;
  route(a: LatLon, b: LatLon, options?: RouteOptions): Promise<RouteResolution>;
  /** The offline estimate, no provider call: what departure times are reckoned from. */
  offline(a: LatLon, b: LatLon): Promise<RouteEstimate>;
}

export interface RoutedLegs {
  /** By leg. */
  estimates: RouteEstimate[];
  /** By leg: the router's warnings, on the first leg that drives the lane. */
  warnings: Warning[][];
}

interface LaneEstimate {
  estimate: RouteEstimate;
  warnings: string[];
}

export async function routeLegs(
  located: LocatedPlaces,
  ctx: { db: Executor; rooftopId: number; router: LaneRouter; readyBy: BookingDraft['readyBy'] },
): Promise<RoutedLegs> {
  const { legs, geocodes } = located;
  const ends = (leg: LocatedLeg): [LatLon, LatLon] => [geocodes.get(leg.pickup.dedupeKey)!, geocodes.get(leg.delivery.dedupeKey)!];
  const offline = await Promise.all(legs.map((leg) => ctx.router.offline(...ends(leg))));
  const departures = legDepartures(ctx.readyBy, offline.map((e) => e.durationMinutes));

  // One estimate per unordered pair (a swap's two legs share their lane), for the first leg driving it.
  const byPair = new Map<string, Promise<LaneEstimate>>();
  const firstLeg = legs.map((leg, i) => {
    const pair = [leg.pickup.dedupeKey, leg.delivery.dedupeKey].sort().join('\n');
    if (byPair.has(pair)) return false;
    byPair.set(pair, estimateLane(leg, departures[i]!, located, ctx));
    return true;
  });
  const perLeg = await Promise.all(legs.map((leg) => byPair.get([leg.pickup.dedupeKey, leg.delivery.dedupeKey].sort().join('\n'))!));
  return {
    estimates: perLeg.map((l) => l.estimate),
    warnings: perLeg.map((l, i) => (firstLeg[i] ? l.warnings.map((message) => ({ field: `${legs[i]!.move.path}.duration_minutes`, message })) : [])),
  };
}

async function estimateLane(
  leg: LocatedLeg,
  departAt: number,
  located: LocatedPlaces,
  ctx: { db: Executor; rooftopId: number; router: LaneRouter },
): Promise<LaneEstimate> {
  const lane = await reusableLane(leg, located, ctx);
  if (lane) return { estimate: { distanceMiles: lane.distance_miles, durationMinutes: lane.duration_minutes, estimator: lane.estimator }, warnings: [] };
  const a = located.geocodes.get(leg.pickup.dedupeKey)!;
  const b = located.geocodes.get(leg.delivery.dedupeKey)!;
  const { estimate, warnings } = await ctx.router.route(a, b, { departAt });
  return { estimate, warnings };
}

async function reusableLane(
  leg: LocatedLeg,
  { stored, geocodes }: LocatedPlaces,
  ctx: { db: Executor; rooftopId: number; router: LaneRouter },
): Promise<LaneRow | undefined> {
  const a = stored.get(leg.pickup.dedupeKey);
  const b = stored.get(leg.delivery.dedupeKey);
  if (!a || !b) return undefined;
  if (improvesOn(a, geocodes.get(a.dedupe_key)!) || improvesOn(b, geocodes.get(b.dedupe_key)!)) return undefined;
  const lane = await findLaneByPair(ctx.db, ctx.rooftopId, ...lanePair(a.id, b.id));
  return lane && !worthRoutingAgain(lane, ctx.router.name) ? lane : undefined;
}
