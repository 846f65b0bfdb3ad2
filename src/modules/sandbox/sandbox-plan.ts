// Sandbox sequences (spec §7) as plans: the list of real lifecycle actions a sequence performs.
// Pure: built from the scenario as booked, run one action per job by the sandbox service.
import type { ScenarioView } from '../moves/move-document.ts';
import { type Step, STEPS } from '../moves/lifecycle/state-machine.ts';

export const SEQUENCES = ['new-to-successful', 'new-to-delivery-started', 'pending-to-partial', 'attempted-to-rescheduled', 'add-charge'] as const;
export type Sequence = (typeof SEQUENCES)[number];
/** add-charge is one change of the charge (the charge desk's), made at once: no plan, no jobs. */
export const ADD_CHARGE = 'add-charge';
export type PlannedSequence = Exclude<Sequence, typeof ADD_CHARGE>;

export type SandboxAction =
  | { kind: 'dispatch' }
  | { kind: 'step'; moveId: number; step: Step; lat: number; lon: number }
  /** The driver's inspection of one end (and, on a loaner, the dealer's gate step), before its _successful step. */
  | { kind: 'inspect'; moveId: number; slot: 'pickup' | 'delivery'; lat: number; lon: number }
  | { kind: 'cancel' }
  | { kind: 'decide' }
  /** Ops give the attempt up and book it again a day later, same time (spec §11.5). */
  | { kind: 'reschedule'; reason: string };

/** The sandbox's reschedule: why, and how much later. */
export const SANDBOX_RESCHEDULE = { reason: 'Customer not home', laterMs: 24 * 3600_000 } as const;

const UP_TO_DELIVERY_STARTED = STEPS.slice(0, STEPS.indexOf('delivery_started') + 1);

export function sandboxPlan(sequence: PlannedSequence, view: ScenarioView, targetMoveId: number): SandboxAction[] {
  const stepsOf = (moveId: number, steps: readonly Step[]): SandboxAction[] => {
    const move = view.moves.find((m) => m.id === moveId)!;
    const at = (locationId: number) => view.locations.get(locationId)!;
    return steps.flatMap((step): SandboxAction[] => {
      const place = at(step.startsWith('pickup') ? move.pickup_location_id : move.delivery_location_id);
      const action: SandboxAction = { kind: 'step', moveId, step, lat: place.lat, lon: place.lon };
      if (step !== 'pickup_successful' && step !== 'delivery_successful') return [action];
      const slot = step === 'pickup_successful' ? 'pickup' : 'delivery';
      return [{ kind: 'inspect', moveId, slot, lat: place.lat, lon: place.lon }, action];
    });
  };
  const target = view.moves.find((m) => m.id === targetMoveId)!;
  const legs = view.moves; // cardinality order: the order a driver drives them

  switch (sequence) {
    case 'new-to-successful':
      return [{ kind: 'dispatch' }, ...legs.flatMap((m) => stepsOf(m.id, STEPS))];
    case 'new-to-delivery-started':
      return [
        { kind: 'dispatch' },
        // Earlier legs must be delivered before the target may start.
        ...legs.filter((m) => m.cardinality < target.cardinality).flatMap((m) => stepsOf(m.id, STEPS)),
        ...stepsOf(target.id, UP_TO_DELIVERY_STARTED),
      ];
    case 'pending-to-partial':
      // The driver sets out, then the dealer cancels: the rule makes it partial (a trip fee).
      return [{ kind: 'dispatch' }, ...stepsOf(legs[0]!.id, ['pickup_started']), { kind: 'cancel' }, { kind: 'decide' }];
    case 'attempted-to-rescheduled':
      // The driver gets there and cannot finish: ops book it again for tomorrow (move.rescheduled).
      return [
        { kind: 'dispatch' },
        ...stepsOf(legs[0]!.id, ['pickup_started', 'pickup_arrived']),
        { kind: 'reschedule', reason: SANDBOX_RESCHEDULE.reason },
      ];
  }
}
