// A rooftop's contract (spec §12.1) as the pricing rules see it: pure data, amounts in integer
// cents (the API renders them as dollars with two decimals). Stored as JSON in contracts.mileage_bands
// and contracts.accessorials; read and written by the contracts module, priced by billing/charges.

/** GVWR classes 1–6: a band may price some of them differently from its `rate`. */
export const GVWR_CLASSES = ['1', '2', '3', '4', '5', '6'] as const;
export type GvwrClass = (typeof GVWR_CLASSES)[number];

/**
 * A mileage band (doc fields): `flat` — one price for any distance in [distance_start,
 * distance_end); `per` — price per mile of the actual distance. `stranded`: a one-way move with no
 * paired return; `base`: a pair whose second leg returns the driver to the origin.
 */
export interface MileageBand {
  /** Cents: the flat price, or the price per mile. */
  rate: number;
  type: 'flat' | 'per';
  class: 'stranded' | 'base';
  /** Miles; the band holds distance_start <= d < distance_end. */
  distance_start: number;
  distance_end: number;
  /** Ours: cents overriding `rate` by the vehicle's GVWR class. */
  class_rates: Partial<Record<GvwrClass, number>>;
}

/** How fuel is charged: the gallons to bring the tank from its delivery level to a target, or not at all. */
export type FuelRule =
  | { kind: 'none' }
  | {
      kind: 'actual';
      /** Cents per gallon. */
      price_per_gallon: number;
      /** The level the tank should be at delivery, 0–1 (e.g. 0.75). */
      target_level: number;
      /** Tank size when the vehicle's is unknown, gallons. */
      default_tank_gallons: number;
    };

/** Accessorial rates (ours), per contract. */
export interface AccessorialRates {
  /** Cents per minute of waiting beyond the free minutes. */
  wait_per_minute: number;
  wait_free_minutes: number;
  fuel: FuelRule;
  /** Cents: a cancelation that ends `partial` (the driver set out). */
  cancel_partial_fee: number;
  /** Cents: ops marked the attempt a dry run (the vehicle was not ready or could not be driven). */
  dry_run_fee: number;
  /** Cents: booked within the rooftop's minimum notice. */
  rush_fee: number;
}

export interface Contract {
  id: number;
  rooftopId: number;
  /** The rooftop's local dates, both included. */
  beginDate: string;
  endDate: string;
  /** The workflow set it prices; null: any of the rooftop's. */
  workflowSetId: number | null;
  bands: MileageBand[];
  accessorials: AccessorialRates;
  /** When it was last written: a charge's basis names the contract version it was priced with. */
  updatedAt: number;
}

export const DEFAULT_WAIT_FREE_MINUTES = 15;
