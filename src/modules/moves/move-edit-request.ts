// PATCH /v1/moves/:id (spec §6): which fields may change and how each is read. Absent means
// "unchanged"; null clears an optional field.
import { type FieldReader, readFields, requireSomeOf } from '../../lib/validation.ts';
import { readBookingTime } from './booking-time.ts';
import type { MovePatch } from './move-edit.ts';
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

/** What reading a patch needs to know of the move (see MoveEditService.target). */
export interface PatchContext {
  now: number;
  currentYear: number;
  /** A loaner may lose its make and model; a customer's vehicle may not. */
  isLoaner: boolean;
}

export function readMovePatch(body: Record<string, unknown>, ctx: PatchContext): MovePatch {
  requireSomeOf(body, EDITABLE_FIELDS);
  return readFields(body, (r) => readPatchFields(r, body, ctx));
}

function readPatchFields(r: FieldReader, body: Record<string, unknown>, ctx: PatchContext): MovePatch {
  const { problems } = r;
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

  return { columns, ...(readyBy === undefined ? {} : { readyBy }) };
}
