// One place that reads the environment. Every problem is listed at once so an operator fixes
// a deployment in one go instead of one restart per typo.

export type DatabaseConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string };

export interface SpeedBand {
  /** The band applies to road miles up to this cumulative distance. */
  uptoMiles: number;
  mph: number;
}

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

export const DEFAULT_SQLITE_PATH = './data/handoff.sqlite';
export const DEFAULT_SPEED_BANDS = '3:20,15:35,50:50,*:62';

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  const number = (name: string, fallback: number, check: (n: number) => boolean, allowed: string): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || !check(n)) {
      problems.push(`${name} must be ${allowed} (got "${raw}")`);
      return fallback;
    }
    return n;
  };

  const databaseUrl = read('DATABASE_URL') ?? `sqlite:${DEFAULT_SQLITE_PATH}`;
  const database = parseDatabaseUrl(databaseUrl);
  if (!database) {
    problems.push(`DATABASE_URL must be "sqlite:<path>" or "postgres://…" (got "${databaseUrl}")`);
  }

  const port = number('PORT', 8080, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'an integer from 0 to 65535');
  const host = read('HOST') ?? '127.0.0.1';

  let publicUrl = read('PUBLIC_URL') ?? `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    publicUrl = publicUrl.replace(/\/+$/, '');
  } catch {
    problems.push(`PUBLIC_URL must be an absolute http(s) URL (got "${publicUrl}")`);
  }

  const authSecret = read('AUTH_SECRET') ?? null;
  if (authSecret !== null && authSecret.length < 32) {
    problems.push('AUTH_SECRET must be at least 32 characters (or unset, to keep a generated one in the database)');
  }

  const speedBandsRaw = read('ROUTE_SPEED_BANDS') ?? DEFAULT_SPEED_BANDS;
  const speedBands = parseSpeedBands(speedBandsRaw);
  if (!speedBands) {
    problems.push(
      `ROUTE_SPEED_BANDS must be comma-separated "<upto miles>:<mph>" bands in increasing order ending with "*:<mph>" (got "${speedBandsRaw}")`,
    );
  }

  const sandboxRaw = read('SANDBOX') ?? '0';
  if (!['0', '1', 'true', 'false'].includes(sandboxRaw)) problems.push(`SANDBOX must be 0 or 1 (got "${sandboxRaw}")`);

  const config: Config = {
    database: database ?? { kind: 'sqlite', path: DEFAULT_SQLITE_PATH },
    databaseUrl,
    port,
    host,
    publicUrl,
    authSecret,
    tokenTtlSeconds: number('TOKEN_TTL_SECONDS', 3600, (n) => Number.isInteger(n) && n >= 60, 'an integer ≥ 60'),
    bodyLimitBytes: number('BODY_LIMIT_BYTES', 64 * 1024, (n) => Number.isInteger(n) && n >= 1024, 'an integer ≥ 1024'),
    logLevel: read('LOG_LEVEL') ?? 'info',
    sandbox: sandboxRaw === '1' || sandboxRaw === 'true',
    idempotencyWaitMs: number('IDEMPOTENCY_WAIT_MS', 10_000, (n) => Number.isInteger(n) && n >= 0, 'an integer ≥ 0'),
    idempotencyMaxStoredBytes: number(
      'IDEMPOTENCY_MAX_STORED_BYTES',
      64 * 1024,
      (n) => Number.isInteger(n) && n >= 1024,
      'an integer ≥ 1024',
    ),
    cancelDecisionDelayMs: number('CANCEL_DECISION_DELAY_MS', 60_000, (n) => Number.isInteger(n) && n >= 0, 'an integer ≥ 0'),
    webhooks: {
      allowInsecureLoopback: false,
      concurrency: number('WEBHOOK_CONCURRENCY', 8, (n) => Number.isInteger(n) && n >= 1, 'an integer ≥ 1'),
      hostConcurrency: number('WEBHOOK_HOST_CONCURRENCY', 4, (n) => Number.isInteger(n) && n >= 1, 'an integer ≥ 1'),
    },
    jobs: {
      concurrency: number('JOB_CONCURRENCY', 16, (n) => Number.isInteger(n) && n >= 1, 'an integer ≥ 1'),
      rooftopShare: number('JOB_ROOFTOP_SHARE', 0.5, (n) => n > 0 && n <= 1, 'a number above 0 and at most 1'),
    },
    sms: { provider: 'log', twilio: null },
    trackingExpiryHours: number('TRACKING_EXPIRY_HOURS', 24, (n) => n > 0, 'a positive number'),
    rateLimit: {
      perMinute: number('RATE_LIMIT_PER_MINUTE', 3000, (n) => Number.isInteger(n) && n >= 0, 'an integer ≥ 0 (0 = no limit)'),
      burst: number('RATE_LIMIT_BURST', 200, (n) => Number.isInteger(n) && n >= 1, 'an integer ≥ 1'),
      // The unauthenticated endpoints, per remote address: a tracking page polls 20 times a minute.
      byAddress: {
        perMinute: number('RATE_LIMIT_ADDRESS_PER_MINUTE', 600, (n) => Number.isInteger(n) && n >= 0, 'an integer ≥ 0 (0 = no limit)'),
        burst: number('RATE_LIMIT_ADDRESS_BURST', 60, (n) => Number.isInteger(n) && n >= 1, 'an integer ≥ 1'),
      },
    },
    heapGrowingPercent: number(
      'HEAP_GROWING_PERCENT',
      50,
      (n) => Number.isInteger(n) && n >= 0 && n <= 300,
      'an integer from 0 to 300 (0 = V8 decides)',
    ),
    routing: {
      circuity: number('ROUTE_CIRCUITY', 1.3, (n) => n >= 1 && n <= 3, 'a number from 1 to 3'),
      speedBands: speedBands ?? [],
      maxDriveMiles: number('MAX_DRIVE_MILES', 250, (n) => n > 0, 'a positive number'),
      serviceRadiusMiles: number('SERVICE_RADIUS_MILES', 150, (n) => n > 0, 'a positive number'),
    },
    retention: readRetention(number),
  };
  const flag = (name: string): boolean => {
    const raw = read(name) ?? '0';
    if (!['0', '1', 'true', 'false'].includes(raw)) problems.push(`${name} must be 0 or 1 (got "${raw}")`);
    return raw === '1' || raw === 'true';
  };
  config.webhooks.allowInsecureLoopback = flag('WEBHOOK_ALLOW_INSECURE_LOOPBACK');
  config.sms = readSms(read, problems);

  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(config.logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${config.logLevel}")`);
  }

  if (problems.length) throw new ConfigError(problems);
  return config;
}

