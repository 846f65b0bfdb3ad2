// The driver app's request bodies.
import { FieldReader, Problems } from '../../lib/validation.ts';
import type { StepInput } from '../moves/lifecycle/lifecycle.repository.ts';
import { STEPS } from '../moves/lifecycle/state-machine.ts';

/** The ranges of the driver app's numbers and the longest note (the schemas state the same). */
export const LAT = { min: -90, max: 90 } as const;
export const LON = { min: -180, max: 180 } as const;
export const ODOMETER = { min: 0, max: 10_000_000 } as const;
export const FUEL_LEVEL = { min: 0, max: 100 } as const;
export const NOTES_MAX = 2000;

export function readPosition(r: FieldReader): { lat: number | undefined; lon: number | undefined } {
  return {
    lat: r.number('lat', { required: true, ...LAT }),
    lon: r.number('lon', { required: true, ...LON }),
  };
}

export function readStep(body: Record<string, unknown>): StepInput {
  const problems = new Problems();
  const r = FieldReader.root(problems, body);
  const step = r.oneOf('step', STEPS, { required: true });
  const { lat, lon } = readPosition(r);
  const odometer = r.number('odometer', { required: false, ...ODOMETER });
  const fuelLevel = r.number('fuel_level', { required: false, ...FUEL_LEVEL });
  const notes = r.string('notes', { required: false, max: NOTES_MAX });
  problems.throwIfAny();
  return { step: step!, lat: lat!, lon: lon!, odometer, fuelLevel, notes };
}

export function readLocationPing(body: Record<string, unknown>): { lat: number; lon: number } {
  const problems = new Problems();
  const { lat, lon } = readPosition(FieldReader.root(problems, body));
  problems.throwIfAny();
  return { lat: lat!, lon: lon! };
}
