// Every environment variable Handoff reads, in the order of README's configuration table, which is
// generated from this one (`npm run docs:config`; test/unit/config-readme.test.ts fails on drift).
// loadConfig (config.ts) turns the values into the typed Config. Order matters only where a default
// is made from variables above it (PUBLIC_URL from HOST and PORT).
import { DEFAULT_PROVIDER_TIMEOUT_MS } from '../lib/provider-http.ts';
import { DEFAULT_SPEED_BANDS, DEFAULT_SQLITE_PATH, parseDatabaseUrl, parseSpeedBands } from './formats.ts';
import { BILLING_VARIABLES } from './billing-variables.ts';
import { PORTAL_VARIABLES } from './portal-variables.ts';
import { PORTAL_WEB_VARIABLES } from './portal-web-variables.ts';
import { PHOTO_VARIABLES } from './photo-variables.ts';
import { SCHEDULING_VARIABLES } from './scheduling-variables.ts';
import {
  decimal,
  duration,
  flag,
  formatted,
  integer,
  oneOf,
  positive,
  text,
  type VariableTable,
} from './variable.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** The same lists as GEOCODER_KINDS and ROUTER_KINDS of the clients (deps.ts hands these values to them). */
export const GEOCODER_KINDS = ['zip', 'google', 'census', 'nominatim'] as const;
export const ROUTER_KINDS = ['straight-line', 'osrm', 'google', 'valhalla'] as const;
const RETENTION = '(positive, fractions allowed)';

