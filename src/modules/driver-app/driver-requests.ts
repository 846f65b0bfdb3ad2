// The driver app's request bodies.
import { FieldReader, Problems } from '../../lib/validation.ts';
import type { StepInput } from '../moves/lifecycle/lifecycle.repository.ts';
import { STEPS } from '../moves/lifecycle/state-machine.ts';

export function readPosition(r: FieldReader): { lat: number | undefined; lon: number | undefined } {
  return {
    lat: r.number('lat', { required: true, min: -90, max: 90 }),
    lon: r.number('lon', { required: true, min: -180, max: 180 }),
  };
}

export function readStep(body: Record<string, unknown>): StepInput {
  const problems = new Problems();
  const r = FieldReader.root(problems, body);
  const step = r.oneOf('step', STEPS, { required: true });
  const { lat, lon } = readPosition(r);
  const odometer = r.number('odometer', { required: false, min: 0, max: 10_000_000 });
  const fuelLevel = r.number('fuel_level', { required: false, min: 0, max: 100 });
  const notes = r.string('notes', { required: false, max: 2000 });
  problems.throwIfAny();
  return { step: step!, lat: lat!, lon: lon!, odometer, fuelLevel, notes };
}

export function readLocationPing(body: Record<string, unknown>): { lat: number; lon: number } {
  const problems = new Problems();
  const { lat, lon } = readPosition(FieldReader.root(problems, body));
  problems.throwIfAny();
  return { lat: lat!, lon: lon! };
}
