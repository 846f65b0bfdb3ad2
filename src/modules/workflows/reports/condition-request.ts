// Reading the condition history's requests (spec §10.4): a vehicle is named by its VIN in the path,
// or, without a VIN, by the rooftop's stock number in the query; every problem is listed (spec §4).
import { isPlainObject, queryInteger, readFields, type FieldReader } from '../../../lib/validation.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import { MOVE_MAX } from '../../moves/move.limits.ts';
import { readVin } from '../../moves/vehicle-fields.ts';
import { readRooftopChoice } from '../../rooftops/rooftop-choice.ts';

/** How many reports one history answers: at most 50, newest first (ours). */
export const HISTORY_LIMIT = { min: 1, max: 50, default: 50 } as const;

export interface VinHistoryQuery {
  vin: string;
  limit: number;
}

export interface StockHistoryQuery {
  stock: string;
  rooftopId: number;
  limit: number;
}

const readLimit = (r: FieldReader) => queryInteger(r, 'limit', HISTORY_LIMIT.min, HISTORY_LIMIT.max) ?? HISTORY_LIMIT.default;

/** GET /v1/vehicles/:vin/condition: the VIN uppercased (field_invalid at `vin` unless it is one). */
export function readVinHistory(vin: string, query: unknown): VinHistoryQuery {
  const fields = { ...(isPlainObject(query) ? query : {}), vin };
  return readFields(fields, (r) => {
    if (r.isAbsent('vin')) r.invalid('vin', 'vin is required', 'field_missing');
    return { vin: readVin(r, 'vin') ?? '', limit: readLimit(r) };
  });
}

/** GET /v1/vehicles/condition?stock=&rooftop=: `rooftop` is required of a client with several. */
export function readStockHistory(query: unknown, auth: AuthContext): StockHistoryQuery {
  const given = isPlainObject(query) ? query : {};
  // A query string is text; the rooftop reader takes the JSON integer a body would send.
  const rooftop = typeof given.rooftop === 'string' && /^\d{1,15}$/.test(given.rooftop) ? Number(given.rooftop) : given.rooftop;
  return readFields({ ...given, rooftop }, (r) => ({
    stock: r.string('stock', { required: true, max: MOVE_MAX.vehicleText }) ?? '',
    rooftopId: readRooftopChoice(r, auth) ?? 0,
    limit: readLimit(r),
  }));
}
