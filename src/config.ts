// One place that reads the environment. The variables, their defaults and rules are a table
// (config/variables.ts, which also writes README's configuration table); this turns their values into
// the typed Config. Every problem is listed at once so an operator fixes a deployment in one go
// instead of one restart per typo.
import type { DatabaseConfig, SpeedBand } from './config/formats.ts';
import { type Env, readVariables, type ValuesOf } from './config/variable.ts';
import { type GEOCODER_KINDS, type ROUTER_KINDS, VARIABLES } from './config/variables.ts';
import type { PhotoStoreConfig } from './modules/workflows/photo-store/index.ts';
import type { PortalConfig } from './config/portal-variables.ts';

export {
  type DatabaseConfig,
  DEFAULT_SPEED_BANDS,
  DEFAULT_SQLITE_PATH,
  parseDatabaseUrl,
  type SpeedBand,
} from './config/formats.ts';

export interface Config {
  database: DatabaseConfig;
  /** The raw DATABASE_URL, as given or defaulted. */
  databaseUrl: string;
  port: number;
  host: string;
  /** Base of every absolute URI we hand out (move_uri, lane_uri, doc_url), without a trailing slash. */
  publicUrl: string;
  /** Token signing secret; when unset one is generated and kept in the database. */
  authSecret: string | null;
  tokenTtlSeconds: number;
  bodyLimitBytes: number;
  logLevel: string;
  sandbox: boolean;
  /** How long a repeated Idempotency-Key waits for the first request to finish before a 409. */
  idempotencyWaitMs: number;
  /** Idempotency-Key answers larger than this are not stored (the key keeps their status only). */
  idempotencyMaxStoredBytes: number;
  /** How long a cancelation stays pending (the ops desk may decide) before the rule decides it. */
  cancelDecisionDelayMs: number;
  webhooks: {
    /** Allow http:// targets on loopback addresses (development and tests only). */
    allowInsecureLoopback: boolean;
    /** Deliveries one worker process runs at once, and to one target host (host:port) at once. */
    concurrency: number;
    hostConcurrency: number;
  };
  /** The job worker's slots (per process), and the fraction of each kind's slots one rooftop may hold. */
  jobs: { concurrency: number; rooftopShare: number };
  sms: {
    /** log: stored and logged, nothing leaves the machine. twilio: sent through Twilio. */
    provider: 'log' | 'twilio';
    twilio: { accountSid: string; authToken: string; from: string; apiBaseUrl: string | null } | null;
  };
  /** How long a tracking link keeps working after its scenario finished or was canceled. */
  trackingExpiryHours: number;
  /** Per-client request rate: sustained per minute (0 = no limit) and burst. */
  rateLimit: { perMinute: number; burst: number; byAddress: { perMinute: number; burst: number } };
  /** V8's old-generation growth per full collection, in percent (0 = V8's own, up to 300); see processes.ts. */
  heapGrowingPercent: number;
  routing: {
    circuity: number;
    speedBands: SpeedBand[];
    maxDriveMiles: number;
    serviceRadiusMiles: number;
  };
  retention: RetentionConfig;
  geocoder: GeocoderConfig;
  router: RouterConfig;
  /**
   * Inspection photos (spec §10.3): where they are kept and the largest accepted. How long a photo's
   * signed link works is the spec's hour (modules/workflows/records/photo-links.ts), not a setting.
   */
  photos: { store: PhotoStoreConfig; maxBytes: number };
  /** Scheduling (spec §11): a scenario's occupied time, the minimum notice, a hold's life. */
  scheduling: SchedulingConfig;
  /** Money (spec §12.2, §12.3): when charges settle and how often the billing sweep runs. Durations in ms. */
  billing: { settleAfterMs: number; sweepIntervalMs: number };
  /** The portal's sessions (idle and absolute lifetime, ms) and login lockout. */
  portal: PortalConfig;
  /** The portal's front end: the map tile URL template its maps load (null: no tiles, nothing allowed). */
  portalWeb: { tileUrl: string | null };
}

export interface SchedulingConfig {
  handoffBufferMinutes: number;
  pairWaitMinutes: number;
  minNoticeMinutes: number;
  holdSeconds: number;
}

/** PHOTO_STORE and its settings, in the store's own shape (an s3 store has its bucket; its credentials both or neither). */
export type { PhotoStoreConfig } from './modules/workflows/photo-store/index.ts';

/** GEOCODER and its settings (see modules/locations/geocoders). A chosen provider has what it needs. */
export interface GeocoderConfig {
  kind: (typeof GEOCODER_KINDS)[number];
  timeoutMs: number;
  /** Also makes `google_place_id` locations work, whatever the kind. */
  googleApiKey?: string;
  googleUrl: string;
  censusUrl: string;
  censusBenchmark: string;
  nominatimUrl?: string;
  nominatimUserAgent?: string;
}

