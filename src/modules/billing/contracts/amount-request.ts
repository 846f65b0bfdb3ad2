// An amount of a request: dollars, a JSON number from 0 to AMOUNT_MAX_DOLLARS with at most two
// decimals (45.01; 1.234 is field_invalid), read into integer cents (lib/money.ts).
import { parseDollars } from '../../../lib/money.ts';
import type { FieldReader } from '../../../lib/validation.ts';

/** The largest amount a contract takes, dollars: far above any real rate. */
export const AMOUNT_MAX_DOLLARS = 100_000;

/** Cents; undefined when a problem was recorded (or a required one is absent), null when an optional one is absent. */
export function readAmount(r: FieldReader, key: string, required: boolean): number | null | undefined {
  const dollars = required ? r.number(key, { required: true, min: 0, max: AMOUNT_MAX_DOLLARS }) : r.number(key, { required: false, min: 0, max: AMOUNT_MAX_DOLLARS });
  if (dollars === null || dollars === undefined) return dollars;
  const parsed = parseDollars(dollars);
  if (!parsed.ok) r.invalid(key, `${r.at(key)} ${parsed.reason}`);
  return parsed.ok ? parsed.cents : undefined;
}
