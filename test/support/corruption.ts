// Randomly corrupted variants of valid requests, from a seeded PRNG (the same seed gives the same
// requests, byte for byte). Corruptions work on three levels:
//   - the JSON value: a type flipped, a field dropped, a huge string, unicode (emoji, RTL, combining
//     marks, NUL, lone surrogates), nested junk, an unknown or oddly named key, a wrapped value;
//   - the JSON text: deep nesting, duplicate keys, __proto__ / constructor keys, out-of-range number
//     literals (1e309), truncation, stray characters, JSON5-isms, invalid UTF-8, whole-body junk;
//   - the request: the content type, chunked transfer, the Idempotency-Key, the path id.
// Each variant carries a readable list of what was done to it, for failure messages.

export type Rng = () => number;

/** mulberry32: small, fast, good enough to pick corruptions. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

export interface Variant {
  method: 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Sent with Transfer-Encoding: chunked instead of Content-Length. */
  chunked: boolean;
  /** What was done to the valid request. */
  notes: string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

// ── value pools ────────────────────────────────────────────────────────────────────────────────

const UNICODE: readonly string[] = [
  '🚗💨', // emoji
  '👩🏽‍🔧 mechanic', // ZWJ sequence with a skin tone
  'مرحبا بالعالم', // Arabic (RTL)
  'שלום \u202Eevil\u202C', // Hebrew with a right-to-left override
  'Z\u0351\u0334\u0321a\u0357\u0315l\u0358g\u0341o', // combining marks
  'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301', // stacked combining acute accents
  'a\u0000b', // NUL inside
  '\u0000', // NUL alone
  '\u200B\u200C\u200D\uFEFF', // zero-width characters and a BOM
  'line\u2028sep\u2029para', // JSON-legal, JS-hostile separators
  '\t\r\n \u0007\u001b[31m', // control characters and an ANSI escape
  'ｆｕｌｌｗｉｄｔｈ　１２３', // fullwidth
  '𝕳𝖆𝖓𝖉𝖔𝖋𝖋', // astral plane letters
  "Robert'); DROP TABLE moves;--", // SQL-ish
  '<script>alert(1)</script>', // HTML-ish
  '${process.exit()}{{7*7}}', // template-ish
  '\\u0000 literally', // escaped backslash
  'İıŞşĞğ ǅ ß ﬁ', // case-mapping oddities
  '\uFFFD\uFFFE\uFFFF', // noncharacters
];

/** Lone surrogates cannot survive JSON.stringify as such: they are put in as escapes in the text. */
const LONE_SURROGATES: readonly string[] = ['\\ud800', '\\udfff', 'x\\ud83d', '\\udc00\\ud800', '\\ud83d\\ude97\\ud83d'];

const FLIPS: readonly Json[] = [
  0, -1, 1, 1.5, -0.000001, 2147483648, 9007199254740993, 1e308, -1e308,
  true, false, null,
  '', '   ', 'x', '0', '1', 'true', 'null', '2026-02-30T10:00:00Z', '9999-12-31 23:59:59', '-1',
  [], [null], [1, 2, 3], ['a'], {}, { a: 1 }, { '': null },
];

const HUGE_LENGTHS = [201, 2001, 5_000, 20_000, 60_000, 64 * 1024 - 200, 64 * 1024 + 1, 70_000, 200_000];

const BIG_NUMBERS = ['1e309', '-1e309', '1e-400', '123456789012345678901234567890', '0.1e400', '-0', '1E+2', '0x10', '01', '.5', '+1', '1.', 'NaN', 'Infinity', '-Infinity'];

const BODY_REPLACEMENTS: readonly (string | Buffer)[] = [
  '', ' ', 'null', 'true', '0', '"a string"', '[]', '[{}]', '{}', '{"a":', '}', '{{}}', '{"a" 1}', "{'a': 1}",
  'undefined', '\uFEFF{}', '{"a":1}garbage', '\u0000', '{"a":"\\x41"}', '{"a":"\\u12"}', '{"a":01}', '{,}',
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), // {"a":"<invalid UTF-8>"}
  Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), // UTF-8 BOM + {}
];

