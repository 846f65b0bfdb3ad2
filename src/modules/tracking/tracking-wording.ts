// The tracking page's words: who and what a sentence is about, the title of each step and leg, and
// the headline, in the customer's terms.
import type { MoveRow } from '../../db/schema.ts';
import type { Step } from '../moves/lifecycle/state-machine.ts';
import type { Place } from './tracking-places.ts';
import type { StepView, TripState } from './tracking-status.ts';

/** The first word of a name: "Samuel L. Driver" → "Samuel". */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

type VehicleFields = Pick<MoveRow, 'vehicle_year' | 'vehicle_make' | 'vehicle_model' | 'vehicle_color'>;

/** "2011 Buick Enclave, white"; null when the booking said nothing about the vehicle (a loaner). */
export function vehicleLabel(m: VehicleFields): string | null {
  const name = [m.vehicle_year, m.vehicle_make, m.vehicle_model].filter((p) => p !== null && p !== '').join(' ');
  const color = m.vehicle_color?.trim() || null;
  if (!name) return color ? `${capitalize(color)} vehicle` : null;
  return color ? `${name}, ${color}` : name;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export interface Subject {
  /** "Loaner", "Your vehicle", "Buick Envision" — starts a sentence. */
  cap: string;
  /** "the loaner", "your vehicle", "the Buick Envision" — inside a sentence. */
  lower: string;
}

export function subjectOf(m: Pick<MoveRow, 'role' | 'vehicle_make' | 'vehicle_model'>): Subject {
  if (m.role === 'loaner_move') return { cap: 'Loaner', lower: 'the loaner' };
  if (m.role === 'customer_move') return { cap: 'Your vehicle', lower: 'your vehicle' };
  const name = [m.vehicle_make, m.vehicle_model].filter((p) => p !== null && p !== '').join(' ');
  return name ? { cap: name, lower: `the ${name}` } : { cap: 'Vehicle', lower: 'the vehicle' };
}

/** The heading of a leg's part of the timeline. */
export function legTitle(m: Pick<MoveRow, 'role' | 'cardinality'>, legCount: number): string {
  if (m.role === 'loaner_move') return 'Your loaner';
  if (m.role === 'customer_move') return 'Your vehicle';
  return legCount > 1 ? `Vehicle ${m.cardinality + 1}` : 'The vehicle';
}

/** The title of a step of a leg, in the customer's words. */
export function stepTitle(step: Step, subject: Subject, from: Place, to: Place): string {
  switch (step) {
    case 'pickup_started':
      return from.kind === 'lot' ? `Driver heading to ${from.phrase} for ${subject.lower}` : `Driver on the way to pick up ${subject.lower}`;
    case 'pickup_arrived':
      return from.kind === 'customer'
        ? `Driver arrived to pick up ${subject.lower}`
        : from.kind === 'lot'
          ? `Driver arrived at ${from.phrase}`
          : 'Driver arrived at the pickup';
    case 'pickup_successful':
      return `${subject.cap} picked up`;
    case 'delivery_started':
      return `${subject.cap} on its way to ${to.phrase}`;
    case 'delivery_arrived':
      return to.kind === 'customer' ? `Driver arrived with ${subject.lower}` : `${subject.cap} arrived at ${to.phrase}`;
    case 'delivery_successful':
      return to.kind === 'other' ? `${subject.cap} delivered` : `${subject.cap} delivered to ${to.phrase}`;
  }
}

/** "From Denny's Automobiles to you". */
export function routeLabel(from: Place, to: Place): string {
  return `From ${from.phrase} to ${to.phrase}`;
}

export const STATE_LABELS: Record<TripState, string> = {
  assigned: 'Scheduled',
  in_progress: 'In progress',
  completed: 'Completed',
  canceled: 'Canceled',
};

/** The page's heading: the current step's title once the trip is under way. */
export function headline(state: TripState, current: StepView | undefined): string {
  if (state === 'canceled') return 'This trip was canceled';
  if (state === 'assigned') return 'Your driver has been assigned';
  return current?.title ?? 'Your driver has been assigned';
}
