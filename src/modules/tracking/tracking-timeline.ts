// The timeline: each leg's steps, reached (and when) or still to come, and the one step that is current.
import type { MoveRow } from '../../db/schema.ts';
import { isFinished, STEPS } from '../moves/lifecycle/state-machine.ts';
import type { Place } from './tracking-places.ts';
import type { LegView, StepView } from './tracking-status.ts';
import { stamp } from './tracking-time.ts';
import { legTitle, routeLabel, stepTitle, subjectOf, vehicleLabel } from './tracking-wording.ts';

export interface TimelineFacts {
  now: number;
  /** In cardinality order. */
  moves: MoveRow[];
  /** When the driver was (last) assigned. */
  dispatchedAt: number | null;
  /** The customer's zone. */
  zone: string;
  place(locationId: number): Place;
  /** When the whole trip was canceled; null unless it was. */
  canceledAt: number | null;
  /** Each move's inspections: when each end was signed (null: not yet); no entry for a move without them. */
  inspections?: Map<number, InspectionTimes>;
}

export interface InspectionTimes {
  pickup: number | null;
  delivery: number | null;
}

type Stamp = (ms: number | null) => Pick<StepView, 'at' | 'at_local'>;

/** The legs to show, the current step marked (and returned). */
export function timeline(f: TimelineFacts): { legs: LegView[]; current: StepView | undefined } {
  const at: Stamp = (ms) => stamp(ms, f.zone, f.now);
  const legs = f.moves.map((m) => legView(m, f, at));
  if (f.canceledAt !== null && legs.length) {
    // The leg the trip stopped on: the first not delivered (leg 0 when nothing was).
    const stoppedOn = f.moves.findIndex((m) => !isFinished(m));
    legs[stoppedOn === -1 ? legs.length - 1 : stoppedOn]!.steps.push({
      step: 'canceled',
      title: 'Trip canceled',
      ...at(f.canceledAt),
      reached: true,
      current: false,
    });
  }
  // A canceled trip shows only the legs something happened on.
  const shown = legs.filter((l) => l.steps.length > 0);
  const current = latestReached(shown);
  if (current) current.current = true;
  return { legs: shown, current };
}

function legView(m: MoveRow, f: TimelineFacts, at: Stamp): LegView {
  const from = f.place(m.pickup_location_id);
  const to = f.place(m.delivery_location_id);
  const subject = subjectOf(m);
  const steps: StepView[] = [];
  if (m.cardinality === 0) {
    steps.push({ step: 'dispatched', title: 'Driver assigned', ...at(f.dispatchedAt), reached: true, current: false });
  }
  const inspected = f.inspections?.get(m.id);
  for (const step of STEPS) {
    const when = m[step];
    // After a cancelation only what happened is shown; nothing is "upcoming" any more.
    if (when === null && f.canceledAt !== null) continue;
    // Each end's inspection is signed as the vehicle changes hands: shown just before that step.
    const end = step === 'pickup_successful' ? 'pickup' : step === 'delivery_successful' ? 'delivery' : null;
    if (end && inspected) {
      const signed = inspected[end];
      steps.push({ step: `${end}_inspected`, title: 'Vehicle inspected', ...at(signed), reached: signed !== null, current: false });
    }
    steps.push({ step, title: stepTitle(step, subject, from, to), ...at(when), reached: when !== null, current: false });
  }
  return { leg: m.cardinality, title: legTitle(m, f.moves.length), vehicle: vehicleLabel(m), route: routeLabel(from, to), steps };
}

/** The latest reached step (ties go to the later leg and step). */
function latestReached(legs: LegView[]): StepView | undefined {
  let current: StepView | undefined;
  let currentMs = -Infinity;
  for (const leg of legs) {
    for (const s of leg.steps) {
      if (!s.reached) continue;
      const ms = s.at === null ? -Infinity : Date.parse(s.at);
      if (current === undefined || ms >= currentMs) {
        current = s;
        currentMs = ms;
      }
    }
  }
  return current;
}
