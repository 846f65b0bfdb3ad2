// The CLI's region commands: flags parsed here, the work done by the regions module's CLI helpers.
import { parseArgs } from 'node:util';
import { addRegionFromFile, listRegions } from '../modules/scheduling/regions/region-cli.ts';
import { type Action, INTEGER_ID, UsageError } from './kit.ts';

export function regionAdd(args: string[]): Action {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { name: { type: 'string' }, geojson: { type: 'string' }, rooftop: { type: 'string' }, timezone: { type: 'string' } },
  });
  if (values.geojson === undefined) throw new UsageError('region add needs --geojson FILE');
  const geojson = values.geojson;
  // A malformed --rooftop goes into the body as given, so the reader reports it with the rest.
  const rooftop = values.rooftop !== undefined && INTEGER_ID.test(values.rooftop) ? Number(values.rooftop) : values.rooftop;
  const flags = { name: values.name, rooftop, timezone: values.timezone, geojson };
  return ({ db, config }) => addRegionFromFile(db, flags, config.routing.maxDriveMiles);
}

export function regionList(args: string[]): Action {
  const { values } = parseArgs({ args, strict: true, options: { rooftop: { type: 'string' } } });
  if (values.rooftop !== undefined && !INTEGER_ID.test(values.rooftop)) throw new UsageError('--rooftop takes one rooftop id');
  const rooftopId = values.rooftop === undefined ? null : Number(values.rooftop);
  return ({ db, config }) => listRegions(db, rooftopId, config.routing.maxDriveMiles);
}