/** ROUTER and its settings (see modules/lanes/routers). */
export interface RouterConfig {
  kind: (typeof ROUTER_KINDS)[number];
  timeoutMs: number;
  osrmUrl?: string;
  osrmProfile: string;
  googleApiKey?: string;
  googleRoutesUrl: string;
  valhallaUrl?: string;
}

/** How long what only grows is kept, and how the purge job runs (src/modules/retention). Durations in ms. */
export interface RetentionConfig {
  /** Done and failed jobs, counted from when they finished. */
  jobsMs: number;
  /** Webhook delivery attempts (GET /v1/webhooks/:id/deliveries). */
  webhookDeliveriesMs: number;
  /** Idempotency-Key records: also how long a stored answer is replayed. */
  idempotencyMs: number;
  /** A driver's last known position, counted from its report. */
  driverPositionsMs: number;
  /** Events: the catch-up window of GET /v1/events. */
  eventsMs: number;
  /** The purge job runs once per interval. */
  intervalMs: number;
  /** Rows per delete statement: each is its own short transaction. */
  batchSize: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Values = ValuesOf<typeof VARIABLES>;

export function loadConfig(env: Env = process.env): Config {
  const { values, problems, refused } = readVariables(VARIABLES, env);
  // An unreadable SMS_PROVIDER is a problem already: it reads as "log", not as a call for Twilio.
  const sms = readSms(values, refused.has('SMS_PROVIDER'), problems);
  problems.push(...providerProblems(values), ...photoStoreProblems(values));
  if (problems.length) throw new ConfigError(problems);
  return toConfig(values, sms);
}

/** The values, every one accepted, in the shape the code uses. */
function toConfig(v: Values, sms: Config['sms']): Config {
  return {
    database: v.DATABASE_URL.database,
    databaseUrl: v.DATABASE_URL.url,
    port: v.PORT,
    host: v.HOST,
    publicUrl: v.PUBLIC_URL,
    authSecret: v.AUTH_SECRET ?? null,
    tokenTtlSeconds: v.TOKEN_TTL_SECONDS,
    bodyLimitBytes: v.BODY_LIMIT_BYTES,
    logLevel: v.LOG_LEVEL,
    sandbox: v.SANDBOX,
    idempotencyWaitMs: v.IDEMPOTENCY_WAIT_MS,
    idempotencyMaxStoredBytes: v.IDEMPOTENCY_MAX_STORED_BYTES,
    cancelDecisionDelayMs: v.CANCEL_DECISION_DELAY_MS,
    webhooks: {
      allowInsecureLoopback: v.WEBHOOK_ALLOW_INSECURE_LOOPBACK,
      concurrency: v.WEBHOOK_CONCURRENCY,
      hostConcurrency: v.WEBHOOK_HOST_CONCURRENCY,
    },
    jobs: { concurrency: v.JOB_CONCURRENCY, rooftopShare: v.JOB_ROOFTOP_SHARE },
    sms,
    trackingExpiryHours: v.TRACKING_EXPIRY_HOURS,
    rateLimit: {
      perMinute: v.RATE_LIMIT_PER_MINUTE,
      burst: v.RATE_LIMIT_BURST,
      byAddress: { perMinute: v.RATE_LIMIT_ADDRESS_PER_MINUTE, burst: v.RATE_LIMIT_ADDRESS_BURST },
    },
    heapGrowingPercent: v.HEAP_GROWING_PERCENT,
    routing: {
      circuity: v.ROUTE_CIRCUITY,
      speedBands: v.ROUTE_SPEED_BANDS,
      maxDriveMiles: v.MAX_DRIVE_MILES,
      serviceRadiusMiles: v.SERVICE_RADIUS_MILES,
    },
    retention: {
      jobsMs: v.RETENTION_JOBS_DAYS,
      webhookDeliveriesMs: v.RETENTION_WEBHOOK_DELIVERIES_DAYS,
      idempotencyMs: v.RETENTION_IDEMPOTENCY_HOURS,
      driverPositionsMs: v.RETENTION_DRIVER_POSITIONS_DAYS,
      eventsMs: v.RETENTION_EVENTS_DAYS,
      intervalMs: v.RETENTION_PURGE_INTERVAL_MINUTES,
      batchSize: v.RETENTION_PURGE_BATCH_SIZE,
    },
    ...providers(v),
    photos: { store: photoStore(v), maxBytes: v.PHOTO_MAX_BYTES },
    scheduling: {
      handoffBufferMinutes: v.HANDOFF_BUFFER_MINUTES,
      pairWaitMinutes: v.PAIR_WAIT_MINUTES,
      minNoticeMinutes: v.MIN_NOTICE_MINUTES,
      holdSeconds: v.HOLD_SECONDS,
    },
    billing: { settleAfterMs: v.CHARGE_SETTLE_DAYS, sweepIntervalMs: v.BILLING_SWEEP_MINUTES },
    portal: { sessionIdleMs: v.PORTAL_SESSION_IDLE_MINUTES, sessionMaxMs: v.PORTAL_SESSION_MAX_HOURS, lockoutFailures: v.PORTAL_LOCKOUT_FAILURES },
    portalWeb: { tileUrl: v.PORTAL_TILE_URL ?? null },
  };
}

/** Called once photoStoreProblems found none, so an s3 store has its bucket here. */
function photoStore(v: Values): PhotoStoreConfig {
  if (v.PHOTO_STORE === 'local' || v.S3_BUCKET === undefined) return { kind: 'local', dir: v.PHOTO_DIR };
  return {
    kind: 's3',
    s3: {
      endpoint: v.S3_ENDPOINT,
      region: v.S3_REGION,
      bucket: v.S3_BUCKET,
      accessKeyId: v.S3_ACCESS_KEY_ID,
      secretAccessKey: v.S3_SECRET_ACCESS_KEY,
      forcePathStyle: v.S3_FORCE_PATH_STYLE,
      prefix: v.S3_PREFIX,
    },
  };
}

/**
 * PHOTO_STORE=s3 without a bucket, or half an S3 key pair (whatever the store: half a pair is a
 * mistake either way, and the SDK would silently use other credentials). Names only, never values.
 */
function photoStoreProblems(v: Values): string[] {
  const problems: string[] = [];
  if (v.PHOTO_STORE === 's3' && v.S3_BUCKET === undefined) problems.push('PHOTO_STORE=s3 needs S3_BUCKET');
  const keyId = v.S3_ACCESS_KEY_ID !== undefined;
  const secret = v.S3_SECRET_ACCESS_KEY !== undefined;
  if (keyId !== secret) {
    const missing = keyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
    problems.push(`S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (missing: ${missing})`);
  }
  return problems;
}

/** GEOCODER, ROUTER and their settings. */
function providers(v: Values): Pick<Config, 'geocoder' | 'router'> {
  return {
    geocoder: {
      kind: v.GEOCODER,
      timeoutMs: v.GEOCODER_TIMEOUT_MS,
      googleApiKey: v.GOOGLE_MAPS_API_KEY,
      googleUrl: v.GOOGLE_MAPS_API_URL,
      censusUrl: v.CENSUS_GEOCODER_URL,
      censusBenchmark: v.CENSUS_GEOCODER_BENCHMARK,
      nominatimUrl: v.NOMINATIM_URL,
      nominatimUserAgent: v.NOMINATIM_USER_AGENT,
    },
    router: {
      kind: v.ROUTER,
      timeoutMs: v.ROUTER_TIMEOUT_MS,
      osrmUrl: v.OSRM_URL,
      osrmProfile: v.OSRM_PROFILE,
      googleApiKey: v.GOOGLE_MAPS_API_KEY,
      googleRoutesUrl: v.GOOGLE_ROUTES_API_URL,
      valhallaUrl: v.VALHALLA_URL,
    },
  };
}

/** A geocoder or router chosen without the key or server it needs: named, never echoing the key. */
function providerProblems(v: Values): string[] {
  const needs: [boolean, string][] = [
    [v.GEOCODER === 'google' && v.GOOGLE_MAPS_API_KEY === undefined, 'GEOCODER=google needs GOOGLE_MAPS_API_KEY'],
    [v.GEOCODER === 'nominatim' && v.NOMINATIM_URL === undefined, 'GEOCODER=nominatim needs NOMINATIM_URL (your own Nominatim server)'],
    [v.ROUTER === 'osrm' && v.OSRM_URL === undefined, 'ROUTER=osrm needs OSRM_URL'],
    [v.ROUTER === 'google' && v.GOOGLE_MAPS_API_KEY === undefined, 'ROUTER=google needs GOOGLE_MAPS_API_KEY'],
    [v.ROUTER === 'valhalla' && v.VALHALLA_URL === undefined, 'ROUTER=valhalla needs VALHALLA_URL'],
  ];
  return needs.filter(([missing]) => missing).map(([, problem]) => problem);
}

/**
 * SMS: Twilio when its three settings are given (unless SMS_PROVIDER=log), else the log sender.
 * Half a Twilio configuration is an error rather than a silent fall back to not texting anyone.
 */
function readSms(v: Values, providerRefused: boolean, problems: string[]): Config['sms'] {
  const provider = providerRefused ? 'log' : v.SMS_PROVIDER;
  const names = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const;
  const missing = names.filter((name) => v[name] === undefined);
  const wantsTwilio = provider === 'twilio' || (provider === undefined && missing.length < names.length);
  if (!wantsTwilio) return { provider: 'log', twilio: null };
  const [accountSid, authToken, from] = names.map((name) => v[name]);
  if (accountSid === undefined || authToken === undefined || from === undefined) {
    problems.push(`Twilio needs ${names.join(', ')} (missing: ${missing.join(', ')})`);
    return { provider: 'log', twilio: null };
  }
  return { provider: 'twilio', twilio: { accountSid, authToken, from, apiBaseUrl: v.TWILIO_API_BASE_URL ?? null } };
}
