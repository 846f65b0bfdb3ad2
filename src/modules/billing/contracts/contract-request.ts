// Reading contracts from request bodies, query strings and the CLI's files (spec §2/§4 rules:
// strings trimmed, an empty required field is field_missing, a wrong type or value field_invalid,
// every problem listed with its dotted path — mileage_bands.2.distance_start — unknown fields
// ignored). Amounts arrive in dollars with at most two decimals and leave in cents.
import { FieldReader, isPlainObject, readFieldsAsync } from '../../../lib/validation.ts';
import { readCheckedRooftop } from '../../rooftops/rooftop-choice.ts';
import { readAccessorials } from './accessorials-request.ts';
import { BAND_CLASSES, BAND_TYPES, bandSetProblems } from './band-rules.ts';
import { GVWR_CLASSES, type GvwrClass, type MileageBand } from './contract.ts';
import type { ContractChecks, NewContractFields } from './contract-fields.ts';
import { readAmount } from './amount-request.ts';

export const CONTRACT_LIMITS = { bands: 200, distanceMax: 100_000 } as const;

/** POST /v1/ops/contracts and `contract add`; throws listing every problem. */
export async function readNewContract(body: Record<string, unknown>, checks: ContractChecks): Promise<NewContractFields> {
  const read = await readFieldsAsync(body, async (r) => {
    const rooftopId = await readCheckedRooftop(r, checks.rooftop);
    const dates = readDates(r);
    const workflowSetId = r.integer('workflowset_id', { required: false });
    if (workflowSetId !== null && rooftopId !== undefined) {
      const problem = await checks.workflowSet(rooftopId, workflowSetId);
      if (problem !== null) r.invalid('workflowset_id', problem);
    }
    return { rooftopId, dates, workflowSetId, bands: readBands(r, checks.maxDriveMiles), accessorials: readAccessorials(r) };
  });
  const { rooftopId, dates, workflowSetId, bands, accessorials } = read;
  if (rooftopId === undefined || !dates || !bands || !accessorials) {
    throw new Error('readNewContract: validation let a problem through');
  }
  return { rooftopId, beginDate: dates.begin, endDate: dates.end, workflowSetId, bands, accessorials };
}

/** Whether `s` is a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function readDate(r: FieldReader, key: string): string | undefined {
  const s = r.string(key, { required: true });
  if (s === undefined) return undefined;
  if (isCalendarDate(s)) return s;
  r.invalid(key, `${r.at(key)} must be a real date written YYYY-MM-DD, such as "2026-04-01"`);
  return undefined;
}

function readDates(r: FieldReader): { begin: string; end: string } | undefined {
  const begin = readDate(r, 'begin_date');
  const end = readDate(r, 'end_date');
  if (begin === undefined || end === undefined) return undefined;
  // YYYY-MM-DD strings compare as the dates they are.
  if (end < begin) {
    r.invalid('end_date', `end_date (${end}) is before begin_date (${begin}): a contract ends on or after the day it begins`);
    return undefined;
  }
  return { begin, end };
}

/** The band set: each band read, then (when every band's class and distances read) its coverage. */
function readBands(r: FieldReader, maxMiles: number): MileageBand[] | undefined {
  const key = 'mileage_bands';
  const list = r.value[key];
  if (list === undefined || list === null) return void r.invalid(key, `${key} is required`, 'field_missing');
  if (!Array.isArray(list)) return void r.invalid(key, `${key} must be an array of bands`);
  if (list.length === 0 || list.length > CONTRACT_LIMITS.bands) {
    return void r.invalid(key, `${key} must hold 1 to ${CONTRACT_LIMITS.bands} bands`);
  }
  const before = r.problems.list.length;
  const bands = list.map((item, i) => readBand(r, `${key}.${i}`, item));
  // Coverage only when every band's class and distances read: a band missing its distances
  // would otherwise show up again as a gap.
  const placed = bands.filter((b) => b !== undefined);
  if (placed.length === list.length) {
    for (const p of bandSetProblems(placed, maxMiles)) {
      const field = p.index === null ? key : `${key}.${p.index}.${p.key}`;
      r.invalid(field, `${field}: ${p.message}`);
    }
  }
  return r.problems.list.length === before ? placed : undefined;
}

/** One band, or undefined when its class or distances did not read (a bad rate is only a problem of its own). */
function readBand(r: FieldReader, path: string, item: unknown): MileageBand | undefined {
  if (!isPlainObject(item)) return void r.invalid(path, `${r.at(path)} must be an object`);
  const band = new FieldReader(r.problems, item, r.at(path));
  const rate = readAmount(band, 'rate', true);
  const type = band.oneOf('type', BAND_TYPES, { required: true });
  const cls = band.oneOf('class', BAND_CLASSES, { required: true });
  const start = band.number('distance_start', { required: true, min: 0, max: CONTRACT_LIMITS.distanceMax });
  const end = band.number('distance_end', { required: true, min: 0, max: CONTRACT_LIMITS.distanceMax });
  const classRates = readClassRates(band);
  if (cls === undefined || start === undefined || end === undefined) return undefined;
  return { rate: rate ?? 0, type: type ?? 'flat', class: cls, distance_start: start, distance_end: end, class_rates: classRates };
}

function readClassRates(band: FieldReader): MileageBand['class_rates'] {
  const rates: MileageBand['class_rates'] = {};
  const cr = band.object('class_rates', { required: false });
  if (!cr) return rates;
  for (const key of Object.keys(cr.value)) {
    if (!(GVWR_CLASSES as readonly string[]).includes(key)) {
      cr.invalid(key, `${cr.at(key)}: class_rates keys are the GVWR classes "1" to "6"`);
      continue;
    }
    const cents = readAmount(cr, key, true);
    if (typeof cents === 'number') rates[key as GvwrClass] = cents;
  }
  return rates;
}
