// Loopback stand-ins for the geocoding and routing providers, speaking their real protocols
// (request paths, parameters, headers, answer shapes and error answers written from each
// provider's public API documentation — the sources are cited in the clients under
// src/modules/locations/geocoders/ and src/modules/lanes/routers/). Nothing here leaves 127.0.0.1.
//
// The reference booking's two addresses, through the Google stub, come back with the reference
// response's own coordinates, place ids and formatted addresses (read from the fixture). The
// other providers answer near them, as a street-interpolating geocoder would. Routes between the
// two places have per-provider recorded values (REFERENCE_ROUTES); other routes are a
// deterministic 1.3 × straight line at 30 mph. Each stub records every request it got.
import {
  type GeoStub,
  namesPlace,
  REFERENCE_PLACES,
  REFERENCE_ROUTES,
  routeBetween,
  type RecordedRequest,
  type ReferencePlace,
  startGeoStub,
  type StubAnswer,
  WRONG_RICHMOND,
} from './geo-stub-server.ts';

export {
  closedPortUrl,
  CUSTOMER,
  REFERENCE_ROUTES,
  SERVICE_LOT,
  standardAddress,
  WRONG_RICHMOND,
  type GeoStub,
  type RecordedRequest,
} from './geo-stub-server.ts';

// ── Google: Geocoding API and Routes API on one server ────────────────────────────────────────────

export type GoogleBehaviour =
  | 'zero_results'
  | 'over_query_limit'
  | 'request_denied'
  | 'invalid_request'
  | 'unknown_error'
  | 'http_500'
  | 'mismatch' //   the Geocoding API answers the right street in the wrong Richmond
  | 'no_route'; // the Routes API answers {}

export interface GoogleStub extends GeoStub<GoogleBehaviour> {
  apiKey: string;
  /**
   * location_type per place id. Both reference places default to ROOFTOP (the booking's expected
   * geocode_precision), although the customer's "Ei…" id is the kind Google mints for an address
   * it built from a street range: set RANGE_INTERPOLATED here to answer as Google may.
   */
  locationTypes: Map<string, string>;
  /** Misbehave on the Routes API only (behave() covers both APIs); reset() clears it too. */
  behaveRoutes(behaviour: GoogleBehaviour | 'ok' | null): void;
  /** The env that points Handoff's Google geocoder and router here. */
  env(): Record<string, string>;
}

export async function startGoogleStub(opts: { apiKey?: string } = {}): Promise<GoogleStub> {
  const apiKey = opts.apiKey ?? 'stub-google-key';
  const locationTypes = new Map<string, string>(REFERENCE_PLACES.map((p) => [p.google_place_id, 'ROOFTOP']));
  let routesBehaviour: GoogleBehaviour | 'ok' | null = null;
  const stub = await startGeoStub<GoogleBehaviour>((req, b) => {
    if (req.path === '/maps/api/geocode/json') return googleGeocode(req, b, apiKey, locationTypes);
    if (req.path === '/directions/v2:computeRoutes' && req.method === 'POST') return googleRoutes(req, routesBehaviour ?? b, apiKey);
    return { status: 404, body: { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } } };
  });
  return {
    ...stub,
    apiKey,
    locationTypes,
    behaveRoutes(b) {
      routesBehaviour = b;
    },
    reset() {
      routesBehaviour = null;
      stub.reset();
    },
    env: () => ({ GOOGLE_MAPS_API_KEY: apiKey, GOOGLE_MAPS_API_URL: stub.url, GOOGLE_ROUTES_API_URL: stub.url }),
  };
}

const geocodeStatus = (status: string, error_message?: string): StubAnswer => ({
  status: 200,
  body: { ...(error_message ? { error_message } : {}), results: [], status },
});

