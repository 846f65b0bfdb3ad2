// Whether a value fits its step (spec §10.1 types, §10.4 damage findings). Pure: the services and
// the readers of the three ways data arrives (a booking, the dealer's PATCH, the driver's PATCH and
// condition report) all ask here, so a value means the same whoever sends it.
import { DAMAGE_TYPES, PANELS, SEVERITY } from '../condition/vehicle-panels.ts';
import { unstorableCharacter } from '../../../lib/validation.ts';
import type { Step } from './workflow-step.ts';

export interface ValueProblem {
  /** The key (step id), or a path under it for a damage finding: `damages.0.panel`. */
  field: string;
  message: string;
}

/** The longest string value and note, and the most damage findings and photos per finding. */
export const VALUE_LIMITS = { string: 2000, note: 500, findings: 50, photosPerFinding: 20 } as const;

export interface ValueContext {
  /** The slot's photo ids a damage finding may point at. */
  photoIds: ReadonlySet<string>;
}

/** The problems of `value` for `step`; none means it may be stored as it is. null always may (it clears the step). */
export function valueProblems(step: Step, value: unknown, ctx: ValueContext): ValueProblem[] {
  if (value === null) return [];
  const problem = (message: string): ValueProblem[] => [{ field: step.id, message: `${step.id} ${message}` }];
  switch (step.type) {
    case 'boolean':
      return typeof value === 'boolean' ? [] : problem('must be true or false');
    case 'string':
      return stringProblems(step.id, value, VALUE_LIMITS.string);
    case 'number':
    case 'integer': {
      const integer = step.type === 'integer';
      const min = step.config.min ?? (integer ? Number.MIN_SAFE_INTEGER : -Number.MAX_VALUE);
      const max = step.config.max ?? (integer ? Number.MAX_SAFE_INTEGER : Number.MAX_VALUE);
      const fits = typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value));
      if (fits && value >= min && value <= max) return [];
      return problem(`must be ${integer ? 'an integer' : 'a number'}${step.config.min !== undefined ? ` from ${min} to ${max}` : ''}`);
    }
    case 'damages':
      return damagesProblems(step.id, value, ctx);
    case 'photo':
    case 'signature':
      return problem(`is set by uploading it (${step.type === 'photo' ? 'POST /v1/driver/moves/:id/photos' : 'POST /v1/driver/moves/:id/workflows/:slot/signature'})`);
  }
}

function stringProblems(field: string, value: unknown, max: number): ValueProblem[] {
  if (typeof value !== 'string') return [{ field, message: `${field} must be a string` }];
  const unstorable = unstorableCharacter(value);
  if (unstorable) return [{ field, message: `${field} must not contain ${unstorable}` }];
  if (value.length > max) return [{ field, message: `${field} must be at most ${max} characters` }];
  return [];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function damagesProblems(field: string, value: unknown, ctx: ValueContext): ValueProblem[] {
  if (!Array.isArray(value)) return [{ field, message: `${field} must be a list of damage findings (an empty list for none)` }];
  if (value.length > VALUE_LIMITS.findings) return [{ field, message: `${field} may list at most ${VALUE_LIMITS.findings} findings` }];
  return value.flatMap((finding, i) => findingProblems(`${field}.${i}`, finding, ctx));
}

function findingProblems(path: string, f: unknown, ctx: ValueContext): ValueProblem[] {
  if (!isObject(f)) return [{ field: path, message: `${path} must be an object {panel, type, severity, note?, photo_ids}` }];
  const problems: ValueProblem[] = [];
  const at = (key: string, message: string) => problems.push({ field: `${path}.${key}`, message: `${path}.${key} ${message}` });
  if (typeof f.panel !== 'string' || !(PANELS as readonly string[]).includes(f.panel)) at('panel', `must be one of ${PANELS.join(', ')}`);
  if (typeof f.type !== 'string' || !(DAMAGE_TYPES as readonly string[]).includes(f.type)) at('type', `must be one of ${DAMAGE_TYPES.join(', ')}`);
  if (typeof f.severity !== 'number' || !Number.isInteger(f.severity) || f.severity < SEVERITY.min || f.severity > SEVERITY.max) {
    at('severity', `must be an integer from ${SEVERITY.min} (minor) to ${SEVERITY.max} (severe)`);
  }
  if (f.note !== undefined && f.note !== null) problems.push(...stringProblems(`${path}.note`, f.note, VALUE_LIMITS.note));
  const ids = f.photo_ids ?? [];
  if (!Array.isArray(ids) || ids.length > VALUE_LIMITS.photosPerFinding) {
    at('photo_ids', `must be a list of at most ${VALUE_LIMITS.photosPerFinding} photo ids of this slot`);
  } else {
    ids.forEach((id, j) => {
      if (typeof id !== 'string' || !ctx.photoIds.has(id)) at(`photo_ids.${j}`, 'must be the id of a photo uploaded to this slot');
    });
  }
  return problems;
}

/** A finding as stored: the keys in order, note null when absent, photo_ids a list. */
export function normalizeFinding(f: Record<string, unknown>) {
  return { panel: f.panel, type: f.type, severity: f.severity, note: f.note ?? null, photo_ids: f.photo_ids ?? [] };
}

/** A value as stored (damage findings in their order of keys). Call after valueProblems found none. */
export function normalizeValue(step: Step, value: unknown): unknown {
  if (step.type === 'damages' && Array.isArray(value)) return value.map((f) => normalizeFinding(f as Record<string, unknown>));
  return value;
}
