// Request parsing that follows spec §2/§4 to the letter: strings are trimmed, an absent / null /
// empty required field is field_missing, a wrong type is field_invalid, unknown fields are
// ignored, and every problem is collected with its dotted path instead of stopping at the first.
// Domain parsers (e.g. the booking request) are written with FieldReader and return typed values.

import { ApiError, type ErrorCode, type FieldProblem } from './errors.ts';

export class Problems {
  readonly list: FieldProblem[] = [];

  add(code: ErrorCode, field: string, message: string): void {
    this.list.push({ code, field, message });
  }

  has(field: string): boolean {
    return this.list.some((p) => p.field === field || p.field.startsWith(`${field}.`));
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  throwIfAny(): void {
    if (this.list.length) throw ApiError.fromProblems(this.list);
  }
}

/**
 * Characters that cannot be stored as sent. PostgreSQL text cannot hold U+0000 (SQLite can), and a
 * lone UTF-16 surrogate (JSON's "\\ud800") is not Unicode at all: SQLite would store invalid UTF-8
 * and read back three replacement characters, PostgreSQL one. Both engines refuse them alike.
 */
export function unstorableCharacter(s: string): string | null {
  if (s.includes('\u0000')) return 'the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'a lone UTF-16 surrogate (\\ud800–\\udfff without its pair): it is not a Unicode character';
  return null;
}
// In u-mode a well-formed pair is one code point, so only unpaired halves are in category Cs.
const LONE_SURROGATE = /\p{Cs}/u;

export const joinPath = (parent: string, key: string): string => (parent ? `${parent}.${key}` : key);

type Opts<R extends boolean> = { required: R };

/** An integer field without its own bounds (ids, rooftop): positive and exact in a double. */
export const INTEGER_RANGE = { min: 1, max: Number.MAX_SAFE_INTEGER } as const;

/** The paging parameters of the list endpoints that page by limit (and offset). */
export const PAGE_LIMIT = { min: 1, max: 500, default: 100 } as const;
export const PAGE_OFFSET = { min: 0, max: 1_000_000, default: 0 } as const;
type Out<T, R extends boolean> = R extends true ? T | undefined : T | null;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the fields of one JSON object, reporting problems under `path`. */
export class FieldReader {
  constructor(
    readonly problems: Problems,
    readonly value: Record<string, unknown>,
    readonly path = '',
  ) {}

  static root(problems: Problems, body: unknown): FieldReader {
    return new FieldReader(problems, isPlainObject(body) ? body : {}, '');
  }

  at(key: string): string {
    return joinPath(this.path, key);
  }

  /** Absent, null, or a string that is empty after trimming. */
  isAbsent(key: string): boolean {
    const v = this.value[key];
    return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
  }

  private missing(key: string, required: boolean): boolean {
    if (!this.isAbsent(key)) return false;
    if (required) this.problems.add('field_missing', this.at(key), `${this.at(key)} is required`);
    return true;
  }

  /**
   * A trimmed string. A required field that is missing or invalid yields undefined (a problem was
   * recorded); an optional one that is absent yields null.
   */
  string<R extends boolean>(key: string, opts: Opts<R> & { max?: number; acceptNumber?: boolean }): Out<string, R> {
    const fail = (opts.required ? undefined : null) as Out<string, R>;
    if (this.missing(key, opts.required)) return fail;
    let v = this.value[key];
    if (opts.acceptNumber && typeof v === 'number' && Number.isFinite(v)) v = String(v);
    if (typeof v !== 'string') {
      this.problems.add('field_invalid', this.at(key), `${this.at(key)} must be a string`);
      return fail;
    }
    const s = v.trim();
    const unstorable = unstorableCharacter(s);
    if (unstorable) {
      this.problems.add('field_invalid', this.at(key), `${this.at(key)} must not contain ${unstorable}`);
      return fail;
    }
    if (opts.max !== undefined && s.length > opts.max) {
      this.problems.add('field_invalid', this.at(key), `${this.at(key)} must be at most ${opts.max} characters`);
      return fail;
    }
    return s as Out<string, R>;
  }

  boolean<R extends boolean>(key: string, opts: Opts<R>): Out<boolean, R> {
    const fail = (opts.required ? undefined : null) as Out<boolean, R>;
    if (this.missing(key, opts.required)) return fail;
    const v = this.value[key];
    if (typeof v !== 'boolean') {
      this.problems.add('field_invalid', this.at(key), `${this.at(key)} must be true or false`);
      return fail;
    }
    return v as Out<boolean, R>;
  }

