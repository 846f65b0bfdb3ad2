// A Valhalla server's route action over fetch. Shapes relied on, from Valhalla's turn-by-turn API
// reference (valhalla/valhalla docs/docs/api/turn-by-turn/api-reference.md): POST {base}/route
// with { locations: [{lat, lon}, {lat, lon}], costing: 'auto', units: 'miles', directions_type:
// 'none' } answers { trip: { status: 0, units, summary: { length (in `units`), time (s) }, legs } };
// errors are HTTP 4xx/5xx with { error_code, error, status_code, status } — e.g. 442 "No path
// could be found for input", 171 "No suitable edges near location".
import { baseUrl, DEFAULT_PROVIDER_TIMEOUT_MS, failureForStatus, ProviderError, requestJson } from '../../../lib/provider-http.ts';
import { type LatLon, type RouteEstimate, type RouteEstimator, routeEstimate } from '../route-estimator.ts';

export interface ValhallaRouterOptions {
  /** VALHALLA_URL, e.g. http://valhalla.internal:8002. */
  url: string;
  timeoutMs?: number;
}

/** Valhalla's "no path" and "no road near a location" codes. */
const NO_ROUTE_CODES = new Set([171, 442, 443]);

export class ValhallaRouter implements RouteEstimator {
  readonly name = 'valhalla';
  private readonly url: string;

  constructor(private readonly options: ValhallaRouterOptions) {
    this.url = baseUrl(options.url);
  }

  async estimate(a: LatLon, b: LatLon): Promise<RouteEstimate> {
    const answer = await requestJson(this.name, `${this.url}/route`, {
      method: 'POST',
      timeoutMs: this.options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
      json: {
        locations: [
          { lat: a.lat, lon: a.lon },
          { lat: b.lat, lon: b.lon },
        ],
        costing: 'auto',
        units: 'miles',
        directions_type: 'none',
      },
    });
    const body = answer.body as { trip?: { summary?: { length?: number; time?: number } }; error_code?: number } | undefined;
    if (answer.status !== 200) {
      const code = body?.error_code;
      const kind = code !== undefined && NO_ROUTE_CODES.has(code) ? 'no_route' : failureForStatus(answer.status);
      throw new ProviderError(this.name, kind, `HTTP ${answer.status}${code === undefined ? '' : ` error_code ${code}`}`);
    }
    const summary = body?.trip?.summary;
    if (typeof summary?.length !== 'number' || typeof summary.time !== 'number') {
      throw new ProviderError(this.name, 'error', 'an answer without trip.summary');
    }
    return routeEstimate(summary.length, summary.time, this.name);
  }
}
