import type { FieldReader } from '../../../lib/validation.ts';
import type { LocationInputDraft } from '../../locations/location-request.ts';

/** A move needs two different places; reports the second one when both are the same address. */
export function samePlaceProblem(
  body: FieldReader,
  first: LocationInputDraft | undefined,
  second: LocationInputDraft | undefined,
): boolean {
  if (!first || !second || first.dedupeKey !== second.dedupeKey) return false;
  body.problems.add('address_invalid', second.path, `${second.path} must differ from ${first.path}`);
  return true;
}
