// The driver's condition report (PUT /v1/driver/moves/:id/condition/:slot), read like any JSON body
// (spec §4: 400, every problem with its path) before the move is looked up. What fits the shape is
// then applied to the slot's own steps, whose configuration may be narrower (422, data-writes.ts).
import { FieldReader } from '../../../lib/validation.ts';
import { DAMAGE_TYPES, PANELS, SEVERITY } from '../condition/vehicle-panels.ts';
import { VALUE_LIMITS } from '../definitions/step-values.ts';

/** The report's numbers (the built-in steps' ranges; the schema states the same). */
export const REPORT_RANGES = {
  odometer: { min: 0, max: 10_000_000 },
  fuel_level: { min: 0, max: 100 },
  keys: { min: 0, max: 20 },
} as const;

/** The fields sent (a field left out is not a key: it clears its step). */
export type ConditionReport = Partial<Record<'odometer' | 'fuel_level' | 'keys' | 'damages' | 'notes', unknown>>;

export function readConditionReport(r: FieldReader): ConditionReport {
  const report: ConditionReport = {};
  for (const key of ['odometer', 'fuel_level', 'keys'] as const) {
    if (r.value[key] !== undefined) report[key] = r.integer(key, { required: false, ...REPORT_RANGES[key] });
  }
  if (r.value.notes !== undefined) report.notes = r.string('notes', { required: false, max: VALUE_LIMITS.string });
  if (r.value.damages === null) report.damages = null;
  else if (r.value.damages !== undefined) report.damages = readDamages(r);
  return report;
}

function readDamages(r: FieldReader): unknown[] | null {
  const list = r.value.damages;
  if (!Array.isArray(list) || list.length > VALUE_LIMITS.findings) {
    r.invalid('damages', `damages must be a list of at most ${VALUE_LIMITS.findings} findings (an empty list for none)`);
    return null;
  }
  return list.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      r.invalid(`damages.${i}`, `${r.at(`damages.${i}`)} must be an object {panel, type, severity, note?, photo_ids?}`);
      return null;
    }
    const f = new FieldReader(r.problems, item as Record<string, unknown>, r.at(`damages.${i}`));
    const ids = f.value.photo_ids ?? [];
    if (!Array.isArray(ids) || ids.length > VALUE_LIMITS.photosPerFinding || ids.some((id) => typeof id !== 'string')) {
      f.invalid('photo_ids', `${f.at('photo_ids')} must be a list of at most ${VALUE_LIMITS.photosPerFinding} photo ids`);
    }
    return {
      panel: f.oneOf('panel', PANELS, { required: true }),
      type: f.oneOf('type', DAMAGE_TYPES, { required: true }),
      severity: f.integer('severity', { required: true, ...SEVERITY }),
      note: f.string('note', { required: false, max: VALUE_LIMITS.note }),
      photo_ids: ids,
    };
  });
}
