// The CLI's shift commands: flags parsed here into the body of POST /v1/ops/drivers/:id/shifts.
import { parseArgs } from 'node:util';
import { addShiftsFromFlags } from '../modules/scheduling/shifts/shift-cli.ts';
import { type Action, INTEGER_ID, splitList, UsageError } from './kit.ts';

/**
 * `shift add --driver ID --starts-at ISO --ends-at ISO [--region ID]`, or a weekly pattern:
 * `shift add --driver ID --days mon,tue --start 08:00 --end 17:00 --from DATE --to DATE [--region ID] [--timezone ZONE]`.
 */
export function shiftAdd(args: string[]): Action {
  const text = { type: 'string' } as const;
  const { values: v } = parseArgs({
    args,
    strict: true,
    options: { driver: text, 'starts-at': text, 'ends-at': text, region: text, days: text, start: text, end: text, from: text, to: text, timezone: text },
  });
  if (v.driver === undefined || !INTEGER_ID.test(v.driver)) throw new UsageError('shift add needs --driver DRIVER_ID');
  const driverId = Number(v.driver);
  const patternFlags = [v.days, v.start, v.end, v.from, v.to].some((f) => f !== undefined);
  if (patternFlags && (v['starts-at'] !== undefined || v['ends-at'] !== undefined)) {
    throw new UsageError('shift add takes either --starts-at and --ends-at, or --days, --start, --end, --from and --to');
  }
  // A malformed --region goes into the body as given, so the reader reports it with the rest.
  const region = v.region === undefined ? {} : { region_id: INTEGER_ID.test(v.region) ? Number(v.region) : v.region };
  const body: Record<string, unknown> = patternFlags
    ? { ...region, timezone: v.timezone, pattern: { days: splitList(v.days), start: v.start, end: v.end, from: v.from, to: v.to } }
    : { ...region, starts_at: v['starts-at'], ends_at: v['ends-at'] };
  return ({ db }) => addShiftsFromFlags(db, driverId, body);
}