function googleGeocode(req: RecordedRequest, b: GoogleBehaviour | 'ok', apiKey: string, types: Map<string, string>): StubAnswer {
  if (req.query.key !== apiKey) return geocodeStatus('REQUEST_DENIED', 'The provided API key is invalid. ');
  switch (b) {
    case 'zero_results':
      return geocodeStatus('ZERO_RESULTS');
    case 'over_query_limit':
      return geocodeStatus('OVER_QUERY_LIMIT', 'You have exceeded your rate-limit for this API.');
    case 'request_denied':
      return geocodeStatus('REQUEST_DENIED', 'This API project is not authorized to use this API.');
    case 'invalid_request':
      return geocodeStatus('INVALID_REQUEST', "Invalid request. Missing the 'address', 'components', 'latlng' or 'place_id' parameter.");
    case 'unknown_error':
      return geocodeStatus('UNKNOWN_ERROR');
    case 'http_500':
      return { status: 500, body: undefined, raw: '<html><body><h1>500. That’s an error.</h1></body></html>' };
  }
  const { address, place_id } = req.query;
  if (place_id !== undefined) {
    const p = REFERENCE_PLACES.find((r) => r.google_place_id === place_id);
    if (p) return { status: 200, body: { results: [googleResult(p, types.get(p.google_place_id) ?? 'ROOFTOP')], status: 'OK' } };
    if (/^[A-Za-z0-9_-]{20,}$/.test(place_id)) return geocodeStatus('NOT_FOUND');
    return geocodeStatus('INVALID_REQUEST', "Invalid request. Invalid 'place_id' parameter.");
  }
  if (!address) return geocodeStatus('INVALID_REQUEST', "Invalid request. Missing the 'address', 'components', 'latlng' or 'place_id' parameter.");
  const p = REFERENCE_PLACES.find((r) => namesPlace(r, address) && address.includes(r.zip));
  if (!p) return geocodeStatus('ZERO_RESULTS');
  const result = googleResult(p, types.get(p.google_place_id) ?? 'ROOFTOP');
  if (b === 'mismatch') {
    result.geometry.location = { lat: WRONG_RICHMOND.lat, lng: WRONG_RICHMOND.lon };
    result.place_id = 'ChIJf1G3a1p3hYARwrongRichmondCA';
    result.formatted_address = result.formatted_address.replace(/VA \d{5}/, 'CA 94804');
  }
  return { status: 200, body: { results: [result], status: 'OK' } };
}

/** A Geocoding API result as Google writes one for a US street address. */
function googleResult(p: ReferencePlace, locationType: string) {
  const [number, ...street] = p.address_one.split(' ');
  const route = street.join(' ');
  const longRoute = route.replace(/^S /, 'South ').replace(/ St$/, ' Street');
  const d = 0.0013;
  return {
    address_components: [
      { long_name: number!, short_name: number!, types: ['street_number'] },
      { long_name: longRoute, short_name: route, types: ['route'] },
      { long_name: p.city, short_name: p.city, types: ['locality', 'political'] },
      { long_name: 'Virginia', short_name: p.state, types: ['administrative_area_level_1', 'political'] },
      { long_name: 'United States', short_name: 'US', types: ['country', 'political'] },
      { long_name: p.zip, short_name: p.zip, types: ['postal_code'] },
    ],
    formatted_address: p.full_address,
    geometry: {
      location: { lat: p.lat, lng: p.lon },
      location_type: locationType,
      viewport: {
        northeast: { lat: p.lat + d, lng: p.lon + d },
        southwest: { lat: p.lat - d, lng: p.lon - d },
      },
    },
    place_id: p.google_place_id,
    types: ['street_address'],
  };
}

const googleError = (code: number, status: string, message: string): StubAnswer => ({
  status: code,
  body: { error: { code, message, status } },
});

