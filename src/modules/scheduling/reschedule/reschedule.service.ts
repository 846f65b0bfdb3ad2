// Reschedule (spec §11.5): a move that was attempted but cannot finish is given up — every move of
// its scenario gets cancel_status "rescheduled" and the reason — and its scenario is booked again
// for the new time, through the one booking pipeline, in ONE transaction: the new booking, the
// original's change, its move.rescheduled events and the caller's stored answer commit together.
import type { Transaction, WriteOptions } from '../../../db/executor.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, moveNotFound } from '../../../lib/errors.ts';
import { formatInstant } from '../../../lib/instant.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import type { BookingResult, BookingService } from '../../moves/booking/booking.service.ts';
import { moveKindOf } from '../../moves/kinds/move-kinds.ts';
import type { ScenarioView } from '../../moves/move-document.ts';
import { RESCHEDULED } from '../../moves/move-statuses.ts';
import { findScenarioIdOfMove, loadScenario, updateScenario } from '../../moves/moves.repository.ts';
import { type TransitionDeps, transitionScenarioIn } from '../../moves/scenario-transition.ts';
import { readCapacity } from '../capacity/capacity.ts';
import { type NewTime, rebookingCommand } from './rebooking.ts';
import { checkReschedule, deliverByTimes, type RescheduleTimeField, timeFieldOf, type Verdict } from './reschedule-rules.ts';
import { rescheduledJson } from './reschedule.schemas.ts';

export interface RescheduleCommand {
  time: NewTime;
  reason: string;
  /** Book the new time even when no driver's shift fits it (spec §11.5: "only when ops say force"). */
  force: boolean;
}

/** Who gave the attempt up (moves.cancel_decided_by). */
export type RescheduledBy = 'ops' | 'sandbox';

export interface RescheduleDeps extends TransitionDeps {
  clock: Clock;
  booking: BookingService;
}

const refuse = (v: Verdict) => {
  if (!v.ok) throw new ApiError('move_not_modifiable', `cannot reschedule: ${v.reason}`);
};

export class RescheduleService {
  constructor(private readonly deps: RescheduleDeps) {}

  /** Ops: reschedule the move's scenario; answers the move's rescheduledJson. */
  async reschedule(auth: AuthContext, moveId: number, command: RescheduleCommand, options: WriteOptions = {}): Promise<string> {
    const scenarioId = await findScenarioIdOfMove(this.deps.database.db, moveId, auth.rooftopIds);
    if (scenarioId === undefined) throw moveNotFound();
    return this.rescheduleScenario(scenarioId, moveId, command, 'ops', options);
  }

  /** Reschedules a scenario (`moveId`: the move the answer is about). */
  async rescheduleScenario(
    scenarioId: number,
    moveId: number,
    command: RescheduleCommand,
    by: RescheduledBy,
    options: WriteOptions = {},
  ): Promise<string> {
    const { database, booking, publicUrl } = this.deps;
    const original = await loadScenario(database.db, scenarioId);
    if (!original) throw moveNotFound();
    // Checked before anything slow (geocoding, routing), and again under the lock.
    refuseTimeOfOtherKind(original, moveId, command.time.field);
    refuse(checkReschedule(original.moves));
    const rebooking = rebookingCommand(original, command.time, { ...booking.readContext(), publicUrl });

    let answer: string | undefined;
    await booking.book(rebooking, {
      replacing: [scenarioId],
      inTransaction: async (trx, _json, booked) => {
        if (!command.force) await refuseWithoutCapacity(trx, scenarioId, booked, command.time.field, this.deps.clock.now());
        answer = await this.giveUp(trx, { scenarioId, moveId, command, by, booked });
        await options.inTransaction?.(trx, answer);
      },
    });
    return answer!;
  }

  /**
   * Marks every move of the original rescheduled (through the scenario transition, under its lock)
   * and writes one move.rescheduled per original move; returns the answer about `moveId`.
   */
  private async giveUp(
    trx: Transaction,
    p: { scenarioId: number; moveId: number; command: RescheduleCommand; by: RescheduledBy; booked: BookingResult },
  ): Promise<string> {
    const now = this.deps.clock.now();
    const { view: fresh, json: newJson } = p.booked;
    await updateScenario(trx, fresh.scenario.id, { rescheduled_from: p.scenarioId });
    // The event data and the answer of one original move, given the original's document after the change.
    let about: (moveId: number, json: string) => string = () => '';
    const { json } = await transitionScenarioIn(trx, this.deps, p.scenarioId, now, (locked) => {
      refuse(checkReschedule(locked.moves));
      const legMinutes = locked.moves.map((m) => locked.lanes.get(m.lane_id)?.duration_minutes ?? 0);
      const deliverBy = deliverByTimes(locked.scenario.ready_by_time, legMinutes);
      about = (moveId, document) => {
        const i = locked.moves.findIndex((m) => m.id === moveId);
        const counterpart = fresh.moves.find((n) => n.cardinality === locked.moves[i]!.cardinality)!;
        return rescheduledJson({ move: document, newMove: newJson, moveId, newMoveId: counterpart.id, deliverByMs: deliverBy[i]! });
      };
      return {
        updates: locked.moves.map((m) => ({
          moveId: m.id,
          values: { cancel_status: RESCHEDULED, cancel_reason: p.command.reason, cancel_decided_at: now, cancel_decided_by: p.by },
        })),
        // One per original move (its own deliver-by and counterpart), each carrying both documents.
        events: locked.moves.map((m) => ({ moveIds: [m.id], type: 'move.rescheduled' as const, data: (document: string) => about(m.id, document) })),
      };
    });
    return about(p.moveId, json);
  }
}

/** The time field the move's kind is booked by, or field_invalid naming the one sent. */
function refuseTimeOfOtherKind(original: ScenarioView, moveId: number, field: RescheduleTimeField): void {
  const kind = moveKindOf(original.scenario.kind);
  const wanted = timeFieldOf(kind);
  if (field === wanted) return;
  const message = `${field}: move ${moveId} is a ${kind.kind} move, rescheduled by ${wanted} (the time its booking takes)`;
  throw ApiError.fromProblems([{ code: 'field_invalid', field, message }]);
}

/**
 * Unless forced, the new booking must fit a driver's shift with everything else booked and held
 * staying placed — as if the original were gone (it is, in this transaction). Its occupied span is
 * the one the booking just wrote (occupancy.ts's rule over the same lanes).
 */
async function refuseWithoutCapacity(trx: Transaction, originalId: number, booked: BookingResult, field: RescheduleTimeField, now: number) {
  const s = booked.view.scenario;
  // Every booking writes its span (booking-plan.ts); only scenarios booked before migration 018 lack one.
  const trip = { rooftopId: s.rooftop_id, from: s.busy_from!, until: s.busy_until!, manual: booked.view.moves.some((m) => m.vehicle_manual === 1) };
  const capacity = await readCapacity(trx, { from: trip.from, until: trip.until, now, excludeScenarioIds: [originalId, s.id] });
  if (capacity.fits(trip)) return;
  const message =
    `${field}: no driver's shift has room for the rescheduled trip from ${formatInstant(trip.from)} to ${formatInstant(trip.until)}; ` +
    'choose another time (GET /v1/appointments/availability), or send force: true';
  throw new ApiError('slot_unavailable', message, [{ code: 'slot_unavailable', field, message }]);
}
