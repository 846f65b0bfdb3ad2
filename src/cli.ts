// The admin CLI (`handoff`, the package's bin). Made for scripts: stdout carries exactly one JSON
// object per run, errors are one JSON object on stderr. It reads DATABASE_URL through the same
// loadConfig as the server and migrates first, so it can be the first thing run on a new install.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import type { Executor } from './db/executor.ts';
import { migrate } from './db/migrate.ts';
import { systemClock } from './lib/clock.ts';
import { ApiError } from './lib/errors.ts';
import { cryptoIds } from './lib/ids.ts';
import { findClient, revokeClient } from './modules/clients/clients.repository.ts';
import { createClient } from './modules/clients/create-client.ts';
import { createDriver } from './modules/drivers/create-driver.ts';
import { rerouteLanes } from './modules/lanes/lane-reroute.ts';
import { StraightLineEstimator } from './modules/lanes/route-estimator.ts';
import { createRouter } from './modules/lanes/routers/index.ts';
import { zipDirectory } from './modules/locations/zip-directory.ts';
import { createRooftop } from './modules/rooftops/create-rooftop.ts';
import { findRooftop } from './modules/rooftops/rooftops.repository.ts';
import { addSetFromFile, editSetFromFile, listSets } from './modules/workflows/sets/workflow-set-cli.ts';

export const USAGE = `usage: handoff <command> [options]

commands:
  rooftop add --name NAME --address-one STREET [--address-two UNIT] --city CITY --state ST --zip ZIP
              [--timezone IANA_ZONE] [--hours WEEKLY_HOURS_JSON] [--holidays YYYY-MM-DD,...]
  client add --rooftop ID[,ID...] [--role dealer|dealer_admin|ops]   (default role: dealer)
  client add --role ops --all-rooftops
              an operator-wide dispatch desk: every rooftop's moves, present and future, and the
              only client that may add or change drivers (an ops client with --rooftop may not)
  client revoke CLIENT_ID
  driver add --name NAME --phone US_PHONE [--manual]   (--manual: may drive manual transmissions)
              prints the driver_id and the driver app's client_id and client_secret (shown once)
  lanes reroute [--rooftop ID]
              re-estimates the stored lanes (of one rooftop) with the configured ROUTER, e.g. after
              changing it; bookings already made keep their ready-by
  workflowset add --rooftop ID --file SET_JSON [--default]
              creates a workflow set from a file holding the body of POST /v1/ops/workflow-sets
              (--rooftop and --default stand for its rooftop and is_default); prints the set
  workflowset list [--rooftop ID]
              the built-in set and the sets of the rooftop (default: of every rooftop)
  workflowset edit SET_ID --file CHANGES_JSON
              changes a set like PATCH /v1/ops/workflow-sets/:id (a workflow sent replaces the
              stored one); moves already booked keep the steps they were booked with
  migrate
  serve        run the HTTP API only (no jobs)          — logs JSON lines until SIGTERM
  worker       run the durable jobs only (no HTTP)      — logs JSON lines until SIGTERM

The database is DATABASE_URL (sqlite:<path> or postgres://...; default sqlite:./data/handoff.sqlite),
migrated before every command. Output: one JSON object on stdout. Errors: one JSON object
{"error", "problems"} on stderr and exit status 1; usage errors exit with status 2.
`;

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A parsed command, run once the database is open and migrated. */
type Action = (ctx: { db: Executor; migrated: string[]; config: Config }) => Promise<object>;

class UsageError extends Error {}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return usage(null);
  let action: Action;
  try {
    action = parseCommand(argv);
  } catch (e) {
    if (e instanceof UsageError || isParseArgsError(e)) return usage((e as Error).message);
    throw e;
  }

  try {
    const config = loadConfig(env);
    const database = openDatabase(config.database);
    try {
      const migrated = await migrate(database);
      const output = await action({ db: database.db, migrated, config });
      return { exitCode: 0, stdout: `${JSON.stringify(output)}\n`, stderr: '' };
    } finally {
      // The work is committed by now; a failing disconnect must not turn it into a reported error.
      await database.close().catch(() => {});
    }
  } catch (e) {
    return { exitCode: 1, stdout: '', stderr: `${JSON.stringify(errorBody(e))}\n` };
  }
}

