// PATCH /v1/moves/:id as one scenario transition (scenario-transition.ts): lock the scenario's
// moves, check the state rule, update, re-check scheduling when ready_by changes, and write
// move.updated events with the new document. The route reads the patch (move-edit-request.ts)
// between target (which says what reading needs to know of the move) and edit.
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../lib/clock.ts';
import { ApiError, moveNotFound } from '../../lib/errors.ts';
import type { IdGenerator } from '../../lib/ids.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { EventLog } from '../events/event-log.ts';
import { findRooftop } from '../rooftops/rooftops.repository.ts';
import { rooftopCalendar } from '../rooftops/rooftop-calendar.ts';
import { earliestAvailable } from '../scheduling/business-hours.ts';
import { type OccupancyRules, occupiedSpan } from '../scheduling/capacity/occupancy.ts';
import { type MovePatch, notEditableReason } from './move-edit.ts';
import { findMoveOfRooftops } from './moves.repository.ts';
import { type ScenarioChange, transitionScenario } from './scenario-transition.ts';
import { vinWarningsAt } from './vehicle-fields.ts';

/** The move a PATCH is about, found in the caller's rooftops, and the instant the edit happens at. */
export interface EditTarget {
  moveId: number;
  scenarioId: number;
  rooftopId: number;
  now: number;
  currentYear: number;
  /** A loaner may lose its make and model; a customer's vehicle may not. */
  isLoaner: boolean;
}

export class MoveEditService {
  constructor(
    private readonly deps: { database: Database; clock: Clock; ids: IdGenerator; events: EventLog; publicUrl: string; occupancy: OccupancyRules },
  ) {}

  /** The move of the caller's rooftops; move_invalid (404) for any other, before its patch is read. */
  async target(auth: AuthContext, moveId: number): Promise<EditTarget> {
    const now = this.deps.clock.now();
    const move = await findMoveOfRooftops(this.deps.database.db, moveId, auth.rooftopIds);
    if (!move) throw moveNotFound();
    return {
      moveId,
      scenarioId: move.scenario_id,
      rooftopId: move.rooftop_id,
      now,
      currentYear: new Date(now).getUTCFullYear(),
      isLoaner: move.role === 'loaner_move',
    };
  }

  /** Applies the patch; returns the scenario's document after the change, serialized. */
  async edit(target: EditTarget, patch: MovePatch): Promise<string> {
    const { now } = target;
    // The rooftop's calendar only matters to a new ready_by; it is read before the lock is taken.
    const rooftop = patch.readyBy === undefined ? undefined : await findRooftop(this.deps.database.db, target.rooftopId);
    const { json } = await transitionScenario(this.deps, target.scenarioId, now, (before): ScenarioChange => {
      const move = before.moves.find((m) => m.id === target.moveId)!;
      // ready_by belongs to the scenario: every move of it must still be editable.
      const affected = patch.readyBy === undefined ? [move] : before.moves;
      for (const m of affected) {
        const reason = notEditableReason(m);
        if (reason) throw new ApiError('move_not_modifiable', `this change is no longer possible: ${reason}`);
      }
      const change: ScenarioChange = { updates: [], events: [{ moveIds: affected.map((m) => m.id), type: 'move.updated' }] };
      if (Object.keys(patch.columns).length) {
        const vin = patch.columns.vehicle_vin !== undefined ? patch.columns.vehicle_vin : move.vehicle_vin;
        const year = patch.columns.vehicle_year !== undefined ? patch.columns.vehicle_year : move.vehicle_year;
        const warnings = vinWarningsAt(`${move.role}.vehicle.vin`, vin, year);
        change.updates.push({ moveId: move.id, values: { ...patch.columns, warnings: JSON.stringify(warnings) } });
      }
      if (patch.readyBy !== undefined) {
        const { earliestMs, message } = earliestAvailable(patch.readyBy, rooftopCalendar(rooftop!));
        // The time the scenario occupies its driver moves with its ready-by (spec §11.2): capacity reads it.
        const legMinutes = before.moves.map((m) => before.lanes.get(m.lane_id)!.duration_minutes);
        const busy = occupiedSpan(patch.readyBy, legMinutes, this.deps.occupancy);
        change.scenario = { ready_by_time: patch.readyBy, earliest_available_time: earliestMs, message, busy_from: busy.from, busy_until: busy.until };
      }
      return change;
    });
    return json;
  }
}
