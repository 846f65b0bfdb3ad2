// The driver app's answers, rendered and serialized here once: the step's answer is stored under its
// Idempotency-Key in the step's transaction, so it must be the very bytes that are sent.
import fastJson from 'fast-json-stringify';
import type { Static } from 'typebox';
import { formatInstant } from '../../lib/instant.ts';
import { type Links, moveDocument, type ScenarioView } from '../moves/move-document.ts';
import { DriverMoveSchema, LocationAnswer } from './driver-app.schemas.ts';

export type DriverMove = Static<typeof DriverMoveSchema>;

export function driverMoveDocument(view: ScenarioView, moveId: number, links: Links): DriverMove {
  const m = view.moves.find((x) => x.id === moveId)!;
  return {
    ...moveDocument(m, view, links),
    ready_by_time_utc: formatInstant(view.scenario.ready_by_time),
    appointment_time_utc: view.scenario.appointment_time === null ? null : formatInstant(view.scenario.appointment_time),
    customer_name: view.scenario.customer_name,
    customer_phone: view.scenario.customer_phone,
  };
}

export const driverMoveJson: (move: DriverMove) => string = fastJson(DriverMoveSchema);

export const locationAnswerJson: (answer: Static<typeof LocationAnswer>) => string = fastJson(LocationAnswer);
