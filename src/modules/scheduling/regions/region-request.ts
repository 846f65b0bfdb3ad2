// Reading regions from request bodies, query strings and the CLI (spec §2/§4 rules: strings trimmed,
// an empty required field is field_missing, a wrong type or value field_invalid, every problem
// listed with its dotted path, unknown fields ignored). The area itself: area-request.ts.
import { IANAZone } from 'luxon';
import { readCheckedRooftop } from '../../rooftops/rooftop-choice.ts';
import { type FieldReader, readFields, readFieldsAsync, requireSomeOf } from '../../../lib/validation.ts';
import { readAreaGeometry } from './area-request.ts';
import type { NewRegionFields, RegionChanges, RooftopCheck } from './region-fields.ts';
import type { AreaGeometry } from './region-geometry.ts';

export const REGION_LIMITS = { name: 200, timezone: 100 } as const;
export const PATCHABLE_FIELDS = ['name', 'timezone', 'area'] as const;

const readName = (r: FieldReader) => r.string('name', { required: true, max: REGION_LIMITS.name });

/** An IANA zone in its canonical spelling ("us/eastern" → "America/New_York"). */
function readTimezone(r: FieldReader, required: boolean): string | null | undefined {
  const zone = r.string('timezone', { required, max: REGION_LIMITS.timezone });
  if (zone === null || zone === undefined) return zone;
  if (!IANAZone.isValidZone(zone)) {
    r.invalid('timezone', `${r.at('timezone')} must be an IANA time zone such as "America/New_York" (got "${zone}")`);
    return undefined;
  }
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

function readArea(r: FieldReader): AreaGeometry | undefined {
  const value = r.value.area;
  if (value === undefined || value === null) {
    r.invalid('area', `${r.at('area')} is required: a GeoJSON Polygon or MultiPolygon`, 'field_missing');
    return undefined;
  }
  return readAreaGeometry(value, r.at('area'), r.problems);
}

/** POST /v1/ops/regions and `region add`; throws listing every problem. */
export async function readNewRegion(body: Record<string, unknown>, check: RooftopCheck): Promise<NewRegionFields> {
  const read = await readFieldsAsync(body, async (r) => ({
    rooftopId: await readCheckedRooftop(r, check),
    name: readName(r),
    timezone: readTimezone(r, false),
    area: readArea(r),
  }));
  const { rooftopId, name, timezone, area } = read;
  if (rooftopId === undefined || name === undefined || timezone === undefined || !area) {
    throw new Error('readNewRegion: validation let a missing field through');
  }
  return { rooftopId, name, timezone, area };
}

/**
 * PATCH /v1/ops/regions/:id. Absent means unchanged; none can be cleared (null is field_missing).
 * `rooftop` is not a change: a region stays with its rooftop.
 */
export function readRegionPatch(body: Record<string, unknown>): RegionChanges {
  requireSomeOf(body, PATCHABLE_FIELDS);
  return readFields(body, (r) => {
    const changes: RegionChanges = {};
    if ('name' in body) changes.name = readName(r);
    if ('timezone' in body) changes.timezone = readTimezone(r, true) ?? undefined;
    if ('area' in body) changes.area = readArea(r);
    return changes;
  });
}

