// The admin CLI (`handoff`, the package's bin). Made for scripts: stdout carries exactly one JSON
// object per run, errors are one JSON object on stderr. It reads DATABASE_URL through the same
// loadConfig as the server and migrates first, so it can be the first thing run on a new install.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { clientAdd, clientRevoke, driverAdd, lanesReroute, rooftopAdd } from './cli/admin-commands.ts';
import { type Action, UsageError } from './cli/kit.ts';
import { workflowSetAdd, workflowSetEdit, workflowSetList } from './cli/workflow-commands.ts';
import { shiftAdd } from './cli/shift-commands.ts';
import { regionAdd, regionList } from './cli/region-commands.ts';
import { contractAdd, contractList } from './cli/contract-commands.ts';
import { payerAdd, payerList, payerSettings } from './cli/payer-commands.ts';
import { userAdd, userDisable, userList } from './cli/user-commands.ts';
import { ApiError } from './lib/errors.ts';

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
  shift add --driver ID --starts-at ISO --ends-at ISO [--region ID]
  shift add --driver ID --days mon,tue,... --start HH:mm --end HH:mm --from YYYY-MM-DD --to YYYY-MM-DD
            [--region ID] [--timezone IANA_ZONE]
              adds one shift, or a weekly pattern of shifts in the region's time zone (--timezone
              when there is no region; an --end at or before --start is overnight), like POST
              /v1/ops/drivers/:id/shifts; all or nothing; prints the shifts (no --region: every rooftop)
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
  region add --name NAME --geojson FILE --rooftop ID [--timezone IANA_ZONE]
              creates a service region from a GeoJSON Polygon or MultiPolygon (or a Feature or
              FeatureCollection of one) like POST /v1/ops/regions; the rooftop's locations are
              placed in it; prints the region (time zone default: the rooftop's)
  region list [--rooftop ID]
              the regions of the rooftop (default: of every rooftop)
  contract add --rooftop ID --from YYYY-MM-DD --to YYYY-MM-DD --bands FILE [--accessorials FILE]
               [--workflowset ID]
              creates a contract like POST /v1/ops/contracts: --bands holds the mileage_bands array
              (dollars), --accessorials the accessorials object; prints the contract
  contract list [--rooftop ID]
              the contracts of the rooftop (default: of every rooftop)
  payer add --rooftop ID --name NAME
              adds a third-party payer to the rooftop like POST /v1/ops/payers; prints it (its id
              is what a booking sends as third_party_payer)
  payer settings --rooftop ID [--required|--optional] [--default ID|--no-default]
              whether the rooftop's bookings must name a payer, and the payer billed when one names
              none (one of the rooftop's; --no-default: the rooftop itself); prints the setting
  payer list --rooftop ID
              the rooftop's payers and setting, like GET /v1/payers
  user add --email EMAIL --name NAME --role dealer|ops [--rooftop ID ...] [--password-stdin]
              adds a portal user (a dealer: for the --rooftop rooftops; ops: every rooftop) like
              POST /v1/users; prints the user and a generated password, shown once (--password-stdin:
              the password is read from stdin instead, 12 to 200 characters)
  user list    the portal users, like GET /v1/users
  user disable --email EMAIL
              the user can no longer sign in, and its sessions end at once
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
  if (group === 'shift' && verb === 'add') return shiftAdd(args);
  if (group === 'lanes' && verb === 'reroute') return lanesReroute(args);
  if (group === 'workflowset' && verb === 'add') return workflowSetAdd(args);
  if (group === 'workflowset' && verb === 'list') return workflowSetList(args);
  if (group === 'workflowset' && verb === 'edit') return workflowSetEdit(args);
  if (group === 'region' && verb === 'add') return regionAdd(args);
  if (group === 'region' && verb === 'list') return regionList(args);
  if (group === 'contract' && verb === 'add') return contractAdd(args);
  if (group === 'contract' && verb === 'list') return contractList(args);
  if (group === 'payer' && verb === 'add') return payerAdd(args);
  if (group === 'payer' && verb === 'settings') return payerSettings(args);
  if (group === 'payer' && verb === 'list') return payerList(args);
  if (group === 'user' && verb === 'add') return userAdd(args);
  if (group === 'user' && verb === 'list') return userList(args);
  if (group === 'user' && verb === 'disable') return userDisable(args);
  throw new UsageError(`unknown command "${argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}"`);
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
