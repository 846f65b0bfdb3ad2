// A driver step's part in the move's inspections (spec §10.4), as the parts of a scenario change:
// refused with workflow_incomplete while a gate or the slot it completes is incomplete; otherwise
// the slot is signed with its seal, and at delivery the ends are compared — new or worse damage is
// move.damage.detected (the document plus the damage, attributed to the leg and its driver), and
// the signed delivery with every photo stored is move.bol.ready.
import { ApiError } from '../../../lib/errors.ts';
import type { PriorDamage } from '../../workflows/definitions/prior-damages.ts';
import { slotState, type SlotState } from '../../workflows/definitions/slot-rules.ts';
import { inspectStep } from '../../workflows/definitions/step-inspection.ts';
import type { MoveRow } from '../../../db/schema.ts';
import type { ScenarioView } from '../move-document.ts';
import type { ScenarioChange } from '../scenario-transition.ts';
import type { Step } from './state-machine.ts';

/**
 * The move's inspection slots as the rules see them (none for a move booked before inspections).
 * `priorDamages`: the vehicle's prior damages to be reviewed at pickup, where the caller looked them up.
 */
export function slotStatesOf(view: ScenarioView, moveId: number, priorDamages?: PriorDamage[]): SlotState[] {
  const photos = view.photos.get(moveId) ?? [];
  return (view.slots.get(moveId) ?? []).map((row) => ({ ...slotState(row, photos), ...(row.slot === 'pickup' && priorDamages ? { priorDamages } : {}) }));
}

/** The slot writes and extra events of `step` on `move`; throws workflow_incomplete when it must wait. */
export function inspectionChange(view: ScenarioView, move: MoveRow, step: Step, now: number, priorDamages?: PriorDamage[]): Pick<ScenarioChange, 'slots' | 'events'> {
  const laneMiles = view.lanes.get(move.lane_id)?.distance_miles ?? null;
  const inspection = inspectStep(slotStatesOf(view, move.id, priorDamages), move.id, step, now, laneMiles);
  if (inspection.problems.length) {
    const first = inspection.problems[0]!;
    throw new ApiError('workflow_incomplete', `cannot record ${step}: ${first.message}`, inspection.problems);
  }
  if (!inspection.signs) return { slots: [], events: [] };
  const { slot, ...values } = inspection.signs;
  const events: ScenarioChange['events'] = [];
  const { comparison } = inspection;
  if (comparison && inspection.damaged) {
    const damage = {
      move_id: move.id,
      cardinality: move.cardinality,
      driver_id: move.driver_id,
      driver_name: move.driver_id === null ? null : (view.driverNames.get(move.driver_id) ?? null),
      diff: comparison.diff,
      odometer_delta: comparison.odometerDelta,
      fuel_delta: comparison.fuelDelta,
      warnings: comparison.warnings,
    };
    events.push({ moveIds: [move.id], type: 'move.damage.detected', data: (doc) => withKey(doc, 'damage', damage) });
  }
  // The gate above held the step until every photo of the slot was stored: the pack is complete.
  if (slot === 'delivery') events.push({ moveIds: [move.id], type: 'move.bol.ready' });
  return { slots: [{ moveId: move.id, slot, values }], events };
}

/** A serialized JSON object with one more key at its end (the document is spliced, not re-parsed). */
function withKey(json: string, key: string, value: unknown): string {
  return `${json.slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(value)}}`;
}
