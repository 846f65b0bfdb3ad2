// The typed commands availability and holds carry out: what their routes read from the request
// (availability-request.ts, holds/hold-request.ts) and their services take.
import type { AddressDraft } from '../../locations/location-draft.ts';
import type { ConsumerAction, End } from './consumer-actions.ts';

/** One end as asked: a location id, an address, or neither (the service lot, unless it is the consumer's end). */
export interface PlaceAsked {
  /** The field to name in problems about it. */
  field: string;
  locationId: number | null;
  address: AddressDraft | null;
}

/** What availability and holds both read. */
export interface TripAsked {
  rooftopId: number;
  action: ConsumerAction;
  places: Record<End, PlaceAsked>;
}

export interface AvailabilityCommand extends TripAsked {
  /** The local day, YYYY-MM-DD (its range is checked in the rooftop's zone by the service). */
  date: string;
}
