// Probes of a request schema from the served OpenAPI document: for each field, the requests that
// would show the schema lying about what the reader refuses. A required field left out must be
// field_missing at its path; an optional one left out must not be a problem; a value of a type the
// schema does not allow must be refused; each maxLength / minLength / minimum / maximum must hold
// exactly (one past it refused for that reason, at it not); a limit the schema does not state must
// not exist (a long string, a large number are not refused for length or range); each enum value
// is taken and anything else is refused.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Schema = {
  type?: string | string[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: Json[];
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
};

/** What must come back for the probed field (`path`, dotted like the `field` of a problem). */
export type Expect =
  | { kind: 'missing' }
  | { kind: 'refused'; because?: 'length' | 'range' }
  | { kind: 'no problem' }
  | { kind: 'not for'; reason: 'length' | 'range' };

export interface Probe {
  path: string[];
  /** The value sent at `path`; OMIT leaves the field out. */
  value: Json | typeof OMIT;
  expect: Expect;
  what: string;
}

export const OMIT = Symbol('omit');

/** Longer than any limit a field could sensibly have, still far inside the 64 KiB body limit. */
const UNBOUNDED_TEXT = 5000;
const UNBOUNDED_NUMBER = 1e15;

const LENGTH_MESSAGE = /at most \d+ characters|must be \d+ to \d+ characters/;
// The readers' range messages: FieldReader's, and the vehicle year's.
const RANGE_MESSAGE = /must be (?:an integer|a number|a 4-digit year) from/;
export const MESSAGE_OF = { length: LENGTH_MESSAGE, range: RANGE_MESSAGE } as const;

function typesOf(s: Schema): Set<string> {
  if (s.anyOf) return new Set(s.anyOf.flatMap((b) => [...typesOf(b)]));
  return new Set(Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);
}

/** A value of each JSON type, for the types a schema does not allow. */
const SAMPLES: readonly [string, Json, (t: Set<string>) => boolean][] = [
  ['a string', 'text', (t) => t.has('string')],
  ['a fraction', 12.5, (t) => t.has('number')],
  ['a boolean', true, (t) => t.has('boolean')],
  ['an object', {}, (t) => t.has('object')],
  ['an array', [], (t) => t.has('array')],
];

/** Probes of one field's value (limits of each anyOf branch, enum). */
function valueProbes(path: string[], s: Schema, query: boolean): Probe[] {
  const at = path.join('.');
  const probes: Probe[] = [];
  const num = (n: number): Json => (query ? String(n) : n);
  for (const b of s.anyOf ?? [s]) {
    const types = typesOf(b);
    if (types.has('string') && !b.enum) {
      const max = b.maxLength;
      if (max === undefined) {
        probes.push({ path, value: 'x'.repeat(UNBOUNDED_TEXT), expect: { kind: 'not for', reason: 'length' }, what: `${at}: no maxLength, so ${UNBOUNDED_TEXT} characters are not too long` });
      } else {
        probes.push({ path, value: 'x'.repeat(max + 1), expect: { kind: 'refused', because: 'length' }, what: `${at}: ${max + 1} characters (maxLength ${max})` });
        probes.push({ path, value: 'x'.repeat(max), expect: { kind: 'not for', reason: 'length' }, what: `${at}: ${max} characters (maxLength ${max})` });
      }
      if (b.minLength !== undefined && b.minLength > 0) {
        const min = b.minLength;
        probes.push({ path, value: 'x'.repeat(min - 1), expect: { kind: 'refused', because: 'length' }, what: `${at}: ${min - 1} characters (minLength ${min})` });
        probes.push({ path, value: 'x'.repeat(min), expect: { kind: 'not for', reason: 'length' }, what: `${at}: ${min} characters (minLength ${min})` });
      }
    }
    if (types.has('number') || types.has('integer')) {
      const step = types.has('number') ? 0.5 : 1;
      const bounds: [number | undefined, number, string][] = [
        [b.minimum, -1, 'minimum'],
        [b.maximum, 1, 'maximum'],
      ];
      for (const [bound, sign, name] of bounds) {
        if (bound === undefined) {
          const far = sign * UNBOUNDED_NUMBER;
          probes.push({ path, value: num(far), expect: { kind: 'not for', reason: 'range' }, what: `${at}: no ${name}, so ${far} is in range` });
        } else {
          probes.push({ path, value: num(bound + sign * step), expect: { kind: 'refused', because: 'range' }, what: `${at}: ${bound + sign * step} (${name} ${bound})` });
          probes.push({ path, value: num(bound), expect: { kind: 'not for', reason: 'range' }, what: `${at}: ${bound} (${name} ${bound})` });
        }
      }
    }
  }
  const choices = s.enum ?? (s.type === 'array' ? s.items?.enum : undefined);
  if (choices) {
    const wrap = (v: Json): Json => (s.type === 'array' ? [v] : v);
    for (const v of choices) probes.push({ path, value: wrap(v), expect: { kind: 'no problem' }, what: `${at}: ${JSON.stringify(v)} is one of the enum` });
    probes.push({ path, value: wrap('not-one-of-them'), expect: { kind: 'refused' }, what: `${at}: a value outside the enum` });
  }
  if (s.type === 'array' && s.minItems) {
    probes.push({ path, value: [], expect: { kind: 'refused' }, what: `${at}: an empty array (minItems ${s.minItems})` });
  }
  return probes;
}

