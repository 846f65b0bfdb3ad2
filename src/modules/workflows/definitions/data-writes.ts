// Writing workflow data (spec §10.2): the dealer's PATCH (server-editable steps only), the driver's
// PATCH and condition report (any step but uploads and the dealer's gates). Pure: which keys this
// writer may write, whether each value fits its step, and the slot's data after the write. Every
// problem is listed (422).
import type { FieldProblem } from '../../../lib/errors.ts';
import { normalizeReviews, PRIOR_DAMAGES_REVIEW_KEY, reviewProblems } from './prior-damages.ts';
import { normalizeValue, valueProblems, type ValueProblem } from './step-values.ts';
import type { SlotState } from './slot-rules.ts';
import { UPLOADED_TYPES } from './workflow-step.ts';

export type Writer = 'server' | 'driver';

/** `fieldOf`: how a key is named in the problems (the condition report names its own fields). */
export function applyDataWrite(
  state: SlotState,
  patch: Record<string, unknown>,
  writer: Writer,
  fieldOf: (key: string) => string = (key) => key,
): { problems: FieldProblem[]; data: Record<string, unknown> } {
  const problems: FieldProblem[] = [];
  const data = { ...state.data };
  const photoIds = new Set(state.photos.filter((p) => p.kind === 'photo').map((p) => p.id));
  const refuse = (key: string, message: string) =>
    problems.push({ code: 'workflow_data_invalid', field: fieldOf(key), message: `${fieldOf(key)}: ${message}` });
  // A value's problems name the key (and a path under it: damages.0.panel) as the caller calls it.
  const refuseValue = (key: string, found: ValueProblem[]) => {
    for (const p of found) {
      problems.push({ code: 'workflow_data_invalid', field: fieldOf(key) + p.field.slice(key.length), message: fieldOf(key) + p.message.slice(key.length) });
    }
  };
  for (const [key, value] of Object.entries(patch)) {
    const step = state.steps.find((s) => s.id === key);
    if (!step && key === PRIOR_DAMAGES_REVIEW_KEY) {
      // No step: the driver's answer, at pickup, to the vehicle's prior damages (prior-damages.ts).
      if (writer !== 'driver' || state.slot !== 'pickup') {
        refuse(key, `${key} is the driver's review of prior damages, written at pickup`);
        continue;
      }
      const found = reviewProblems(value, state.priorDamages ?? []);
      refuseValue(key, found);
      if (!found.length && value === null) delete data[key];
      else if (!found.length) data[key] = normalizeReviews(value as unknown[]);
    } else if (!step) {
      refuse(key, `the ${state.slot} workflow has no step "${key}"`);
    } else if (writer === 'server' && !step.config.allow_server_edits) {
      refuse(key, `step "${key}" is recorded by the driver (allow_server_edits is false)`);
    } else if (writer === 'driver' && step.config.allow_server_edits && step.config.gate) {
      // The dealer's gate (a loaner's consumer-info-complete): the driver it holds back may not open it.
      refuse(key, `step "${key}" is set by the dealer; it holds ${step.config.gate} until they do`);
    } else if (UPLOADED_TYPES.includes(step.type)) {
      refuse(key, `step "${key}" is a ${step.type}: upload it instead`);
    } else {
      const found = valueProblems(step, value, { photoIds });
      refuseValue(key, found);
      if (!found.length) {
        if (value === null) delete data[key];
        else data[key] = normalizeValue(step, value);
      }
    }
  }
  return { problems, data };
}