  integer<R extends boolean>(key: string, opts: Opts<R> & { min?: number; max?: number }): Out<number, R> {
    const fail = (opts.required ? undefined : null) as Out<number, R>;
    if (this.missing(key, opts.required)) return fail;
    const v = this.value[key];
    const min = opts.min ?? INTEGER_RANGE.min;
    const max = opts.max ?? INTEGER_RANGE.max;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.problems.add('field_invalid', this.at(key), `${this.at(key)} must be an integer from ${min} to ${max}`);
      return fail;
    }
    return v as Out<number, R>;
  }

  /** A finite JSON number within [min, max]. */
  number<R extends boolean>(key: string, opts: Opts<R> & { min: number; max: number }): Out<number, R> {
    const fail = (opts.required ? undefined : null) as Out<number, R>;
    if (this.missing(key, opts.required)) return fail;
    const v = this.value[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < opts.min || v > opts.max) {
      this.problems.add('field_invalid', this.at(key), `${this.at(key)} must be a number from ${opts.min} to ${opts.max}`);
      return fail;
    }
    return v as Out<number, R>;
  }

  oneOf<T extends string, R extends boolean>(key: string, allowed: readonly T[], opts: Opts<R>): Out<T, R> {
    const fail = (opts.required ? undefined : null) as Out<T, R>;
    const s = this.string(key, opts);
    if (s === undefined || s === null) return fail;
    if (!(allowed as readonly string[]).includes(s)) {
      this.problems.add(
        'field_invalid',
        this.at(key),
        `${this.at(key)} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`,
      );
      return fail;
    }
    return s as Out<T, R>;
  }

  /** A nested object, read with its own FieldReader. */
  object<R extends boolean>(key: string, opts: Opts<R> & { missingCode?: ErrorCode }): Out<FieldReader, R> {
    const fail = (opts.required ? undefined : null) as Out<FieldReader, R>;
    const v = this.value[key];
    if (v === undefined || v === null) {
      if (opts.required) {
        this.problems.add(opts.missingCode ?? 'field_missing', this.at(key), `${this.at(key)} is required`);
      }
      return fail;
    }
    if (!isPlainObject(v)) {
      this.problems.add('field_invalid', this.at(key), `${this.at(key)} must be an object`);
      return fail;
    }
    return new FieldReader(this.problems, v, this.at(key)) as Out<FieldReader, R>;
  }

  invalid(key: string, message: string, code: ErrorCode = 'field_invalid'): void {
    this.problems.add(code, this.at(key), message);
  }
}

/** What an integer path id looks like (also the path parameters' pattern in the OpenAPI document). */
export const ID_PATTERN = '^[1-9][0-9]{0,14}$';
const ID_RE = new RegExp(ID_PATTERN);

/** Integer path ids: anything else is reported as the resource being absent (spec §2). */
export function parseId(raw: string): number | null {
  if (!ID_RE.test(raw)) return null;
  return Number(raw);
}

/** A path id, or the resource's not-found error when it is not one (spec §2). */
export function pathId(raw: string, notFound: () => ApiError): number {
  const id = parseId(raw);
  if (id === null) throw notFound();
  return id;
}

/** Runs `read` over a JSON object (a body, a query string); throws every problem it recorded (spec §4). */
export function readFields<T>(value: unknown, read: (r: FieldReader) => T): T {
  const problems = new Problems();
  const result = read(FieldReader.root(problems, value));
  problems.throwIfAny();
  return result;
}

/** readFields for readers that wait on something (a webhook target's DNS check). */
export async function readFieldsAsync<T>(value: unknown, read: (r: FieldReader) => Promise<T>): Promise<T> {
  const problems = new Problems();
  const result = await read(FieldReader.root(problems, value));
  problems.throwIfAny();
  return result;
}

/** PATCH bodies: at least one of the fields that may change, or field_missing naming them. */
export function requireSomeOf(body: Record<string, unknown>, fields: readonly string[]): void {
  if (!fields.some((f) => f in body)) throw new ApiError('field_missing', `send at least one of ${fields.join(', ')}`);
}

/** `limit` of the list endpoints that page by limit: PAGE_LIMIT's range and default. */
export function pageLimit(query: FieldReader): number {
  return queryInteger(query, 'limit', PAGE_LIMIT.min, PAGE_LIMIT.max) ?? PAGE_LIMIT.default;
}

/** Query-string integers arrive as text. */
export function queryInteger(query: FieldReader, key: string, min: number, max: number): number | null {
  const raw = query.string(key, { required: false, max: 20 });
  if (raw === null || raw === undefined) return null;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    query.invalid(key, `${key} must be an integer from ${min} to ${max}`);
    return null;
  }
  return n;
}