function parseCommand(argv: string[]): Action {
  const [group, ...rest] = argv;
  const [verb, ...args] = rest;
  if (group === 'migrate') {
    parseArgs({ args: rest, options: {}, strict: true });
    return async ({ migrated }) => ({ migrated });
  }
  if (group === 'rooftop' && verb === 'add') return rooftopAdd(args);
  if (group === 'client' && verb === 'add') return clientAdd(args);
  if (group === 'client' && verb === 'revoke') return clientRevoke(args);
  if (group === 'driver' && verb === 'add') return driverAdd(args);
  if (group === 'lanes' && verb === 'reroute') return lanesReroute(args);
  if (group === 'workflowset' && verb === 'add') return workflowSetAdd(args);
  if (group === 'workflowset' && verb === 'list') return workflowSetList(args);
  if (group === 'workflowset' && verb === 'edit') return workflowSetEdit(args);
  throw new UsageError(`unknown command "${argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}"`);
}

function rooftopAdd(args: string[]): Action {
  const text = { type: 'string' } as const;
  const { values: v } = parseArgs({
    args,
    strict: true,
    options: {
      name: text,
      'address-one': text,
      'address-two': text,
      city: text,
      state: text,
      zip: text,
      timezone: text,
      hours: text,
      holidays: text,
    },
  });
  // Missing required flags become '' so createRooftop reports them all together, with the rest.
  const input = {
    name: v.name ?? '',
    address_one: v['address-one'] ?? '',
    address_two: v['address-two'],
    city: v.city ?? '',
    state: v.state ?? '',
    zip: v.zip ?? '',
    timezone: v.timezone,
    hours: v.hours,
    holidays: splitList(v.holidays),
  };
  return async ({ db }) => ({
    rooftop_id: await createRooftop(db, input, { zips: zipDirectory(), clock: systemClock }),
  });
}

function clientAdd(args: string[]): Action {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      rooftop: { type: 'string' },
      role: { type: 'string', default: 'dealer' },
      'all-rooftops': { type: 'boolean', default: false },
    },
  });
  const allRooftops = values['all-rooftops'];
  if (allRooftops && values.rooftop !== undefined) {
    throw new UsageError('--all-rooftops and --rooftop exclude each other: an all-rooftops desk is for every rooftop');
  }
  if (allRooftops && values.role !== 'ops') {
    throw new UsageError(`--all-rooftops is for --role ops only (got role "${values.role}")`);
  }
  // Anything but digits becomes NaN, which createClient reports as a malformed rooftop id.
  const rooftopIds = splitList(values.rooftop).map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
  return ({ db }) => createClient(db, { role: values.role, rooftopIds, allRooftops }, { ids: cryptoIds, clock: systemClock });
}

function clientRevoke(args: string[]): Action {
  const { positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: {} });
  const [clientId] = positionals;
  if (clientId === undefined || positionals.length > 1) throw new UsageError('client revoke takes exactly one CLIENT_ID');
  return async ({ db }) => {
    if (await revokeClient(db, clientId, systemClock.now())) return { client_id: clientId, revoked: true };
    const client = await findClient(db, clientId);
    throw ApiError.fromProblems([
      client
        ? { code: 'field_invalid', field: 'client_id', message: `client ${clientId} is already revoked` }
        : { code: 'not_found', field: 'client_id', message: `client ${clientId} does not exist` },
    ]);
  };
}

function driverAdd(args: string[]): Action {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { name: { type: 'string' }, phone: { type: 'string' }, manual: { type: 'boolean', default: false } },
  });
  // Missing flags become '' so createDriver reports them all together, with the rest.
  const input = { name: values.name ?? '', phone: values.phone ?? '', canDriveManual: values.manual };
  return ({ db }) => createDriver(db, input, { ids: cryptoIds, clock: systemClock });
}

