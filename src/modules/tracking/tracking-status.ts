// The public tracking status (spec §8): what GET /track/:token/status answers and the page renders.
// It is the privacy boundary: only what is put here reaches the public — never the customer's name or
// phone, the VIN or stock number, reference numbers, instructions, the dealer contact, location names,
// or the driver's surname and position.
import type { Step } from '../moves/lifecycle/state-machine.ts';

/** `pickup_inspected` / `delivery_inspected`: that end's inspection signed ("Vehicle inspected"; never its photos). */
export type TrackedStep = 'dispatched' | Step | 'pickup_inspected' | 'delivery_inspected' | 'canceled';

export interface StepView {
  step: TrackedStep;
  title: string;
  /** UTC ISO instant; null for a step not reached yet. */
  at: string | null;
  /** The same instant in the customer's zone, e.g. "10:42 AM" (with the day when not today). */
  at_local: string | null;
  reached: boolean;
  /** The latest reached step of the whole trip. */
  current: boolean;
}

export interface LegView {
  leg: number;
  title: string;
  /** "2011 Buick Enclave, white" — never the VIN or stock number; null when nothing is known. */
  vehicle: string | null;
  route: string;
  steps: StepView[];
}

export interface EtaView {
  minutes: number;
  arrives_at: string;
  /** "10:42 AM EDT" */
  arrives_at_local: string;
  /** "Arriving in about 12 min, around 10:42 AM EDT" */
  text: string;
  /** Where the driver is heading next, as the customer may see it. */
  destination: string;
  /** What the estimate starts from: the driver's last reported position, or the leg's pickup. */
  source: 'driver_position' | 'pickup_location';
}

export type TripState = 'assigned' | 'in_progress' | 'completed' | 'canceled';

export interface TrackingStatus {
  state: TripState;
  state_label: string;
  rooftop: { name: string };
  headline: string;
  driver: { first_name: string } | null;
  eta: EtaView | null;
  legs: LegView[];
  time_zone: { name: string; abbreviation: string };
  updated_at: string;
  updated_at_local: string;
}
