// Google Routes API computeRoutes over fetch. Shapes relied on, from Google's documentation
// (developers.google.com/maps/documentation/routes/compute_route_directions and
// …/routes/handle-errors): POST {base}/directions/v2:computeRoutes with headers X-Goog-Api-Key and
// X-Goog-FieldMask (only the fields asked for come back), body { origin: { location: { latLng:
// { latitude, longitude } } }, destination, travelMode: 'DRIVE', routingPreference:
// 'TRAFFIC_AWARE', departureTime: RFC 3339 } answers { routes: [ { distanceMeters, duration:
// "1234s" } ] } — or {} when there is no route. Errors are HTTP 4xx/5xx with { error: { code,
// message, status } }: 400 INVALID_ARGUMENT (also a departureTime in the past), 403
// PERMISSION_DENIED (key missing or not enabled), 429 RESOURCE_EXHAUSTED.
import { baseUrl, DEFAULT_PROVIDER_TIMEOUT_MS, failureForStatus, ProviderError, requestJson } from '../../../lib/provider-http.ts';
import { type LatLon, METERS_PER_MILE, type RouteEstimate, type RouteEstimator, type RouteOptions, routeEstimate } from '../route-estimator.ts';

export const GOOGLE_ROUTES_DEFAULT_URL = 'https://routes.googleapis.com';

export interface GoogleRoutesRouterOptions {
  apiKey: string;
  url?: string;
  timeoutMs?: number;
  /** For deciding whether a departure is in the future; default Date.now. */
  now?: () => number;
}

const waypoint = (p: LatLon) => ({ location: { latLng: { latitude: p.lat, longitude: p.lon } } });

export class GoogleRoutesRouter implements RouteEstimator {
  readonly name = 'google';
  private readonly url: string;

  constructor(private readonly options: GoogleRoutesRouterOptions) {
    this.url = baseUrl(options.url ?? GOOGLE_ROUTES_DEFAULT_URL);
  }

  async estimate(a: LatLon, b: LatLon, route: RouteOptions = {}): Promise<RouteEstimate> {
    const now = (this.options.now ?? Date.now)();
    // Google refuses a departure in the past; without one it routes for traffic now.
    const departAt = route.departAt !== undefined && route.departAt > now + 60_000 ? route.departAt : undefined;
    const answer = await requestJson(this.name, `${this.url}/directions/v2:computeRoutes`, {
      method: 'POST',
      timeoutMs: this.options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
      headers: { 'x-goog-api-key': this.options.apiKey, 'x-goog-fieldmask': 'routes.duration,routes.distanceMeters' },
      json: {
        origin: waypoint(a),
        destination: waypoint(b),
        travelMode: 'DRIVE',
        routingPreference: 'TRAFFIC_AWARE',
        ...(departAt === undefined ? {} : { departureTime: new Date(departAt).toISOString() }),
      },
    });
    if (answer.status !== 200) {
      const status = (answer.body as { error?: { status?: string } } | undefined)?.error?.status;
      throw new ProviderError(this.name, failureForStatus(answer.status), `HTTP ${answer.status}${status ? ` ${status}` : ''}`);
    }
    if (answer.body === undefined) throw new ProviderError(this.name, 'error', 'an answer that is not JSON');
    const routes = (answer.body as { routes?: { distanceMeters?: number; duration?: string }[] }).routes;
    const first = routes?.[0];
    if (!first) throw new ProviderError(this.name, 'no_route', 'no route between the points');
    const seconds = /^(\d+(?:\.\d+)?)s$/.exec(first.duration ?? '')?.[1];
    // distanceMeters is left out of the JSON when it is 0 (proto3 default).
    const meters = first.distanceMeters ?? 0;
    if (seconds === undefined || typeof meters !== 'number') throw new ProviderError(this.name, 'error', 'a route without duration');
    return routeEstimate(meters / METERS_PER_MILE, Number(seconds), this.name);
  }
}
