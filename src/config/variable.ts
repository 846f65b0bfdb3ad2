// How one environment variable is read, declared as data: its default, how its text becomes a value,
// what it must be when it cannot, and what it means (README's configuration table). The table itself
// is variables.ts; readVariables reads all of it and lists every problem at once.

export type Env = Record<string, string | undefined>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; mustBe: string };

/** What kind of value a variable holds: how its text is parsed (kinds are made by the functions below). */
export interface Kind<T> {
  parse(text: string): Parsed<T>;
  /** Problems do not repeat what was given: a secret in a log is a leaked secret. */
  secret?: boolean;
}

export interface Variable<T> extends Kind<T> {
  /**
   * The text used when the variable is unset or blank, parsed like a given one, so the README shows
   * exactly what runs. A function makes it from the variables above in the table (PUBLIC_URL from HOST
   * and PORT). null: unset means "not given" (the value is undefined).
   */
  default: string | null | ((earlier: Readonly<Record<string, unknown>>) => string);
  /** The README's default column (markdown) when it is not the default's own text. */
  shownDefault?: string;
  /** The README's meaning column (markdown). */
  meaning: string;
}

export type VariableTable = Record<string, Variable<unknown>>;

/** The value a variable yields: a variable without a default may be undefined. */
export type ValueOf<V> = V extends { default: null; parse(text: string): Parsed<infer T> }
  ? T | undefined
  : V extends { parse(text: string): Parsed<infer T> }
    ? T
    : never;

export type ValuesOf<Table extends VariableTable> = { [Name in keyof Table]: ValueOf<Table[Name]> };

export interface Reading<Table extends VariableTable> {
  values: ValuesOf<Table>;
  /** "PORT must be an integer from 0 to 65535 (got "99999")", in table order. */
  problems: string[];
  /** Variables given a value they refused (their value is then the default's). */
  refused: Set<keyof Table>;
}

/** Reads every variable of the table, in its order; a refused value counts as its default. */
export function readVariables<Table extends VariableTable>(table: Table, env: Env): Reading<Table> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  const refused = new Set<keyof Table>();
  for (const [name, variable] of Object.entries(table)) {
    const fallback = typeof variable.default === 'function' ? variable.default(values) : variable.default;
    const text = env[name]?.trim() || fallback;
    const parsed = text === null ? null : variable.parse(text);
    if (parsed === null || parsed.ok) {
      values[name] = parsed?.value;
      continue;
    }
    problems.push(variable.secret ? `${name} must be ${parsed.mustBe}` : `${name} must be ${parsed.mustBe} (got "${text}")`);
    refused.add(name);
    const instead = fallback === null || fallback === text ? null : variable.parse(fallback);
    values[name] = instead?.ok ? instead.value : undefined;
  }
  // Each value came from its own variable's parse, so it has that variable's type.
  return { values: values as ValuesOf<Table>, problems, refused };
}

// ── kinds ────────────────────────────────────────────────────────────────────────────────────────

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const mustBe = (text: string): Parsed<never> => ({ ok: false, mustBe: text });

/** Any number JavaScript reads ("1e3", "0.5"), if finite and accepted. */
export function decimal(accept: (n: number) => boolean, allowed: string): Kind<number> {
  return {
    parse(text) {
      const n = Number(text);
      return Number.isFinite(n) && accept(n) ? ok(n) : mustBe(allowed);
    },
  };
}

export const positive = (): Kind<number> => decimal((n) => n > 0, 'a positive number');

/** A whole number from `min` (to `max`); `note` explains a special value ("0 = no limit"). */
export function integer(range: { min: number; max?: number; note?: string }): Kind<number> {
  const { min, max = Infinity, note } = range;
  const bounds = max === Infinity ? `≥ ${min}` : `from ${min} to ${max}`;
  return decimal((n) => Number.isInteger(n) && n >= min && n <= max, `an integer ${bounds}${note ? ` (${note})` : ''}`);
}

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/**
 * A positive span in `unit`, fractions allowed (RETENTION_EVENTS_DAYS=0.5, so a test or a small disk
 * can keep less), as whole milliseconds: the horizons are compared with epoch-ms columns.
 */
export const duration = (unit: keyof typeof UNIT_MS): Kind<number> =>
  mapped(positive(), (n) => Math.max(1, Math.round(n * UNIT_MS[unit])));

export const flag = (): Kind<boolean> => mapped(oneOf(['0', '1', 'true', 'false'], '0 or 1'), (t) => t === '1' || t === 'true');

export function oneOf<const T extends string>(choices: readonly T[], allowed = `one of ${choices.join(', ')}`): Kind<T> {
  const accepted: readonly string[] = choices;
  return { parse: (given) => (accepted.includes(given) ? ok(given as T) : mustBe(allowed)) };
}

/** The same kind, its value turned into something else. */
function mapped<T, U>(kind: Kind<T>, to: (value: T) => U): Kind<U> {
  return {
    parse(given) {
      const parsed = kind.parse(given);
      return parsed.ok ? ok(to(parsed.value)) : parsed;
    },
  };
}

/** Text as given (trimmed); `accept` and `allowed` when some text is not good enough. */
export function text(rule?: { accept(text: string): boolean; allowed: string }): Kind<string> {
  return { parse: (given) => (!rule || rule.accept(given) ? ok(given) : mustBe(rule.allowed)) };
}

/** `to` turns the text into a value, or null when it cannot (then the problem says `allowed`). */
export function formatted<T>(to: (text: string) => T | null, allowed: string): Kind<T> {
  return {
    parse(given) {
      const value = to(given);
      return value === null ? mustBe(allowed) : ok(value);
    },
  };
}
