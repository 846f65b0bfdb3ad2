import assert from 'node:assert/strict';

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Asserts that `actual` has every key of `reference`, in the same order and as a prefix (our
 * extensions may only follow the reference keys), with the same JSON types at every level.
 * Keys in `nullable` may be null where the reference has a value (e.g. google_place_id offline).
 * Returns the extension keys found per path so the caller can pin them too.
 */
export function assertReferenceShape(
  actual: unknown,
  reference: unknown,
  opts: { nullable?: string[]; path?: string } = {},
  extensions: Record<string, string[]> = {},
): Record<string, string[]> {
  const path = opts.path ?? '$';
  const key = path.split('.').at(-1)!;
  if (opts.nullable?.includes(key) && actual === null) return extensions;
  assert.equal(jsonType(actual), jsonType(reference), `${path}: expected ${jsonType(reference)}, got ${jsonType(actual)}`);
  if (jsonType(reference) !== 'object') return extensions;
  const a = actual as Record<string, unknown>;
  const r = reference as Record<string, unknown>;
  const actualKeys = Object.keys(a);
  const refKeys = Object.keys(r);
  assert.deepEqual(actualKeys.slice(0, refKeys.length), refKeys, `${path}: reference keys, in order, first`);
  const extra = actualKeys.slice(refKeys.length);
  if (extra.length) extensions[path] = extra;
  for (const k of refKeys) assertReferenceShape(a[k], r[k], { ...opts, path: `${path}.${k}` }, extensions);
  return extensions;
}

/** Great-circle distance in km. */
export function kmBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
