// Reschedule (spec §11.5) as pure rules: which scenarios may be rescheduled, which time field a
// kind is rescheduled by, and each attempted move's deliver-by time. No clock, no database.
import type { MoveKind } from '../../moves/kinds/move-kind.ts';
import { isCanceled, isFinished, RESCHEDULED } from '../../moves/move-statuses.ts';

export const RESCHEDULE_TIME_FIELDS = ['ready_by_time_utc', 'appointment_time_utc'] as const;
export type RescheduleTimeField = (typeof RESCHEDULE_TIME_FIELDS)[number];

/** How long a reschedule's reason may be (it is shown in every document of the move). */
export const REASON_MAX = 500;

export type Verdict = { ok: true } | { ok: false; reason: string };

interface MoveState {
  id: number;
  status: string | null;
  cancel_status: string | null;
}

/**
 * A scenario may be rescheduled while its attempt can still be given up whole: from booked through
 * any step short of a delivery. Not once any of its moves is delivered — a new booking would drive
 * that vehicle again (for a pair: the swap is half done) — nor when it is canceled, has a
 * cancelation pending (decide that first), or was rescheduled already. Ours, read from "attempted
 * but cannot finish today (customer not home, vehicle not ready)": a Concierge + Loaner pickup finds
 * the customer not home at leg 0's delivery, with the loaner already on the road, so the rule cannot
 * end at a pickup.
 */
export function checkReschedule(moves: readonly MoveState[]): Verdict {
  for (const m of moves) {
    if (m.cancel_status === RESCHEDULED) return { ok: false, reason: `move ${m.id} was already rescheduled` };
    if (isCanceled(m)) return { ok: false, reason: `move ${m.id} is canceled` };
    if (m.cancel_status === 'pending') return { ok: false, reason: `move ${m.id} has a cancelation pending; decide it first` };
    if (isFinished(m)) return { ok: false, reason: `move ${m.id} was already delivered: booking it again would drive that vehicle twice` };
  }
  return { ok: true };
}

/**
 * The time a kind is rescheduled by: the one its booking takes — the appointment for the concierge
 * kinds (their ready-by follows from it, as at booking), the ready-by for one-way and round-trip.
 */
export function timeFieldOf(kind: MoveKind): RescheduleTimeField {
  return kind.layout.some((part) => 'field' in part && part.field === 'appointment_time_utc') ? 'appointment_time_utc' : 'ready_by_time_utc';
}

/**
 * When each leg's vehicle was due at its delivery (spec §11.5: "ready-by + drive time"): leg 0 leaves
 * at the scenario's ready-by, each later leg when the one before arrives (as booking reckons
 * departures), so leg i is due after the drives of legs 0…i. Epoch ms, by leg.
 */
export function deliverByTimes(readyByMs: number, legMinutes: readonly number[]): number[] {
  let at = readyByMs;
  return legMinutes.map((minutes) => (at += Math.round(minutes * 60_000)));
}