function googleRoutes(req: RecordedRequest, b: GoogleBehaviour | 'ok', apiKey: string): StubAnswer {
  if (req.headers['x-goog-api-key'] !== apiKey) return googleError(403, 'PERMISSION_DENIED', 'API key not valid. Please pass a valid API key.');
  const mask = req.headers['x-goog-fieldmask'];
  if (typeof mask !== 'string' || !mask) return googleError(400, 'INVALID_ARGUMENT', 'FieldMask is a required parameter.');
  switch (b) {
    case 'over_query_limit':
      return googleError(429, 'RESOURCE_EXHAUSTED', "Quota exceeded for quota metric 'Compute Routes requests'.");
    case 'request_denied':
      return googleError(403, 'PERMISSION_DENIED', 'Routes API has not been used in project 000000000000 before or it is disabled.');
    case 'invalid_request':
      return googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
    case 'unknown_error':
    case 'http_500':
      return googleError(500, 'INTERNAL', 'Internal error encountered.');
    case 'no_route':
    case 'zero_results':
      return { status: 200, body: {} };
  }
  const body = req.body as {
    origin?: { location?: { latLng?: { latitude?: number; longitude?: number } } };
    destination?: { location?: { latLng?: { latitude?: number; longitude?: number } } };
    departureTime?: string;
  };
  const o = body?.origin?.location?.latLng;
  const d = body?.destination?.location?.latLng;
  if (typeof o?.latitude !== 'number' || typeof o.longitude !== 'number' || typeof d?.latitude !== 'number' || typeof d.longitude !== 'number') {
    return googleError(400, 'INVALID_ARGUMENT', 'Origin and destination must be set.');
  }
  if (body.departureTime !== undefined && !(Date.parse(body.departureTime) > Date.now())) {
    return googleError(400, 'INVALID_ARGUMENT', 'Timestamp must be set to a future time.');
  }
  const r = routeBetween({ lat: o.latitude, lon: o.longitude }, { lat: d.latitude, lon: d.longitude });
  const meters = r === 'reference' ? REFERENCE_ROUTES.google.distanceMeters : r.meters;
  const seconds = r === 'reference' ? REFERENCE_ROUTES.google.durationSeconds : r.seconds;
  const fields = mask.split(',').map((f) => f.trim());
  const route: Record<string, unknown> = {};
  if (fields.includes('*') || fields.includes('routes.distanceMeters')) route.distanceMeters = meters;
  if (fields.includes('*') || fields.includes('routes.duration')) route.duration = `${seconds}s`;
  return { status: 200, body: { routes: [route] } };
}

// ── US Census Bureau geocoder ─────────────────────────────────────────────────────────────────────

export type CensusBehaviour = 'no_match' | 'bad_request' | 'http_500' | 'mismatch';

/** Where the Census geocoder's address ranges put the reference places: near, not on, Google's doors. */
export const CENSUS_OFFSET = { lat: -0.00031, lon: 0.00042 };