function lanesReroute(args: string[]): Action {
  const { values } = parseArgs({ args, strict: true, options: { rooftop: { type: 'string' } } });
  if (values.rooftop !== undefined && !/^[1-9]\d{0,14}$/.test(values.rooftop)) throw new UsageError('--rooftop takes one rooftop id');
  const rooftopId = values.rooftop === undefined ? null : Number(values.rooftop);
  return async ({ db, config }) => {
    if (rooftopId !== null && !(await findRooftop(db, rooftopId))) {
      throw ApiError.fromProblems([{ code: 'not_found', field: 'rooftop', message: `rooftop ${rooftopId} does not exist` }]);
    }
    const router = createRouter(config.router, { fallback: new StraightLineEstimator(config.routing) });
    return rerouteLanes(db, router, { rooftopId });
  };
}

const INTEGER_ID = /^[1-9]\d{0,14}$/;

function workflowSetAdd(args: string[]): Action {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { rooftop: { type: 'string' }, file: { type: 'string' }, default: { type: 'boolean', default: false } },
  });
  if (values.file === undefined) throw new UsageError('workflowset add needs --file SET_JSON');
  const file = values.file;
  // A malformed --rooftop goes into the body as given, so the reader reports it with the rest.
  const rooftop = values.rooftop !== undefined && INTEGER_ID.test(values.rooftop) ? Number(values.rooftop) : values.rooftop;
  return ({ db }) => addSetFromFile(db, { file, rooftop, isDefault: values.default });
}

function workflowSetList(args: string[]): Action {
  const { values } = parseArgs({ args, strict: true, options: { rooftop: { type: 'string' } } });
  if (values.rooftop !== undefined && !INTEGER_ID.test(values.rooftop)) throw new UsageError('--rooftop takes one rooftop id');
  const rooftopId = values.rooftop === undefined ? null : Number(values.rooftop);
  return ({ db }) => listSets(db, rooftopId);
}

function workflowSetEdit(args: string[]): Action {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { file: { type: 'string' } } });
  const [id] = positionals;
  if (id === undefined || positionals.length > 1 || !INTEGER_ID.test(id)) throw new UsageError('workflowset edit takes exactly one SET_ID');
  if (values.file === undefined) throw new UsageError('workflowset edit needs --file CHANGES_JSON');
  const file = values.file;
  return ({ db }) => editSetFromFile(db, Number(id), file);
}

/** "a, b,,c" → ["a", "b", "c"]; an absent flag is an empty list. */
function splitList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function usage(message: string | null): CliResult {
  return { exitCode: 2, stdout: '', stderr: `${message ? `handoff: ${message}\n\n` : ''}${USAGE}` };
}

function isParseArgsError(e: unknown): boolean {
  return e instanceof Error && String((e as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS');
}

function errorBody(e: unknown): { error: string; problems: unknown[] } {
  if (e instanceof ApiError) return { error: e.message, problems: e.problems };
  if (e instanceof ConfigError) {
    // Each configuration problem starts with the variable's name, e.g. "DATABASE_URL must be …".
    const problems = e.problems.map((message) => ({
      code: 'field_invalid',
      field: /^[A-Z_]+/.exec(message)?.[0] ?? '',
      message,
    }));
    return { error: problems[0]?.message ?? 'invalid configuration', problems };
  }
  return { error: describe(e), problems: [] };
}

/** A readable message for anything thrown; a refused connection is an AggregateError with no message. */
function describe(e: unknown): string {
  if (e instanceof AggregateError && !e.message) return e.errors.map(describe).join('; ');
  if (e instanceof Error) return e.message || String((e as NodeJS.ErrnoException).code ?? e.name);
  return String(e);
}

/** Writes the result to the real stdout/stderr and returns the exit status (the bin sets it). */
export async function main(argv = process.argv.slice(2), env = process.env): Promise<number> {
  // The long-running commands: they log instead of printing one JSON object.
  if (argv.length === 1 && (argv[0] === 'serve' || argv[0] === 'worker')) {
    // Loaded only here: the admin commands should not pay for the whole HTTP stack.
    const { runProcess } = await import('./processes.ts');
    await runProcess(argv[0], env);
    return 0;
  }
  const result = await runCli(argv, env);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.exitCode;
}

function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = await main();
