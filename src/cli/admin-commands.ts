// The CLI's administration commands: rooftops, API clients, drivers, lanes. Each parses its flags
// and returns the action src/cli.ts runs once the database is open.
import { parseArgs } from 'node:util';
import { systemClock } from '../lib/clock.ts';
import { ApiError } from '../lib/errors.ts';
import { cryptoIds } from '../lib/ids.ts';
import { findClient, revokeClient } from '../modules/clients/clients.repository.ts';
import { createClient } from '../modules/clients/create-client.ts';
import { createDriver } from '../modules/drivers/create-driver.ts';
import { rerouteLanes } from '../modules/lanes/lane-reroute.ts';
import { StraightLineEstimator } from '../modules/lanes/route-estimator.ts';
import { createRouter } from '../modules/lanes/routers/index.ts';
import { zipDirectory } from '../modules/locations/zip-directory.ts';
import { createRooftop } from '../modules/rooftops/create-rooftop.ts';
import { findRooftop } from '../modules/rooftops/rooftops.repository.ts';
import { type Action, splitList, UsageError } from './kit.ts';

export function rooftopAdd(args: string[]): Action {
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

export function clientAdd(args: string[]): Action {
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

export function clientRevoke(args: string[]): Action {
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

export function driverAdd(args: string[]): Action {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { name: { type: 'string' }, phone: { type: 'string' }, manual: { type: 'boolean', default: false } },
  });
  // Missing flags become '' so createDriver reports them all together, with the rest.
  const input = { name: values.name ?? '', phone: values.phone ?? '', canDriveManual: values.manual };
  return ({ db }) => createDriver(db, input, { ids: cryptoIds, clock: systemClock });
}

export function lanesReroute(args: string[]): Action {
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
