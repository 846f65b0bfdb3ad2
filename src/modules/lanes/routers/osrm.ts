// An OSRM server's route service over fetch. Shapes relied on, from OSRM's HTTP API document
// (Project-OSRM/osrm-backend docs/http.md): GET {base}/route/v1/{profile}/{lon},{lat};{lon},{lat}
// ?overview=false answers { code: 'Ok', routes: [ { distance (m), duration (s), legs, weight } ],
// waypoints }; any other code is a failure, sent with HTTP 400: NoRoute (no road between the
// points), NoSegment (a point too far from any road), InvalidUrl, InvalidQuery, TooBig, ….
import { baseUrl, DEFAULT_PROVIDER_TIMEOUT_MS, failureForStatus, ProviderError, requestJson } from '../../../lib/provider-http.ts';
import { type LatLon, METERS_PER_MILE, type RouteEstimate, type RouteEstimator, routeEstimate } from '../route-estimator.ts';


export interface OsrmRouterOptions {
  /** OSRM_URL, e.g. http://osrm.internal:5000. */
  url: string;
  /** The path's profile; osrm-routed serves whichever dataset it was started with. Default 'driving'. */
  profile?: string;
  timeoutMs?: number;
}

export class OsrmRouter implements RouteEstimator {
  readonly name = 'osrm';
  private readonly url: string;

  constructor(private readonly options: OsrmRouterOptions) {
    this.url = baseUrl(options.url);
  }

  async estimate(a: LatLon, b: LatLon): Promise<RouteEstimate> {
    const coords = `${a.lon},${a.lat};${b.lon},${b.lat}`;
    const answer = await requestJson(this.name, `${this.url}/route/v1/${this.options.profile ?? 'driving'}/${coords}?overview=false`, {
      timeoutMs: this.options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
    });
    const body = answer.body as { code?: string; routes?: { distance?: number; duration?: number }[] } | undefined;
    const code = body?.code;
    if (code !== 'Ok') {
      if (code === 'NoRoute' || code === 'NoSegment') throw new ProviderError(this.name, 'no_route', `code ${code}`);
      throw new ProviderError(this.name, code ? 'rejected' : failureForStatus(answer.status), code ? `code ${code}` : `HTTP ${answer.status}`);
    }
    const route = body?.routes?.[0];
    if (typeof route?.distance !== 'number' || typeof route.duration !== 'number') {
      throw new ProviderError(this.name, 'error', 'Ok without a route');
    }
    return routeEstimate(route.distance / METERS_PER_MILE, route.duration, this.name);
  }
}
