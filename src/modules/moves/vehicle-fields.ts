// Vehicle field rules shared by booking (vehicle.year, vehicle.vin) and editing (vehicle_year,
// vehicle_vin): one definition of what a valid year and VIN are.
import type { FieldReader } from '../../lib/validation.ts';
import { MOVE_MAX, VEHICLE_YEAR_MIN } from './move.limits.ts';
import { isVinFormatValid, vinWarnings } from './vin.ts';

export interface Warning {
  field: string;
  message: string;
}

/** A 4-digit model year from 1900 to next year + 1; a JSON number is accepted. Null when absent or invalid. */
export function readVehicleYear(r: FieldReader, key: string, currentYear: number): string | null {
  const year = r.string(key, { required: false, acceptNumber: true, max: MOVE_MAX.vehicleYear });
  if (year === null) return null;
  const n = Number(year);
  if (!/^\d{4}$/.test(year) || n < VEHICLE_YEAR_MIN || n > currentYear + 1) {
    r.invalid(key, `${r.at(key)} must be a 4-digit year from ${VEHICLE_YEAR_MIN} to ${currentYear + 1}`);
    return null;
  }
  return year;
}

/** A VIN, uppercased: 17 characters of A–Z and 0–9 without I, O, Q. Null when absent or invalid. */
export function readVin(r: FieldReader, key: string): string | null {
  const raw = r.string(key, { required: false, max: MOVE_MAX.vin });
  if (raw === null) return null;
  const vin = raw.toUpperCase();
  if (!isVinFormatValid(vin)) {
    r.invalid(key, `${r.at(key)} must be 17 characters of A–Z and 0–9, without I, O or Q`);
    return null;
  }
  return vin;
}

/** Check-digit and model-year disagreements: accepted, but reported. */
export function vinWarningsAt(field: string, vin: string | null, year: string | null): Warning[] {
  return vin ? vinWarnings(vin, year).map((message) => ({ field, message })) : [];
}
