// Writing workflow data (spec §10.2): the dealer's PATCH (server-editable steps only), the driver's
// PATCH and condition report (any step but uploads). Pure: which keys this writer may write, whether
// each value fits its step, and the slot's data after the write. Every problem is listed (422).
import type { FieldProblem } from '../../../lib/errors.ts';
import { normalizeValue, valueProblems } from './step-values.ts';
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
  for (const [key, value] of Object.entries(patch)) {
    const step = state.steps.find((s) => s.id === key);
    if (!step) {
      refuse(key, `the ${state.slot} workflow has no step "${key}"`);
    } else if (writer === 'server' && !step.config.allow_server_edits) {
      refuse(key, `step "${key}" is recorded by the driver (allow_server_edits is false)`);
    } else if (UPLOADED_TYPES.includes(step.type)) {
      refuse(key, `step "${key}" is a ${step.type}: upload it instead`);
    } else {
      const found = valueProblems(step, value, { photoIds });
      // The value's problems name the key (and a path under it: damages.0.panel) as the caller calls it.
      for (const p of found) {
        problems.push({ code: 'workflow_data_invalid', field: fieldOf(key) + p.field.slice(key.length), message: fieldOf(key) + p.message.slice(key.length) });
      }
      if (!found.length) {
        if (value === null) delete data[key];
        else data[key] = normalizeValue(step, value);
      }
    }
  }
  return { problems, data };
}
