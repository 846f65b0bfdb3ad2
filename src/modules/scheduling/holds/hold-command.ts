// The typed command a hold is: what the route read (hold-request.ts) and the holds service takes.
import type { TripAsked } from '../availability/availability-command.ts';

export interface HoldCommand extends TripAsked {
  /** The client that holds (kept on the hold). */
  clientId: string;
  /** The slot's start (epoch ms). */
  start: number;
}
