// PATCH /v1/moves/:id (spec §6): which fields may change, how each is read, and the state rule.
// Absent means "unchanged"; null clears an optional field.
import type { MoveRow } from '../../db/schema.ts';
import { ApiError } from '../../lib/errors.ts';
import { FieldReader, Problems } from '../../lib/validation.ts';
import { readBookingTime } from './booking-time.ts';
import { MOVE_MAX } from './move.limits.ts';
import { readVehicleYear, readVin } from './vehicle-fields.ts';

export const EDITABLE_FIELDS = [
  'vehicle_year',
  'vehicle_make',
  'vehicle_model',
  'vehicle_color',
  'vehicle_stock',
  'vehicle_vin',
  'ready_by',
  'reference_num',
] as const;

export interface MovePatch {
  /** Column → new value, for the move's own columns. */
  columns: Partial<Pick<MoveRow, 'vehicle_year' | 'vehicle_make' | 'vehicle_model' | 'vehicle_color' | 'vehicle_stock' | 'vehicle_vin' | 'reference_id'>>;
  readyBy?: number;
}

export function readMovePatch(body: Record<string, unknown>, ctx: { now: number; currentYear: number; isLoaner: boolean }): MovePatch {
  const problems = new Problems();
  const r = FieldReader.root(problems, body);
  const present = EDITABLE_FIELDS.filter((f) => f in body);
  if (present.length === 0) {
    throw new ApiError('field_missing', `send at least one of ${EDITABLE_FIELDS.join(', ')}`);
  }

  const columns: MovePatch['columns'] = {};
  const has = (key: string) => key in body;
  // make and model identify the vehicle: a customer's vehicle cannot lose them (a loaner may).
  const text = (key: 'vehicle_make' | 'vehicle_model' | 'vehicle_color' | 'vehicle_stock', required: boolean) => {
    if (!has(key)) return;
    if (required && r.isAbsent(key)) {
      r.invalid(key, `${key} cannot be removed from this vehicle`, 'field_missing');
      return;
    }
    const value = r.string(key, { required: false, max: MOVE_MAX.vehicleText, acceptNumber: key === 'vehicle_stock' });
    if (!problems.has(key)) columns[key] = value;
  };
  text('vehicle_make', !ctx.isLoaner);
  text('vehicle_model', !ctx.isLoaner);
  text('vehicle_color', false);
  text('vehicle_stock', false);
  if (has('vehicle_year')) {
    const year = readVehicleYear(r, 'vehicle_year', ctx.currentYear);
    if (!problems.has('vehicle_year')) columns.vehicle_year = year;
  }
  if (has('vehicle_vin')) {
    const vin = readVin(r, 'vehicle_vin');
    if (!problems.has('vehicle_vin')) columns.vehicle_vin = vin;
  }
  if (has('reference_num')) {
    const ref = r.string('reference_num', { required: false, max: MOVE_MAX.reference, acceptNumber: true });
    if (!problems.has('reference_num')) columns.reference_id = ref;
  }
  let readyBy: number | undefined;
  if (has('ready_by')) readyBy = readBookingTime(r, 'ready_by', ctx.now);

  problems.throwIfAny();
  return { columns, ...(readyBy === undefined ? {} : { readyBy }) };
}

/** Why a move can no longer be edited, or null when it can (before pickup successful, not canceled). */
export function notEditableReason(move: MoveRow): string | null {
  if (move.cancel_status === 'canceled' || move.cancel_status === 'partial') return `move ${move.id} is canceled`;
  if (move.cancel_status === 'pending') return `move ${move.id} has a cancelation pending`;
  if (move.pickup_successful !== null) return `move ${move.id} has already been picked up (${move.status})`;
  return null;
}
