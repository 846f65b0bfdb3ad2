// `handoff lanes reroute`: every stored lane (of one rooftop, or all) asked of the configured
// router again — after ROUTER changed, or lanes were estimated while it was down. In pages of lanes,
// each lane's call made outside any transaction and its new estimate written in one short one.
// Scenarios keep their ready-by: it was decided when they were booked; only the lanes change.
import type { Executor } from '../../db/executor.ts';
import type { LaneRow, LocationRow } from '../../db/schema.ts';
import { findLocationsByIds } from '../locations/locations.repository.ts';
import { lanesAfter, updateLaneEstimate } from './lanes.repository.ts';
import type { LatLon, RouteEstimate } from './route-estimator.ts';

/** What rerouting needs of the router (routers/FallbackRouter is one): its answer, and whether it was its own. */
export interface RerouteRouter {
  readonly name: string;
  route(a: LatLon, b: LatLon): Promise<{ estimate: RouteEstimate; outcome: string }>;
}

export interface RerouteSummary {
  router: string;
  /** Lanes looked at. */
  lanes: number;
  /** Lanes whose distance, duration or estimator changed. */
  rerouted: number;
  /** Lanes the router answered for as they were. */
  unchanged: number;
  /** Lanes the router did not answer for (down, no route, …): their estimate is kept. */
  failed: number;
  /** Every lane looked at, by the estimator it has now. */
  estimators: Record<string, number>;
}

const same = (lane: LaneRow, e: RouteEstimate) =>
  lane.distance_miles === e.distanceMiles && lane.duration_minutes === e.durationMinutes && lane.estimator === e.estimator;

export async function rerouteLanes(
  db: Executor,
  router: RerouteRouter,
  options: { rooftopId: number | null; batchSize?: number },
): Promise<RerouteSummary> {
  const summary: RerouteSummary = { router: router.name, lanes: 0, rerouted: 0, unchanged: 0, failed: 0, estimators: {} };
  const limit = options.batchSize ?? 100;
  for (let afterId = 0; ; ) {
    const page = await lanesAfter(db, { afterId, limit, rooftopId: options.rooftopId });
    if (!page.length) break;
    afterId = page.at(-1)!.id;
    const ids = [...new Set(page.flatMap((l) => [l.location_a_id, l.location_b_id]))];
    const locations = new Map<number, LocationRow>((await findLocationsByIds(db, ids)).map((l) => [l.id, l]));
    for (const lane of page) {
      const estimator = await reroute(db, router, lane, locations, summary);
      summary.lanes += 1;
      summary.estimators[estimator] = (summary.estimators[estimator] ?? 0) + 1;
    }
  }
  return summary;
}

/** One lane: the router's answer written when it differs. Returns the lane's estimator now. */
async function reroute(db: Executor, router: RerouteRouter, lane: LaneRow, locations: Map<number, LocationRow>, summary: RerouteSummary) {
  const a = locations.get(lane.location_a_id);
  const b = locations.get(lane.location_b_id);
  if (!a || !b) throw new Error(`lane ${lane.id}: its locations are missing`);
  const { estimate, outcome } = await router.route(a, b);
  if (outcome !== 'ok') {
    summary.failed += 1;
    return lane.estimator;
  }
  if (same(lane, estimate)) {
    summary.unchanged += 1;
    return lane.estimator;
  }
  await db.transaction().execute((trx) => updateLaneEstimate(trx, lane.id, estimate));
  summary.rerouted += 1;
  return estimate.estimator;
}
