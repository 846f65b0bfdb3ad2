// A rooftop's payer setting (spec §12.4: "a rooftop's account may require it or give a default"),
// checked as a pure rule before it is stored.
import type { FieldProblem } from '../../../lib/errors.ts';
import type { PayerSetting } from './payer-choice.ts';

/** A PATCH of the setting: absent keys stay as they are. */
export interface SettingChange {
  required?: boolean;
  defaultPayerId?: number | null;
}

export function applySettingChange(current: PayerSetting, change: SettingChange): PayerSetting {
  return {
    required: change.required ?? current.required,
    defaultPayerId: change.defaultPayerId !== undefined ? change.defaultPayerId : current.defaultPayerId,
  };
}

/**
 * What is wrong with the setting a change leads to, given the rooftop's payers. A default must be
 * one of them (another rooftop's is told like an unknown id). Requiring a payer of a rooftop that
 * has none is refused: every booking of the rooftop would then be refused, with no id to send.
 */
export function settingProblems(change: SettingChange, next: PayerSetting, payerIds: readonly number[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const id = change.defaultPayerId;
  if (id !== undefined && id !== null && !payerIds.includes(id)) {
    problems.push({ code: 'field_invalid', field: 'default_payer_id', message: `default_payer_id ${id} is not one of the rooftop's payers` });
  }
  if (next.required && payerIds.length === 0) {
    problems.push({
      code: 'field_invalid',
      field: 'payer_required',
      message: 'payer_required cannot be true: the rooftop has no payers yet (add one first: POST /v1/ops/payers)',
    });
  }
  return problems;
}