const CONTENT_TYPES: readonly (string | null)[] = [
  null, // no Content-Type at all
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/jsonx',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/json;;;',
  '*/*',
  'application/octet-stream',
];

const BAD_IDS = ['abc', '-1', '0', '1.5', '1e309', '99999999999999999999', '9223372036854775808', '%00', '%F0%9F%98%80', '%20', '1%3BDROP%20TABLE%20moves', '..%2F..%2Fetc', '0x1F', '1_000'];

const JUNK_KEYS = ['', ' ', 'é', '🚗', 'a'.repeat(1000), 'MOVE', 'move ', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype'];

// ── the JSON tree ──────────────────────────────────────────────────────────────────────────────

function paths(v: Json, here: Path = [], out: Path[] = []): Path[] {
  if (here.length) out.push(here);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...here, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) paths(v[k]!, [...here, k], out);
  return out;
}

function getAt(root: Json, p: Path): Json {
  let v: any = root;
  for (const k of p) v = v?.[k];
  return v as Json;
}

function setAt(root: Json, p: Path, value: Json | undefined): void {
  const parent: any = getAt(root, p.slice(0, -1));
  const key = p[p.length - 1]!;
  if (parent === null || typeof parent !== 'object') return;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else {
    parent[key] = value;
  }
}

/** A pool value, copied: the pools must never be shared into (and then mutated inside) a request. */
const flip = (rng: Rng): Json => structuredClone(pick(rng, FLIPS));

function junk(rng: Rng, depth: number): Json {
  const r = rng();
  if (depth <= 0 || r < 0.4) return flip(rng);
  if (r < 0.7) return Array.from({ length: int(rng, 0, 4) }, () => junk(rng, depth - 1));
  const o: Record<string, Json> = {};
  for (let i = int(rng, 0, 4); i > 0; i--) o[pick(rng, [...JUNK_KEYS, 'a', 'b', 'vehicle', 'move_id'])] = junk(rng, depth - 1);
  return o;
}

const typeOf = (v: Json) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const label = (p: Path) => p.join('.') || '$';

/**
 * Placeholders that survive JSON.stringify as string values and become raw text afterwards (deep
 * nesting, lone surrogate escapes). A placeholder that another corruption folded into a longer
 * string stays as it is: harmless text.
 */
class RawSlots {
  private readonly slots = new Map<string, string>();
  put(raw: string): string {
    const id = `__raw_slot_${this.slots.size}__`;
    this.slots.set(id, raw);
    return id;
  }
  apply(text: string): string {
    let out = text;
    for (const [id, raw] of this.slots) out = out.split(JSON.stringify(id)).join(raw);
    return out;
  }
}

// ── one corrupted variant ──────────────────────────────────────────────────────────────────────

export interface Template {
  method: 'POST' | 'PATCH';
  /** The path; `{id}` is replaced by `id` (or a corrupted id). */
  path: string;
  id?: number;
  body: Record<string, unknown>;
}