type NumberReader = (name: string, fallback: number, check: (n: number) => boolean, allowed: string) => number;

/** Horizons may be fractions (RETENTION_EVENTS_DAYS=0.5), so a test or a small disk can keep less. */
function readRetention(number: NumberReader): RetentionConfig {
  const HOUR = 3600_000;
  const DAY = 24 * HOUR;
  // Whole milliseconds: the horizons are compared with epoch-ms columns.
  const positive = (name: string, fallback: number, unitMs: number) =>
    Math.max(1, Math.round(number(name, fallback, (n) => n > 0, 'a positive number') * unitMs));
  return {
    jobsMs: positive('RETENTION_JOBS_DAYS', 30, DAY),
    webhookDeliveriesMs: positive('RETENTION_WEBHOOK_DELIVERIES_DAYS', 30, DAY),
    idempotencyMs: positive('RETENTION_IDEMPOTENCY_HOURS', 24, HOUR),
    driverPositionsMs: positive('RETENTION_DRIVER_POSITIONS_DAYS', 30, DAY),
    eventsMs: positive('RETENTION_EVENTS_DAYS', 90, DAY),
    intervalMs: positive('RETENTION_PURGE_INTERVAL_MINUTES', 60, 60_000),
    batchSize: number(
      'RETENTION_PURGE_BATCH_SIZE',
      500,
      (n) => Number.isInteger(n) && n >= 1 && n <= 10_000,
      'an integer from 1 to 10000',
    ),
  };
}

/**
 * SMS: Twilio when its three settings are given (unless SMS_PROVIDER=log), else the log sender.
 * Half a Twilio configuration is an error rather than a silent fall back to not texting anyone.
 */
function readSms(read: (name: string) => string | undefined, problems: string[]): Config['sms'] {
  const provider = read('SMS_PROVIDER');
  if (provider !== undefined && provider !== 'log' && provider !== 'twilio') {
    problems.push(`SMS_PROVIDER must be "log" or "twilio" (got "${provider}")`);
  }
  const names = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const;
  const [accountSid, authToken, from] = names.map(read);
  const given = names.filter((n) => read(n) !== undefined);
  const wantsTwilio = provider === 'twilio' || (provider === undefined && given.length > 0);
  if (!wantsTwilio) return { provider: 'log', twilio: null };
  if (given.length < names.length) {
    problems.push(`Twilio needs ${names.join(', ')} (missing: ${names.filter((n) => !given.includes(n)).join(', ')})`);
    return { provider: 'log', twilio: null };
  }
  return { provider: 'twilio', twilio: { accountSid: accountSid!, authToken: authToken!, from: from!, apiBaseUrl: read('TWILIO_API_BASE_URL') ?? null } };
}

export function parseDatabaseUrl(url: string): DatabaseConfig | null {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    return path ? { kind: 'sqlite', path } : null;
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
      return { kind: 'postgres', url };
    } catch {
      return null;
    }
  }
  return null;
}

function parseSpeedBands(raw: string): SpeedBand[] | null {
  const bands: SpeedBand[] = [];
  const parts = raw.split(',').map((p) => p.trim());
  for (const [i, part] of parts.entries()) {
    const m = /^(\*|\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(part);
    if (!m) return null;
    const last = i === parts.length - 1;
    if ((m[1] === '*') !== last) return null;
    const upto = m[1] === '*' ? Infinity : Number(m[1]);
    const mph = Number(m[2]);
    if (mph <= 0 || upto <= (bands.at(-1)?.uptoMiles ?? 0)) return null;
    bands.push({ uptoMiles: upto, mph });
  }
  return bands.length ? bands : null;
}
