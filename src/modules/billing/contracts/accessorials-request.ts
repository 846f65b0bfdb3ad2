// A contract's accessorial rates (spec §12.1, ours) from a request. Every field may be left out:
// an omitted fee is 0, wait_free_minutes 15, fuel { "type": "none" } — a contract that names no
// accessorials charges none, and nothing is priced from a guess.
import type { FieldReader } from '../../../lib/validation.ts';
import { type AccessorialRates, DEFAULT_WAIT_FREE_MINUTES, type FuelRule } from './contract.ts';
import { readAmount } from './amount-request.ts';

export const ACCESSORIAL_LIMITS = { freeMinutes: 1440, tankGallons: { min: 1, max: 500 } } as const;
export const FUEL_TYPES = ['none', 'actual'] as const;

const FEES = ['wait_per_minute', 'cancel_partial_fee', 'dry_run_fee', 'rush_fee'] as const;

/** `accessorials` (optional, each field too); undefined when a problem was recorded. */
export function readAccessorials(r: FieldReader): AccessorialRates | undefined {
  const before = r.problems.list.length;
  const a = r.object('accessorials', { required: false });
  const fees = Object.fromEntries(FEES.map((k) => [k, (a && readAmount(a, k, false)) ?? 0])) as Record<(typeof FEES)[number], number>;
  const free = a?.integer('wait_free_minutes', { required: false, min: 0, max: ACCESSORIAL_LIMITS.freeMinutes });
  const fuel = a ? readFuel(a) : { kind: 'none' as const };
  if (r.problems.list.length !== before || !fuel) return undefined;
  return {
    wait_per_minute: fees.wait_per_minute,
    wait_free_minutes: free ?? DEFAULT_WAIT_FREE_MINUTES,
    fuel,
    cancel_partial_fee: fees.cancel_partial_fee,
    dry_run_fee: fees.dry_run_fee,
    rush_fee: fees.rush_fee,
  };
}

/**
 * `fuel`: { type: "none" } (the default) or { type: "actual", price_per_gallon, target_level,
 * default_tank_gallons }. The three numbers are checked whenever sent, and required for actual.
 */
function readFuel(a: FieldReader): FuelRule | undefined {
  const f = a.object('fuel', { required: false });
  if (!f) return { kind: 'none' };
  const type = f.oneOf('type', FUEL_TYPES, { required: true });
  const actual = type === 'actual';
  const price = readAmount(f, 'price_per_gallon', actual);
  const target = actual ? f.number('target_level', { required: true, min: 0, max: 1 }) : f.number('target_level', { required: false, min: 0, max: 1 });
  const { min, max } = ACCESSORIAL_LIMITS.tankGallons;
  const tank = actual ? f.number('default_tank_gallons', { required: true, min, max }) : f.number('default_tank_gallons', { required: false, min, max });
  if (type === 'none') return { kind: 'none' };
  if (type === undefined || typeof price !== 'number' || typeof target !== 'number' || typeof tank !== 'number') return undefined;
  return { kind: 'actual', price_per_gallon: price, target_level: target, default_tank_gallons: tank };
}
