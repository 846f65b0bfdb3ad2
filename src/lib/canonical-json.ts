import { createHash } from 'node:crypto';

/**
 * Canonical JSON for hashing (the evidence seal of spec §10.4, a quoted booking's body of §12.2):
 * the same value always gives the same bytes, however its objects were built. RFC 8785 (JCS) is the
 * reference: object members sorted by their keys' UTF-16 code units, no whitespace, arrays in order,
 * strings and numbers as ECMAScript's JSON.stringify writes them.
 *
 * Numbers: JCS defines its number format as ECMAScript's own, so JSON.stringify already writes it here;
 * no separate JCS number serializer is needed. The values we hash are integers and short decimals
 * (odometer, fuel level, severities, coordinates), which every language prints the same way — so a
 * verifier written elsewhere can reproduce the hash without a full JCS number implementation either.
 *
 * Stricter than JSON.stringify where it would hide a difference: non-finite numbers (which it writes
 * as null), bigints, functions, symbols, `undefined` inside arrays (also written as null), cycles and
 * objects that are neither plain nor have a toJSON (a Map would become `{}`) all throw.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, new Set());
}

function serialize(value: unknown, ancestors: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'object':
      return serializeObject(value, ancestors);
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
  }
}

function serializeObject(value: object, ancestors: Set<object>): string {
  if (hasToJson(value)) return serialize(value.toJSON(), ancestors);
  if (ancestors.has(value)) throw new TypeError('canonicalJson: the value contains a cycle');
  ancestors.add(value);
  try {
    return Array.isArray(value) ? serializeArray(value, ancestors) : serializeMembers(value, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function serializeArray(items: unknown[], ancestors: Set<object>): string {
  const parts = items.map((item) => {
    if (item === undefined) throw new TypeError('canonicalJson: undefined inside an array has no JSON form');
    return serialize(item, ancestors);
  });
  return `[${parts.join(',')}]`;
}

function serializeMembers(value: object, ancestors: Set<object>): string {
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`canonicalJson: a ${value.constructor?.name ?? 'non-plain object'} has no JSON form`);
  }
  const record = value as Record<string, unknown>;
  // `<` on strings compares UTF-16 code units, exactly the order RFC 8785 §3.2.3 asks for.
  const keys = Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const members: string[] = [];
  for (const key of keys) {
    if (record[key] === undefined) continue; // as JSON.stringify: an absent member, not a null one
    members.push(`${JSON.stringify(key)}:${serialize(record[key], ancestors)}`);
  }
  return `{${members.join(',')}}`;
}

function hasToJson(value: object): value is { toJSON(): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/**
 * The hex SHA-256 of a parsed JSON request body's canonical form: the same body with its keys in
 * another order hashes the same. JSON.parse reads a number too large for a double as ±Infinity,
 * which has no JSON form: it is hashed as null (what JSON.stringify writes), so such a body hashes
 * rather than fails. Readers refuse it in every field they read; only ignored fields can hold one.
 */
export function jsonBodySha256(body: unknown): string {
  return createHash('sha256').update(canonicalJson(finiteNumbers(body))).digest('hex');
}

function finiteNumbers(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(finiteNumbers);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, finiteNumbers(v)]));
  return value;
}
