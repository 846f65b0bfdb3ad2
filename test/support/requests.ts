// Realistic booking requests, built fresh for each test so mutations never leak between tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Copies of shared/spec/examples, kept in the repo so a clone tests on its own.
const specDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The reference request/response of the spec, untouched. */
export const referenceRequest = (): Record<string, any> =>
  JSON.parse(readFileSync(`${specDir}concierge-loaner.request.json`, 'utf8'));
export const referenceResponse = (): Record<string, any> =>
  JSON.parse(readFileSync(`${specDir}concierge-loaner.response.json`, 'utf8'));

/** The reference request with the appointment moved into the future of TEST_NOW (Wed 2026-03-25 14:00 UTC). */
export function conciergeLoanerRequest(): Record<string, any> {
  const body = referenceRequest();
  body.appointment_time_utc = '2026-03-25T14:00:00Z';
  return body;
}
