// The driver app's request bodies (read with http/body.ts's readBody: every problem listed).
import type { FieldReader } from '../../lib/validation.ts';
import type { StepInput } from '../moves/lifecycle/lifecycle.repository.ts';
import { STEPS } from '../moves/lifecycle/state-machine.ts';

/** The ranges of the driver app's numbers and the longest note (the schemas state the same). */
export const LAT = { min: -90, max: 90 } as const;
export const LON = { min: -180, max: 180 } as const;
export const ODOMETER = { min: 0, max: 10_000_000 } as const;
export const FUEL_LEVEL = { min: 0, max: 100 } as const;
export const NOTES_MAX = 2000;

/** lat and lon (both required); a missing one is reported, so the caller throws before using them. */
export function readPosition(r: FieldReader): { lat: number; lon: number } {
  return {
    lat: r.number('lat', { required: true, ...LAT })!,
    lon: r.number('lon', { required: true, ...LON })!,
  };
}

export function readStep(r: FieldReader): StepInput {
  const step = r.oneOf('step', STEPS, { required: true });
  const { lat, lon } = readPosition(r);
  const odometer = r.number('odometer', { required: false, ...ODOMETER });
  const fuelLevel = r.number('fuel_level', { required: false, ...FUEL_LEVEL });
  const notes = r.string('notes', { required: false, max: NOTES_MAX });
  return { step: step!, lat, lon, odometer, fuelLevel, notes };
}