/**
 * Every probe of an object schema, for a valid example. `query`: a query string, whose values are
 * all text (no type probes, numbers sent as their digits, nothing nested).
 */
export function probesOf(schema: Schema, example: Record<string, Json>, query = false, parent: string[] = []): Probe[] {
  const probes: Probe[] = [];
  for (const [key, s] of Object.entries(schema.properties ?? {})) {
    const path = [...parent, key];
    const at = path.join('.');
    const present = example[key] !== undefined;
    if (schema.required?.includes(key)) {
      probes.push({ path, value: OMIT, expect: { kind: 'missing' }, what: `${at} is required` });
    } else if (present) {
      probes.push({ path, value: OMIT, expect: { kind: 'no problem' }, what: `${at} is optional` });
    }
    if (!query) {
      const types = typesOf(s);
      const allows = [...types].join(' or ');
      for (const [name, value, allowed] of SAMPLES) {
        if (!allowed(types)) probes.push({ path, value, expect: { kind: 'refused' }, what: `${at}: ${name} where the schema allows ${allows}` });
      }
      // A plausible number, not just any: the example's digits ("2011", "804-555-0134" → 8045550134)
      // are what a reader that quietly takes numbers would accept.
      const digits = typeof example[key] === 'string' ? example[key].replace(/\D/g, '') : '';
      if (digits && digits.length <= 15 && !types.has('number') && !types.has('integer')) {
        const n = Number(digits);
        probes.push({ path, value: n, expect: { kind: 'refused' }, what: `${at}: its example as a number (${n}) where the schema allows ${allows}` });
      }
    }
    probes.push(...valueProbes(path, s, query));
    if (s.properties) {
      const inner = example[key];
      const nested = inner && typeof inner === 'object' && !Array.isArray(inner) ? inner : {};
      probes.push(...probesOf(s, nested, query, path));
    }
  }
  return probes;
}

/** A copy of `body` with `value` at `path` (intermediate objects made as needed). */
export function withValue(body: Record<string, Json>, path: string[], value: Json | typeof OMIT): Record<string, Json> {
  const copy = structuredClone(body);
  let node: Record<string, Json> = copy;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (!next || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, Json>;
  }
  const last = path.at(-1)!;
  if (value === OMIT) delete node[last];
  else node[last] = value;
  return copy;
}

export interface Problem {
  code: string;
  field: string | null;
  message: string;
}

/** Why the answer contradicts the probe, or null when it agrees. */
export function disagreement(probe: Probe, status: number, problems: Problem[]): string | null {
  const at = probe.path.join('.');
  const here = status === 400 ? problems.filter((p) => p.field === at || p.field?.startsWith(`${at}.`)) : [];
  const seen = () => (here.length ? here.map((p) => `${p.code} "${p.message}"`).join('; ') : `status ${status}, nothing at ${at}`);
  switch (probe.expect.kind) {
    case 'missing':
      return here.some((p) => p.field === at && (p.code === 'field_missing' || p.code === 'pickup_location_required'))
        ? null
        : `expected field_missing at ${at}, got ${seen()}`;
    case 'refused': {
      const because = probe.expect.because;
      const ok = here.some((p) => (p.code === 'field_invalid' || p.code === 'field_missing') && (!because || MESSAGE_OF[because].test(p.message)));
      return ok ? null : `expected a refusal${because ? ` for ${because}` : ''} at ${at}, got ${seen()}`;
    }
    case 'no problem':
      return here.length === 0 ? null : `expected no problem at ${at}, got ${seen()}`;
    case 'not for': {
      const bad = here.filter((p) => MESSAGE_OF[(probe.expect as { reason: 'length' | 'range' }).reason].test(p.message));
      return bad.length === 0 ? null : `expected no ${probe.expect.reason} problem at ${at}, got ${seen()}`;
    }
  }
}