/** One corrupted variant of `template`, drawing only from `rng`; `key` is a unique Idempotency-Key. */
export function corrupt(rng: Rng, template: Template, key: string): Variant {
  const notes: string[] = [];
  const value = JSON.parse(JSON.stringify(template.body)) as Json;
  const slots = new RawSlots();

  // 1. value-level corruptions (1–3 of them, usually)
  const valueOps = rng() < 0.85 ? int(rng, 1, 3) : 0;
  for (let i = 0; i < valueOps; i++) {
    const all = paths(value);
    if (all.length === 0) break;
    const p = pick(rng, all);
    const current = getAt(value, p);
    const op = pick(rng, ['flip', 'flip', 'drop', 'drop', 'huge', 'unicode', 'unicode', 'surrogate', 'junk', 'deep', 'unknown', 'wrap', 'stringify-number']);
    switch (op) {
      case 'flip': {
        let next = flip(rng);
        for (let n = 0; n < 5 && typeOf(next) === typeOf(current); n++) next = flip(rng);
        setAt(value, p, next);
        notes.push(`${label(p)}: ${typeOf(current)} → ${JSON.stringify(next)}`);
        break;
      }
      case 'drop':
        setAt(value, p, undefined);
        notes.push(`${label(p)}: dropped`);
        break;
      case 'huge': {
        const n = pick(rng, HUGE_LENGTHS);
        setAt(value, p, pick(rng, ['x', 'é', '🚗', ' ']).repeat(n));
        notes.push(`${label(p)}: ${n}-char string`);
        break;
      }
      case 'unicode': {
        const u = pick(rng, UNICODE);
        const s = typeof current === 'string' ? pick(rng, [u, `${current}${u}`, `${u}${current}`]) : u;
        setAt(value, p, s);
        notes.push(`${label(p)}: unicode ${JSON.stringify(s).slice(0, 40)}`);
        break;
      }
      case 'surrogate': {
        const raw = pick(rng, LONE_SURROGATES);
        setAt(value, p, slots.put(`"${raw}"`));
        notes.push(`${label(p)}: lone surrogate "${raw}"`);
        break;
      }
      case 'junk':
        setAt(value, p, junk(rng, 6));
        notes.push(`${label(p)}: nested junk`);
        break;
      case 'deep': {
        const depth = pick(rng, [64, 500, 5_000, 20_000]);
        const arrays = rng() < 0.5;
        const raw = arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
        setAt(value, p, slots.put(raw));
        notes.push(`${label(p)}: ${depth} levels of ${arrays ? 'arrays' : 'objects'}`);
        break;
      }
      case 'unknown': {
        const parentPath = Array.isArray(current) || (current && typeof current === 'object') ? p : p.slice(0, -1);
        const parent = getAt(value, parentPath);
        if (parent && typeof parent === 'object' && !Array.isArray(parent)) {
          const k = pick(rng, JUNK_KEYS);
          (parent as Record<string, Json>)[k] = junk(rng, 3);
          notes.push(`${label(parentPath)}: unknown key ${JSON.stringify(k).slice(0, 20)}`);
        }
        break;
      }
      case 'wrap':
        setAt(value, p, rng() < 0.5 ? [structuredClone(current)] : { value: structuredClone(current) });
        notes.push(`${label(p)}: wrapped`);
        break;
      case 'stringify-number':
        if (typeof current === 'number') setAt(value, p, String(current));
        else if (typeof current === 'string' && /^\d+$/.test(current)) setAt(value, p, Number(current));
        else setAt(value, p, rng() < 0.5 ? 42 : '42');
        notes.push(`${label(p)}: number/string swapped`);
        break;
    }
  }

  // 2. text-level corruptions
  let text = slots.apply(JSON.stringify(value));
  let body: Buffer | null = null;
  const textOp = rng() < 0.45 ? pick(rng, ['dup-key', 'dup-key', 'proto', 'proto', 'constructor', 'big-number', 'big-number', 'truncate', 'insert', 'delete', 'json5', 'replace-body', 'bom']) : null;
  switch (textOp) {
    case 'dup-key': {
      const keys = [...text.matchAll(/"([a-z_]+)":/g)].map((m) => m[1]!);
      const k = keys.length ? pick(rng, keys) : 'move';
      const dup = `"${k}":${JSON.stringify(junk(rng, 2))}`;
      text = rng() < 0.5 ? text.replace(/^\{/, `{${dup},`) : text.replace(/\}$/, `,${dup}}`);
      notes.push(`duplicate key "${k}"`);
      break;
    }
    case 'proto':
    case 'constructor': {
      const inject = textOp === 'proto' ? '"__proto__":{"polluted":true,"status":"delivered"}' : '"constructor":{"prototype":{"polluted":true}}';
      const opens = [...text.matchAll(/\{/g)].map((m) => m.index!);
      const at = opens.length ? pick(rng, opens) : 0;
      text = `${text.slice(0, at + 1)}${inject}${text[at + 1] === '}' ? '' : ','}${text.slice(at + 1)}`;
      notes.push(`${textOp === 'proto' ? '__proto__' : 'constructor'} key injected`);
      break;
    }
    case 'big-number': {
      const spots = [...text.matchAll(/:(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"[^"]{0,40}"|true|false|null)(?=[,}\]])/g)];
      const lit = pick(rng, BIG_NUMBERS);
      if (spots.length) {
        const m = pick(rng, spots);
        text = `${text.slice(0, m.index! + 1)}${lit}${text.slice(m.index! + m[0].length)}`;
      } else {
        text = text.replace(/^\{/, `{"move_id":${lit},`);
      }
      notes.push(`number literal ${lit}`);
      break;
    }
    case 'truncate': {
      const at = int(rng, 0, Math.max(0, text.length - 1));
      text = text.slice(0, at);
      notes.push(`truncated at ${at}`);
      break;
    }
    case 'insert': {
      const at = int(rng, 0, text.length);
      const ch = pick(rng, ['{', '}', '[', ']', ',', ':', '"', '\\', "'", ' x ', '\u0000', '\n', '/*c*/', '//c\n', '\u00e9']);
      text = `${text.slice(0, at)}${ch}${text.slice(at)}`;
      notes.push(`inserted ${JSON.stringify(ch)} at ${at}`);
      break;
    }
    case 'delete': {
      const at = int(rng, 0, Math.max(0, text.length - 1));
      notes.push(`deleted ${JSON.stringify(text[at])} at ${at}`);
      text = `${text.slice(0, at)}${text.slice(at + 1)}`;
      break;
    }
    case 'json5':
      text = pick(rng, [text.replace(/\}$/, ',}'), text.replace(/"/g, "'"), text.replace(/^\{/, '{/* comment */'), text.replace(/:(\d+)/, ':NaN')]);
      notes.push('JSON5-isms');
      break;
    case 'replace-body': {
      const r = pick(rng, BODY_REPLACEMENTS);
      body = Buffer.isBuffer(r) ? r : Buffer.from(r, 'utf8');
      notes.push(`body replaced by ${Buffer.isBuffer(r) ? `bytes ${r.toString('hex')}` : JSON.stringify(r)}`);
      break;
    }
    case 'bom':
      text = `\uFEFF${text}`;
      notes.push('leading BOM');
      break;
  }
  if (!body) body = Buffer.from(text, 'utf8');

  // 3. request-level corruptions
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (rng() < 0.1) {
    const ct = pick(rng, CONTENT_TYPES);
    if (ct === null) delete headers['content-type'];
    else headers['content-type'] = ct;
    notes.push(`content-type ${ct ?? '(none)'}`);
  }
  const keyRoll = rng();
  if (keyRoll < 0.5) headers['idempotency-key'] = key;
  else if (keyRoll < 0.55) {
    const bad = pick(rng, ['has space', 'k'.repeat(256), '\u00e9t\u00e9', '']);
    headers['idempotency-key'] = bad;
    notes.push(`Idempotency-Key ${JSON.stringify(bad).slice(0, 20)}`);
  }
  const chunked = rng() < 0.05;
  if (chunked) notes.push('chunked');

  let path = template.path;
  if (template.id !== undefined) {
    let id = String(template.id);
    if (rng() < 0.1) {
      id = pick(rng, BAD_IDS);
      notes.push(`path id ${id}`);
    }
    path = path.replace('{id}', id);
  }
  if (notes.length === 0) notes.push('(unchanged)');
  return { method: template.method, path, headers, body, chunked, notes };
}