export async function startCensusStub(): Promise<GeoStub<CensusBehaviour> & { env(): Record<string, string> }> {
  const stub = await startGeoStub<CensusBehaviour>((req, b) => {
    const structured = req.path === '/geocoder/locations/address';
    if (!structured && req.path !== '/geocoder/locations/onelineaddress') {
      return { status: 404, body: undefined, raw: '<html><body>Not Found</body></html>' };
    }
    if (b === 'http_500') return { status: 500, body: undefined, raw: '<html><body><h1>Internal Server Error</h1></body></html>' };
    const street = structured ? req.query.street : req.query.address;
    if (b === 'bad_request' || !street) {
      return { status: 400, body: { errors: ['Street address cannot be empty and cannot exceed 100 characters'], status: '400' } };
    }
    const input = {
      address: structured ? { street, city: req.query.city, state: req.query.state, zip: req.query.zip } : { address: street },
      benchmark: { isDefault: true, benchmarkDescription: 'Public Address Ranges - Current Benchmark', id: '4', benchmarkName: 'Public_AR_Current' },
    };
    const p = b === 'no_match' ? undefined : REFERENCE_PLACES.find((r) => namesPlace(r, street, structured ? req.query.zip : undefined));
    if (!p) return { status: 200, body: { result: { input, addressMatches: [] } } };
    const at = b === 'mismatch' ? WRONG_RICHMOND : { lat: p.lat + CENSUS_OFFSET.lat, lon: p.lon + CENSUS_OFFSET.lon };
    const [number, ...rest] = p.address_one.toUpperCase().split(' ');
    return {
      status: 200,
      body: {
        result: {
          input,
          addressMatches: [
            {
              tigerLine: { side: 'L', tigerLineId: p === REFERENCE_PLACES[0] ? '610498702' : '8626934' },
              coordinates: { x: at.lon, y: at.lat },
              addressComponents: { zip: p.zip, streetName: rest.join(' '), city: p.city.toUpperCase(), state: p.state, fromAddress: number, toAddress: number },
              matchedAddress: `${p.address_one.toUpperCase()}, ${p.city.toUpperCase()}, ${p.state}, ${p.zip}`,
            },
          ],
        },
      },
    };
  });
  return { ...stub, env: () => ({ CENSUS_GEOCODER_URL: stub.url }) };
}

// ── Nominatim (self-hosted OpenStreetMap) ─────────────────────────────────────────────────────────

export type NominatimBehaviour = 'not_found' | 'street_only' | 'postcode_only' | 'bad_request' | 'http_500' | 'mismatch';

export async function startNominatimStub(): Promise<GeoStub<NominatimBehaviour> & { env(): Record<string, string> }> {
  const stub = await startGeoStub<NominatimBehaviour>((req, b) => {
    if (req.path !== '/search' && req.path !== '/search.php') return { status: 404, body: { error: { code: 404, message: 'Not Found' } } };
    if (b === 'http_500') return { status: 500, body: { error: { code: 500, message: 'Internal Server Error' } } };
    if (b === 'bad_request' || (req.query.format && !['xml', 'json', 'jsonv2', 'geojson', 'geocodejson'].includes(req.query.format))) {
      return { status: 400, body: { error: { code: 400, message: "Parameter 'format' must be one of: xml, json, jsonv2, geojson, geocodejson" } } };
    }
    const street = req.query.street ?? req.query.q ?? '';
    const p = b === 'not_found' ? undefined : REFERENCE_PLACES.find((r) => namesPlace(r, street, req.query.postalcode));
    if (!p) return { status: 200, body: [] };
    const at = b === 'mismatch' ? WRONG_RICHMOND : { lat: p.lat + 0.00004, lon: p.lon - 0.00006 };
    const [number, ...rest] = p.address_one.split(' ');
    const kind =
      b === 'street_only'
        ? { category: 'highway', type: 'residential', place_rank: 26, addresstype: 'road', name: rest.join(' ') }
        : b === 'postcode_only'
          ? { category: 'place', type: 'postcode', place_rank: 21, addresstype: 'postcode', name: p.zip }
          : { category: 'place', type: 'house', place_rank: 30, addresstype: 'place', name: '' };
    return {
      status: 200,
      body: [
        {
          place_id: 301_744_590,
          licence: 'Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright',
          osm_type: 'node',
          osm_id: 9_876_543_210,
          lat: at.lat.toFixed(7),
          lon: at.lon.toFixed(7),
          ...kind,
          importance: 0.00000999999999995449,
          display_name: `${number}, ${rest.join(' ')}, ${p.city}, Virginia, ${p.zip}, United States`,
          boundingbox: [(at.lat - 0.00005).toFixed(7), (at.lat + 0.00005).toFixed(7), (at.lon - 0.00005).toFixed(7), (at.lon + 0.00005).toFixed(7)],
        },
      ],
    };
  });
  return { ...stub, env: () => ({ NOMINATIM_URL: stub.url }) };
}

export * from './route-stubs.ts';
