// Loopback OSRM and Valhalla servers (see geo-stubs.ts for the Google Routes API and the common
// ground). OSRM: GET /route/v1/{profile}/{lon},{lat};{lon},{lat} → { code: 'Ok', routes, waypoints },
// or HTTP 400 with { code: 'NoRoute' | 'NoSegment' | 'InvalidUrl', message }. Valhalla: POST /route
// → { trip: { summary: { length, time }, … } }, or HTTP 400 with { error_code, error, … }.
import { type GeoStub, placeAt, REFERENCE_ROUTES, routeBetween, startGeoStub } from './geo-stub-server.ts';

export type OsrmBehaviour = 'no_route' | 'no_segment' | 'http_502';

export async function startOsrmStub(): Promise<GeoStub<OsrmBehaviour> & { env(): Record<string, string> }> {
  const stub = await startGeoStub<OsrmBehaviour>((req, b) => {
    const m = /^\/route\/v1\/([a-z-]+)\/(-?[\d.]+),(-?[\d.]+);(-?[\d.]+),(-?[\d.]+)$/.exec(req.path);
    if (!m) return { status: 400, body: { code: 'InvalidUrl', message: `URL string malformed close to position 1: "${req.path.slice(0, 6)}"` } };
    if (b === 'http_502') return { status: 502, body: undefined, raw: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
    if (b === 'no_route') return { status: 400, body: { code: 'NoRoute', message: 'Impossible route between points' } };
    if (b === 'no_segment') return { status: 400, body: { code: 'NoSegment', message: 'Could not find a matching segment for coordinate 0' } };
    const [a, z] = [
      { lon: Number(m[2]), lat: Number(m[3]) },
      { lon: Number(m[4]), lat: Number(m[5]) },
    ];
    const r = routeBetween(a, z);
    const distance = r === 'reference' ? REFERENCE_ROUTES.osrm.distanceMeters : r.meters;
    const duration = r === 'reference' ? REFERENCE_ROUTES.osrm.durationSeconds : r.seconds;
    const waypoint = (p: { lat: number; lon: number }, i: number) => ({
      hint: `stubHint${i}AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
      distance: 4.2,
      name: placeAt(p.lat, p.lon)?.address_one.replace(/^\d+ /, '') ?? '',
      location: [Number(p.lon.toFixed(6)), Number(p.lat.toFixed(6))],
    });
    return {
      status: 200,
      body: {
        code: 'Ok',
        routes: [
          {
            legs: [{ steps: [], summary: '', weight: duration, duration, distance }],
            weight_name: 'routability',
            weight: duration,
            duration,
            distance,
          },
        ],
        waypoints: [waypoint(a, 0), waypoint(z, 1)],
      },
    };
  });
  return { ...stub, env: () => ({ OSRM_URL: stub.url }) };
}

export type ValhallaBehaviour = 'no_route' | 'no_edges' | 'http_500';

const valhallaError = (error_code: number, error: string, status_code = 400) => ({
  status: status_code,
  body: { error_code, error, status_code, status: status_code === 400 ? 'Bad Request' : 'Internal Server Error' },
});

export async function startValhallaStub(): Promise<GeoStub<ValhallaBehaviour> & { env(): Record<string, string> }> {
  const stub = await startGeoStub<ValhallaBehaviour>((req, b) => {
    if (req.path !== '/route') return valhallaError(106, "Try any of: '/route' '/locate' '/status'", 404);
    if (b === 'http_500') return valhallaError(202, 'Failed to parse TripPath', 500);
    const body = req.body as { locations?: { lat?: number; lon?: number }[]; costing?: string; units?: string } | undefined;
    if (!body) return valhallaError(100, 'Failed to parse json request');
    const locs = body.locations ?? [];
    if (locs.length < 2) return valhallaError(120, 'Insufficient number of locations provided');
    if (!body.costing) return valhallaError(124, 'No edge/node costing provided');
    if (b === 'no_route') return valhallaError(442, 'No path could be found for input');
    if (b === 'no_edges') return valhallaError(171, 'No suitable edges near location');
    const [a, z] = locs as { lat: number; lon: number }[];
    const r = routeBetween(a!, z!);
    const miles = body.units === 'miles' || body.units === 'mi';
    const lengthMiles = r === 'reference' ? REFERENCE_ROUTES.valhalla.lengthMiles : Number((r.meters / 1609.344).toFixed(3));
    const time = r === 'reference' ? REFERENCE_ROUTES.valhalla.timeSeconds : r.seconds;
    const length = miles ? lengthMiles : Number((lengthMiles * 1.609344).toFixed(3));
    const summary = {
      has_time_restrictions: false,
      has_toll: false,
      has_highway: true,
      has_ferry: false,
      min_lat: Math.min(a!.lat, z!.lat),
      min_lon: Math.min(a!.lon, z!.lon),
      max_lat: Math.max(a!.lat, z!.lat),
      max_lon: Math.max(a!.lon, z!.lon),
      time,
      length,
      cost: time * 1.1,
    };
    return {
      status: 200,
      body: {
        trip: {
          locations: [
            { type: 'break', lat: a!.lat, lon: a!.lon, original_index: 0 },
            { type: 'break', lat: z!.lat, lon: z!.lon, original_index: 1 },
          ],
          legs: [{ summary, shape: 'stub_shape' }],
          summary,
          status_message: 'Found route between points',
          status: 0,
          units: miles ? 'miles' : 'kilometers',
          language: 'en-US',
        },
      },
    };
  });
  return { ...stub, env: () => ({ VALHALLA_URL: stub.url }) };
}
