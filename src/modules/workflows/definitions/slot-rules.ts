// When a move's inspection slot may be written and when it may complete (spec §10.2, §10.4), as
// pure rules over the slot's steps, data and photos. The lifecycle asks completionProblems before
// `<slot>_successful` and gateProblems before every step; the writers ask writeRefusal.
import type { FieldProblem } from '../../../lib/errors.ts';
import { isCanceled, type Step as LifecycleStep } from '../../moves/move-statuses.ts';
import { type PriorDamage, PRIOR_DAMAGES_REVIEW_KEY, unreviewedPriorDamages } from './prior-damages.ts';
import { parseSteps, type Slot, type Step } from './workflow-step.ts';

/** A slot as the rules see it: the move's row of it, and its current photos. */
export interface SlotState {
  slot: Slot;
  steps: Step[];
  data: Record<string, unknown>;
  signedAt: number | null;
  photos: SlotPhoto[];
  /**
   * Pickup only: the vehicle's prior damages the driver must confirm or dispute (prior-damages.ts).
   * Set by whoever looked them up (the lifecycle before pickup_successful, the driver's slot view and
   * writes); undefined where nobody did, which asks for no review.
   */
  priorDamages?: PriorDamage[];
}

export interface SlotPhoto {
  id: string;
  slot: string;
  step_id: string;
  status: string;
  kind: string;
  sha256: string;
}

/** The driver's slot opens when they arrive at that end (spec §10.2) and closes when it is signed. */
export const OPENING_STATUS: Record<Slot, string> = { pickup: 'pickup arrived', delivery: 'delivery arrived' };
/** The driver step that completes (signs) each slot. */
export const COMPLETING_STEP: Record<Slot, LifecycleStep> = { pickup: 'pickup_successful', delivery: 'delivery_successful' };

/** The slot's row and the move's current photos (those of the other slot are left out). */
export function slotState(row: { slot: string; steps: string; data: string; signed_at: number | null }, photos: SlotPhoto[]): SlotState {
  return {
    slot: row.slot as Slot,
    steps: parseSteps(row.steps),
    data: JSON.parse(row.data) as Record<string, unknown>,
    signedAt: row.signed_at,
    photos: photos.filter((p) => p.slot === row.slot),
  };
}

/** Why this writer may not write the slot now, or null. `driver`: only while the slot is open. */
export function writeRefusal(
  state: SlotState,
  move: { id: number; status: string | null; cancel_status: string | null },
  writer: 'driver' | 'server',
): string | null {
  if (isCanceled(move)) return `move ${move.id} is canceled`;
  if (state.signedAt !== null) return `the ${state.slot} inspection of move ${move.id} is signed; it can no longer change`;
  if (writer === 'driver' && move.status !== OPENING_STATUS[state.slot]) {
    return `the ${state.slot} inspection of move ${move.id} opens at "${OPENING_STATUS[state.slot]}" (the move is ${move.status === null ? 'not dispatched' : `"${move.status}"`})`;
  }
  return null;
}

/** Whether a step has a value that counts: a gate on a boolean needs true; anything else any non-null value. */
function satisfied(step: Step, value: unknown, forGate: boolean): boolean {
  if (value === undefined || value === null) return false;
  if (forGate && step.type === 'boolean') return value === true;
  return true;
}

const missing = (slot: Slot, step: Step, message: string): FieldProblem => ({
  code: 'workflow_incomplete',
  field: `${slot}_workflow_data.${step.id}`,
  message,
});

/** The required steps without a value (what the driver app shows as still missing). */
export function missingSteps(state: SlotState): Step[] {
  return state.steps.filter((step) => {
    const value = step.type === 'photo' ? currentPhotoOf(state, step.id)?.id : state.data[step.id];
    return step.config.required === true && !satisfied(step, value, false);
  });
}

/** What stops the slot from completing: each required step without a value, and each photo not yet done. */
export function completionProblems(state: SlotState): FieldProblem[] {
  const problems = missingSteps(state).map((step) =>
    missing(state.slot, step, `${step.config.label ?? step.id} (${step.id}) is required before ${COMPLETING_STEP[state.slot]}`),
  );
  for (const damage of unreviewedPriorDamages(state)) {
    problems.push({
      code: 'workflow_incomplete',
      field: `${state.slot}_workflow_data.${PRIOR_DAMAGES_REVIEW_KEY}`,
      message: `the prior damage ${damage.type} on ${damage.panel} (delivered by move ${damage.from_move_id}) must be confirmed or disputed before ${COMPLETING_STEP[state.slot]}`,
    });
  }
  for (const photo of state.photos) {
    if (photo.status !== 'done') {
      problems.push({
        code: 'workflow_incomplete',
        field: `${state.slot}_photos.${photo.id}`,
        message: `photo ${photo.id} (${photo.step_id}) is still being stored; try again in a moment`,
      });
    }
  }
  return problems;
}

/** Each gate step of the move's slots that blocks `step` and is not yet satisfied. */
export function gateProblems(states: SlotState[], step: LifecycleStep): FieldProblem[] {
  return states.flatMap((state) =>
    state.steps
      .filter((s) => s.config.gate === step && !satisfied(s, state.data[s.id], true))
      .map((s) => missing(state.slot, s, `${s.config.label ?? s.id} (${s.id}) must be ${s.type === 'boolean' ? 'true' : 'set'} before ${step}`)),
  );
}

/** The photo a photo step shows now (a retake replaced any earlier one). */
export function currentPhotoOf(state: SlotState, stepId: string) {
  return state.photos.find((p) => p.step_id === stepId && p.kind === 'photo');
}
