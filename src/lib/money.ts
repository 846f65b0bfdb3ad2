// Money (spec §12): integer cents inside, JSON numbers with two decimals outside (45.01). Computed
// amounts (a per-mile rate × miles, gallons × a price) are worked out exactly on decimals and rounded
// half up to the cent once per line, so a total — always the plain integer sum of its lines — never
// drifts. No floating-point product ever decides a cent: 0.29 × 100 is 28.999… in a double.

/** The largest amount an input may carry, in cents: $1,000,000.00. */
export const MAX_AMOUNT_CENTS = 100_000_000;

/** An exact decimal: units / 10^scale. */
export interface Decimal {
  units: bigint;
  scale: number;
}

// What String(n) prints for a finite number: the shortest digits that read back as n.
const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/** The decimal a finite number is written as (its shortest round-trip digits, as JSON sent it). */
export function decimalOf(n: number): Decimal {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  const m = NUMBER_TEXT.exec(String(n));
  if (!m) throw new RangeError(`unexpected number text: ${String(n)}`);
  const fraction = m[3] ?? '';
  let units = BigInt(`${m[2]}${fraction}`);
  let scale = fraction.length - Number(m[4] ?? 0);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: m[1] ? -units : units, scale };
}

const widen = (d: Decimal, scale: number): bigint => d.units * 10n ** BigInt(scale - d.scale);

export function mulDecimal(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function subDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: widen(a, scale) - widen(b, scale), scale };
}

/** Half up, i.e. away from zero on an exact half (12.5 → 13, −12.5 → −13): the usual rule for money. */
export function roundHalfUp(d: Decimal): number {
  if (d.scale === 0) return Number(d.units);
  const divisor = 10n ** BigInt(d.scale);
  const magnitude = d.units < 0n ? -d.units : d.units;
  const whole = magnitude / divisor;
  const rounded = (magnitude % divisor) * 2n >= divisor ? whole + 1n : whole;
  return Number(d.units < 0n ? -rounded : rounded);
}

/** A decimal as a JSON number (exact for the short decimals a basis shows). */
export const decimalToNumber = (d: Decimal): number => Number(d.units) / 10 ** d.scale;

/** The exact product of the given numbers, rounded half up once to a whole number (of cents). */
export function roundedProduct(...factors: number[]): number {
  return roundHalfUp(factors.map(decimalOf).reduce(mulDecimal, { units: 1n, scale: 0 }));
}

export type ParsedAmount = { ok: true; cents: number } | { ok: false; reason: string };

/**
 * A dollar amount from a JSON body: a finite number with at most two decimals, 0 to $1,000,000.00
 * (negative only when allowed). The reason reads after the field name in a field_invalid message.
 */
export function parseDollars(value: unknown, opts: { allowNegative?: boolean } = {}): ParsedAmount {
  const allowed = `a number of dollars with at most two decimals (e.g. 45.01)${opts.allowNegative ? '' : ', not negative'}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, reason: `must be ${allowed}` };
  const d = decimalOf(value);
  if (d.scale > 2) return { ok: false, reason: `must be ${allowed}: ${String(value)} has more than two decimals` };
  if (value < 0 && !opts.allowNegative) return { ok: false, reason: `must be ${allowed}` };
  const cents = Number(widen(d, 2));
  if (Math.abs(cents) > MAX_AMOUNT_CENTS) return { ok: false, reason: `must be at most ${renderCents(MAX_AMOUNT_CENTS).toFixed(2)} dollars` };
  return { ok: true, cents };
}

/** Cents as the API's dollars: 4501 → 45.01, built from the digits so no float product can blur it. */
export function renderCents(cents: number): number {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`an amount must be whole cents: ${cents}`);
  const magnitude = Math.abs(cents);
  const text = `${cents < 0 ? '-' : ''}${Math.floor(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
  return Number(text);
}

/** A total: the integer sum of its parts, never a rounding of its own. */
export const sumCents = (amounts: readonly number[]): number => amounts.reduce((a, b) => a + b, 0);