/** "http://127.0.0.1:8080", or localhost when listening on every address. */
const localUrl = (host: string, port: number) => `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;

/** An absolute http(s) URL, without a trailing slash. */
function baseUrl(given: string): string | null {
  try {
    const { protocol } = new URL(given);
    return protocol === 'http:' || protocol === 'https:' ? given.replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}

const databaseUrl = (url: string) => {
  const database = parseDatabaseUrl(url);
  return database && { url, database };
};

export const VARIABLES = {
  DATABASE_URL: {
    default: `sqlite:${DEFAULT_SQLITE_PATH}`,
    meaning: '`sqlite:<path>` or `postgres://user@host:5432/db`',
    ...formatted(databaseUrl, '"sqlite:<path>" or "postgres://…"'),
  },
  PORT: { default: '8080', meaning: 'HTTP port', ...integer({ min: 0, max: 65535 }) },
  HOST: { default: '127.0.0.1', meaning: 'listen address (`0.0.0.0` for all)', ...text() },
  PUBLIC_URL: {
    default: (earlier) => localUrl(String(earlier.HOST), Number(earlier.PORT)),
    shownDefault: '`http://HOST:PORT`',
    meaning: 'base of every URI in responses (`move_uri`, `lane_uri`, `doc_url`)',
    ...formatted(baseUrl, 'an absolute http(s) URL'),
  },
  AUTH_SECRET: {
    default: null,
    shownDefault: 'generated, kept in the database',
    meaning: 'token signing secret (≥ 32 characters)',
    ...text({
      accept: (secret) => secret.length >= 32,
      allowed: 'at least 32 characters (or unset, to keep a generated one in the database)',
    }),
    secret: true,
  },
  TOKEN_TTL_SECONDS: { default: '3600', meaning: 'bearer token lifetime', ...integer({ min: 60 }) },
  BODY_LIMIT_BYTES: { default: '65536', meaning: 'request body limit (→ 413)', ...integer({ min: 1024 }) },
  LOG_LEVEL: { default: 'info', meaning: 'pino level; logs are JSON with the request id', ...oneOf(LOG_LEVELS) },
  ROUTE_CIRCUITY: {
    default: '1.3',
    meaning: 'road miles per straight-line mile (offline route estimator)',
    ...decimal((n) => n >= 1 && n <= 3, 'a number from 1 to 3'),
  },
  ROUTE_SPEED_BANDS: {
    default: DEFAULT_SPEED_BANDS,
    meaning: '`<up to road miles>:<mph>` bands; calibrated so 23236 → 23220 is the reference 23 minutes',
    ...formatted(
      parseSpeedBands,
      'comma-separated "<upto miles>:<mph>" bands in increasing order ending with "*:<mph>"',
    ),
  },
  MAX_DRIVE_MILES: { default: '250', meaning: 'longer drives are `outside_region`', ...positive() },
  SERVICE_RADIUS_MILES: {
    default: '150',
    meaning: 'a move with both ends farther than this from the rooftop is `outside_region`',
    ...positive(),
  },
  GEOCODER: {
    default: 'zip',
    meaning:
      'where addresses are placed: `zip` (offline ZIP centre), `google`, `census` or `nominatim`; see "Production geocoding and routing"',
    ...oneOf(GEOCODER_KINDS),
  },
  GEOCODER_TIMEOUT_MS: {
    default: String(DEFAULT_PROVIDER_TIMEOUT_MS),
    meaning: 'how long a geocoder may take before the address goes to its ZIP centre (with a warning)',
    ...integer({ min: 1, max: 60_000 }),
  },
  GOOGLE_MAPS_API_KEY: {
    default: null,
    shownDefault: 'unset',
    meaning:
      'Google Maps Platform key (Geocoding API for `GEOCODER=google` and `google_place_id` locations, Routes API for `ROUTER=google`)',
    ...text(),
    secret: true,
  },
  GOOGLE_MAPS_API_URL: {
    default: 'https://maps.googleapis.com',
    meaning: "the Geocoding API's base (the tests use a loopback stub)",
    ...formatted(baseUrl, 'an absolute http(s) URL'),
  },
  CENSUS_GEOCODER_URL: {
    default: 'https://geocoding.geo.census.gov',
    meaning: "the US Census Bureau geocoder's base",
    ...formatted(baseUrl, 'an absolute http(s) URL'),
  },
  CENSUS_GEOCODER_BENCHMARK: {
    default: 'Public_AR_Current',
    meaning: "the Census geocoder's address-range benchmark",
    ...text(),
  },
  NOMINATIM_URL: {
    default: null,
    shownDefault: 'unset',
    meaning: 'your own Nominatim server, e.g. `http://nominatim.internal:8080` (needed for `GEOCODER=nominatim`)',
    ...formatted(baseUrl, 'an absolute http(s) URL'),
  },
  NOMINATIM_USER_AGENT: {
    default: null,
    shownDefault: "Handoff's",
    meaning: 'the User-Agent sent to Nominatim',
    ...text(),
  },
  ROUTER: {
    default: 'straight-line',
    meaning: 'how drives are estimated: `straight-line` (offline), `osrm`, `google` or `valhalla`',
    ...oneOf(ROUTER_KINDS),
  },
  ROUTER_TIMEOUT_MS: {
    default: String(DEFAULT_PROVIDER_TIMEOUT_MS),
    meaning: 'how long a router may take before the drive gets the straight-line estimate (with a warning)',
    ...integer({ min: 1, max: 60_000 }),
  },
  OSRM_URL: {
    default: null,
    shownDefault: 'unset',
    meaning: 'your own OSRM server, e.g. `http://osrm.internal:5000` (needed for `ROUTER=osrm`)',
    ...formatted(baseUrl, 'an absolute http(s) URL'),
  },
  OSRM_PROFILE: {
    default: 'driving',
    meaning: "the profile in OSRM's route path (`osrm-routed` answers for the dataset it was started with)",
    ...text({ accept: (p) => /^[A-Za-z0-9_-]+$/.test(p), allowed: 'letters, digits, "-" or "_"' }),
  },
  GOOGLE_ROUTES_API_URL: {
    default: 'https://routes.googleapis.com',
    meaning: "the Routes API's base (the tests use a loopback stub)",
    ...formatted(baseUrl, 'an absolute http(s) URL'),
  },
  VALHALLA_URL: {
    default: null,
    shownDefault: 'unset',
    meaning: 'your own Valhalla server, e.g. `http://valhalla.internal:8002` (needed for `ROUTER=valhalla`)',
    ...formatted(baseUrl, 'an absolute http(s) URL'),
  },
  IDEMPOTENCY_WAIT_MS: {
    default: '10000',
    meaning: 'how long a repeated `Idempotency-Key` waits for the first request before 409 `idempotency_in_progress`',
    ...integer({ min: 0 }),
  },
  IDEMPOTENCY_MAX_STORED_BYTES: {
    default: '65536',
    meaning: 'larger `Idempotency-Key` answers are not stored (the key keeps their status only)',
    ...integer({ min: 1024 }),
  },
  CANCEL_DECISION_DELAY_MS: {
    default: '60000',
    meaning: 'how long a cancelation stays `pending` before the rule decides it',
    ...integer({ min: 0 }),
  },
  RATE_LIMIT_PER_MINUTE: {
    default: '3000',
    meaning: 'requests per client per minute (per process), `0` = no limit',
    ...integer({ min: 0, note: '0 = no limit' }),
  },
  RATE_LIMIT_BURST: {
    default: '200',
    meaning: 'requests a client may send at once before the per-minute rate applies',
    ...integer({ min: 1 }),
  },
  // A tracking page polls 20 times a minute.
  RATE_LIMIT_ADDRESS_PER_MINUTE: {
    default: '600',
    meaning: '`RATE_LIMIT_PER_MINUTE` per remote address, on the endpoints that take no token; `0` = no limit',
    ...integer({ min: 0, note: '0 = no limit' }),
  },
  RATE_LIMIT_ADDRESS_BURST: {
    default: '60',
    meaning: '`RATE_LIMIT_BURST` per remote address, on the endpoints that take no token',
    ...integer({ min: 1 }),
  },
  RETENTION_JOBS_DAYS: { default: '30', meaning: `how long finished jobs are kept ${RETENTION}`, ...duration('days') },
  RETENTION_WEBHOOK_DELIVERIES_DAYS: {
    default: '30',
    meaning: `how long webhook delivery attempts are kept ${RETENTION}`,
    ...duration('days'),
  },
  RETENTION_DRIVER_POSITIONS_DAYS: {
    default: '30',
    meaning: `how long drivers' last positions are kept ${RETENTION}`,
    ...duration('days'),
  },
  RETENTION_EVENTS_DAYS: {
    default: '90',
    meaning: `how long events are kept, the catch-up window of \`GET /v1/events\` ${RETENTION}`,
    ...duration('days'),
  },
  JOB_CONCURRENCY: { default: '16', meaning: 'jobs a worker process runs at once', ...integer({ min: 1 }) },
  WEBHOOK_CONCURRENCY: {
    default: '8',
    meaning: "webhook deliveries among a worker process's `JOB_CONCURRENCY`",
    ...integer({ min: 1 }),
  },
  WEBHOOK_HOST_CONCURRENCY: {
    default: '4',
    meaning: 'webhook deliveries to one target host at once, per worker process (N workers may send a host N × this)',
    ...integer({ min: 1 }),
  },
  JOB_ROOFTOP_SHARE: {
    default: '0.5',
    meaning: "the fraction of each kind's slots one rooftop may hold",
    ...decimal((n) => n > 0 && n <= 1, 'a number above 0 and at most 1'),
  },
  RETENTION_IDEMPOTENCY_HOURS: {
    default: '24',
    meaning: 'how long an `Idempotency-Key` answer is replayed and kept',
    ...duration('hours'),
  },
  RETENTION_PURGE_INTERVAL_MINUTES: { default: '60', meaning: 'how often the purge runs', ...duration('minutes') },
  RETENTION_PURGE_BATCH_SIZE: {
    default: '500',
    meaning: 'rows per delete statement (each its own short transaction)',
    ...integer({ min: 1, max: 10_000 }),
  },
  HEAP_GROWING_PERCENT: {
    default: '50',
    meaning:
      "how much V8 lets the heap grow between full collections, in percent (`0` = V8's own, up to 4×); keeps a busy server near 220 MB instead of 320–370 MB, see BENCHMARKS.md",
    ...integer({ min: 0, max: 300, note: '0 = V8 decides' }),
  },
  SANDBOX: { default: '0', meaning: '`1`: sandbox mode, `POST /v1/mock/:moveId` exists', ...flag() },
  WEBHOOK_ALLOW_INSECURE_LOOPBACK: {
    default: '0',
    meaning: '`1`: webhooks may go to loopback addresses, over http too (development, tests)',
    ...flag(),
  },
  SMS_PROVIDER: {
    default: null,
    shownDefault: '`log`, or `twilio` when the three settings below are given',
    meaning: 'who sends customer texts: `log` (stored and logged only) or `twilio`; see "Customer texts"',
    ...oneOf(['log', 'twilio'], '"log" or "twilio"'),
  },
  TWILIO_ACCOUNT_SID: { default: null, shownDefault: 'unset', meaning: 'Twilio account (see "Customer texts")', ...text() },
  TWILIO_AUTH_TOKEN: {
    default: null,
    shownDefault: 'unset',
    meaning: 'Twilio auth token: signs API calls, checks inbound texts',
    ...text(),
    secret: true,
  },
  TWILIO_FROM: {
    default: null,
    shownDefault: 'unset',
    meaning: 'the number texts come from, or a Messaging Service SID `MG…`',
    ...text(),
  },
  TWILIO_API_BASE_URL: {
    default: null,
    shownDefault: "Twilio's",
    meaning: 'another Twilio API base (the tests use a loopback stub)',
    ...text(),
  },
  TRACKING_EXPIRY_HOURS: {
    default: '24',
    meaning: 'how long a tracking link keeps working after its trip was delivered or canceled (then 410)',
    ...positive(),
  },
  // Inspection photos (spec §10.3): a table of their own, to keep this file readable in one sitting.
  ...PHOTO_VARIABLES,
  ...SCHEDULING_VARIABLES,
  ...BILLING_VARIABLES,
  ...PORTAL_VARIABLES,
  ...PORTAL_WEB_VARIABLES,
} satisfies VariableTable;
