// Who a booking is billed to (spec §12.4), as a pure rule: the third_party_payer it names, which
// must be one of the rooftop's payers; else, when the rooftop requires one, a refusal; else the
// rooftop's default payer; else nobody (null: the rooftop itself is billed).
import type { FieldProblem } from '../../../lib/errors.ts';

export const PAYER_FIELD = 'third_party_payer';

export interface PayerSetting {
  required: boolean;
  /** Bills a booking that names no payer while the rooftop does not require one. */
  defaultPayerId: number | null;
}

/**
 * `sent`: the id the booking named (null: none); `isRooftopPayer`: whether it is one of the
 * booking rooftop's payers (another rooftop's is told exactly like an unknown id, spec §3).
 * A rooftop that requires a payer bills no default: the booking must say whom.
 */
export function choosePayer(setting: PayerSetting, sent: number | null, isRooftopPayer: boolean): { payerId: number | null } | { problem: FieldProblem } {
  if (sent !== null) {
    if (isRooftopPayer) return { payerId: sent };
    return { problem: { code: 'field_invalid', field: PAYER_FIELD, message: `${PAYER_FIELD} ${sent} is not one of the rooftop's payers (GET /v1/payers lists them)` } };
  }
  if (setting.required) {
    return { problem: { code: 'field_missing', field: PAYER_FIELD, message: `${PAYER_FIELD} is required: this rooftop bills every move to a payer (GET /v1/payers lists them)` } };
  }
  return { payerId: setting.defaultPayerId };
}
