// What a driver step means for the move's inspections (spec §10.4), as one pure decision the
// lifecycle takes under its lock: refuse the step while a gate or the completing slot is
// incomplete; otherwise sign the slot it completes (seal and time), and at delivery compare the ends.
import type { FieldProblem } from '../../../lib/errors.ts';
import type { Step as LifecycleStep } from '../../moves/move-statuses.ts';
import { damageDetected } from '../condition/damage-diff.ts';
import { type Comparison, compareEnds, sealOf } from './condition-report.ts';
import { COMPLETING_STEP, completionProblems, gateProblems, type SlotState } from './slot-rules.ts';
import { SLOTS } from './workflow-step.ts';

export interface StepInspection {
  /** Non-empty: the step is refused with workflow_incomplete. */
  problems: FieldProblem[];
  /** The slot this step signs, with its seal. */
  signs: { slot: string; signed_at: number; report_sha256: string } | null;
  /** At delivery_successful: the two ends compared. */
  comparison: Comparison | null;
  /** The comparison found new or worse damage (move.damage.detected). */
  damaged: boolean;
}

/**
 * `states`: the move's slots (none for a move booked before inspections: nothing to check).
 * `laneMiles`: for the odometer rule.
 */
export function inspectStep(states: SlotState[], moveId: number, step: LifecycleStep, now: number, laneMiles: number | null): StepInspection {
  const none: StepInspection = { problems: [], signs: null, comparison: null, damaged: false };
  if (!states.length) return none;
  const completing = SLOTS.find((slot) => COMPLETING_STEP[slot] === step);
  const state = completing && states.find((s) => s.slot === completing);
  const problems = [...gateProblems(states, step), ...(state ? completionProblems(state) : [])];
  if (problems.length) return { ...none, problems };
  if (!state) return none;
  const signed = { ...state, signedAt: now };
  const signs = { slot: state.slot, signed_at: now, report_sha256: sealOf(signed, moveId) };
  const pickup = states.find((s) => s.slot === 'pickup');
  if (state.slot !== 'delivery' || !pickup) return { ...none, signs };
  const comparison = compareEnds(pickup, signed, laneMiles);
  return { problems: [], signs, comparison, damaged: damageDetected(comparison.diff) };
}
