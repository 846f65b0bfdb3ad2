// Creates a rooftop (a dealership and its service lot) from operator input: the admin CLI and the
// server's first-run demo setup both come through here. The service address is checked exactly
// like a booking location, so a rooftop can never hold an address a booking would refuse.
import { DateTime, IANAZone } from 'luxon';
import type { Executor } from '../../db/executor.ts';
import type { Clock } from '../../lib/clock.ts';
import { FieldReader, Problems } from '../../lib/validation.ts';
import { readLocation } from '../locations/location-request.ts';
import type { ZipDirectory } from '../locations/zip-directory.ts';
import { parseWeeklyHours } from '../scheduling/business-hours.ts';
import { insertRooftop } from './rooftops.repository.ts';

export interface RooftopInput {
  name: string;
  address_one: string;
  address_two?: string | null;
  city: string;
  state: string;
  zip: string;
  /** IANA zone; defaults to the time zone of the ZIP code. */
  timezone?: string | null;
  /** WeeklyHours JSON; absent = the default Mon–Sat 07:00–19:00. */
  hours?: string | null;
  /** Local 'YYYY-MM-DD' dates the service lot is closed. */
  holidays?: readonly string[];
}

/** Validates everything (throwing one ApiError that lists every problem), then inserts. */
export async function createRooftop(
  db: Executor,
  input: RooftopInput,
  deps: { zips: ZipDirectory; clock: Clock },
): Promise<number> {
  const problems = new Problems();
  const { name, address_one, address_two, city, state, zip } = input;
  // readLocation reads a location nested under a key; the empty key has the empty path, so the
  // problems are reported as `zip`, `state`, … — the rooftop's own fields, not `x.zip`.
  const location = readLocation(
    FieldReader.root(problems, { '': { name, address_one, address_two, city, state, zip } }),
    '',
    deps.zips,
  );
  const known = location ? deps.zips.lookup(location.address.zip) : undefined;

  const timezone = readTimezone(problems, input.timezone, known?.timezone);
  const hours = readHours(problems, input.hours);
  const holidays = readHolidays(problems, input.holidays ?? []);

  problems.throwIfAny();
  // Only reachable with a valid location (problems would have been thrown otherwise).
  if (!location || !known || !timezone) throw new Error('createRooftop: validation let an invalid rooftop through');

  return insertRooftop(db, {
    name: location.name,
    ...location.address,
    lat: known.lat,
    lon: known.lon,
    timezone,
    business_hours: hours,
    holidays: JSON.stringify(holidays),
    created_at: deps.clock.now(),
  });
}

const isBlank = (s: string | null | undefined): s is null | undefined => s == null || s.trim() === '';

function readTimezone(problems: Problems, given: string | null | undefined, zipZone: string | null | undefined) {
  if (isBlank(given)) {
    // A ZIP without a zone is rare (a centroid off the boundary data); then the operator must say.
    if (zipZone === null) problems.add('field_missing', 'timezone', 'timezone is required: the ZIP code has no known time zone');
    return zipZone ?? undefined;
  }
  const zone = given.trim();
  if (!IANAZone.isValidZone(zone)) {
    problems.add('field_invalid', 'timezone', `timezone must be an IANA time zone such as "America/New_York" (got "${zone}")`);
    return undefined;
  }
  // Store the canonical spelling ("america/new_york" and "US/Eastern" → "America/New_York").
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

function readHours(problems: Problems, json: string | null | undefined): string | null {
  if (isBlank(json)) return null;
  try {
    // Stored re-serialized, so the row holds exactly the shape the scheduler reads back.
    return JSON.stringify(parseWeeklyHours(json));
  } catch (e) {
    problems.add('field_invalid', 'hours', `hours: ${(e as Error).message}`);
    return null;
  }
}

function readHolidays(problems: Problems, dates: readonly string[]): string[] {
  const valid = new Set<string>();
  for (const raw of dates) {
    const date = raw.trim();
    // fromISO alone would also take "2026-12" or "2026-W52"; the format check keeps it to dates.
    if (/^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date).isValid) valid.add(date);
    else problems.add('field_invalid', 'holidays', `holidays: "${date}" is not a real YYYY-MM-DD date`);
  }
  return [...valid].sort();
}
