// The pricing rules of spec §12.2 that read the contract and one fact each: transport (the lane
// distance and the band at booking), rush (the notice given), wait (arrived → left at a stop) and
// fuel (the delivery condition report's level). Pure: every fact comes in as input, every line goes
// out with the basis it was computed from. Cancelation and dry runs are in cancel-rules.ts.
import { bandFor } from '../contracts/band-rules.ts';
import { formatInstant } from '../../../lib/instant.ts';
import type { Contract, GvwrClass, MileageBand } from '../contracts/contract.ts';
import { type ChargeLine, type Evidence, LINE_NAMES, type RuleResult, contractRef } from './charge-types.ts';
import { decimalOf, decimalToNumber, mulDecimal, roundHalfUp, roundedProduct, subDecimal } from '../../../lib/money.ts';

/** The booking kinds; a pair (two moves, the second returning the driver) is priced on `base` bands. */
export type ScenarioKind = 'one-way' | 'round-trip' | 'concierge' | 'concierge-loaner';
export const BAND_CLASS_OF: Record<ScenarioKind, MileageBand['class']> = {
  'one-way': 'stranded',
  concierge: 'stranded',
  'round-trip': 'base',
  'concierge-loaner': 'base',
};

export interface TransportLeg {
  /** The lane's distance at booking. */
  miles: number;
  /** The vehicle's GVWR class; absent → class 1. */
  gvwr_class?: GvwrClass | null;
  /** Facts to show: lane id, the route estimate's source… */
  evidence?: Evidence;
}

/**
 * TRANSPORT for one move. Each leg of a pair is priced on its own, at a `base` band for its own
 * distance (both legs of a swap share one lane): each move carries its own charge (spec §12.2), and
 * the base class is already the pair's lower price for not stranding the driver.
 */
export function transportLine(contract: Contract, kind: ScenarioKind, leg: TransportLeg): RuleResult<ChargeLine> {
  if (!Number.isFinite(leg.miles) || leg.miles < 0) return { ok: false, field: 'miles', reason: 'must be a distance of 0 miles or more' };
  const bandClass = BAND_CLASS_OF[kind];
  // The contracts module's lookup: the one a contract's bands were checked against (top band holds its end; base falls back to stranded).
  const band = bandFor(contract.bands, bandClass, leg.miles) ?? null;
  if (!band) {
    return { ok: false, field: 'miles', reason: `${leg.miles} miles is in no ${bandClass} mileage band of contract ${contract.id}` };
  }
  const gvwr = leg.gvwr_class ?? '1';
  const classRate = band.class_rates[gvwr];
  const rateUsed = classRate ?? band.rate;
  const amount = band.type === 'flat' ? rateUsed : roundedProduct(rateUsed, leg.miles);
  const line: ChargeLine = {
    code: 'TRANSPORT',
    name: LINE_NAMES.TRANSPORT,
    amount,
    notes: band.type === 'flat' ? `flat band ${band.distance_start}–${band.distance_end} mi` : `${leg.miles} mi × per-mile rate`,
    basis: {
      rule: band.type === 'flat' ? 'transport: flat band price' : 'transport: per-mile band rate × miles, rounded half up once',
      scenario_kind: kind,
      band: { type: band.type, class: band.class, rate: band.rate, distance_start: band.distance_start, distance_end: band.distance_end },
      miles: leg.miles,
      gvwr_class: gvwr,
      rate_used: rateUsed,
      rate_from: classRate === undefined ? 'band rate' : `class_rates.${gvwr}`,
      contract: contractRef(contract),
    },
    evidence: { distance_miles: leg.miles, ...leg.evidence },
    mileage_band: {
      rate: band.rate,
      type: band.type,
      distance_start: band.distance_start,
      distance_end: band.distance_end,
      contract: { begin_date: contract.beginDate, end_date: contract.endDate, workflowset_id: contract.workflowSetId },
    },
  };
  return { ok: true, value: line };
}

export interface BookingNotice {
  booked_at_ms: number;
  /** When the vehicle is ready (the booking's ready-by or appointment time). */
  ready_by_ms: number;
  /** The rooftop's minimum notice. */
  min_notice_minutes: number;
}

/** RUSH: booked with less than the minimum notice (exactly the minimum is not a rush). */
export function rushLine(contract: Contract, notice: BookingNotice): ChargeLine | null {
  const fee = contract.accessorials.rush_fee;
  const givenMs = notice.ready_by_ms - notice.booked_at_ms;
  if (fee <= 0 || givenMs >= notice.min_notice_minutes * 60_000) return null;
  return {
    code: 'RUSH',
    name: LINE_NAMES.RUSH,
    amount: fee,
    notes: `booked ${Math.max(0, Math.floor(givenMs / 60_000))} min ahead, under the ${notice.min_notice_minutes} min notice`,
    basis: {
      rule: 'rush: booked within the minimum notice',
      notice_given_minutes: Math.floor(givenMs / 60_000),
      min_notice_minutes: notice.min_notice_minutes,
      fee,
      contract: contractRef(contract),
    },
    evidence: { booked_at: formatInstant(notice.booked_at_ms), ready_by: formatInstant(notice.ready_by_ms) },
  };
}

/** One stop where the driver waited: arrived, and left (picked up / delivered); null while still there. */
export interface WaitStop {
  at_step: 'pickup' | 'delivery';
  arrived_ms: number;
  left_ms: number | null;
  evidence?: Evidence;
}

/**
 * WAIT, one line per stop: whole minutes waited, counted down (a started minute is not billed),
 * beyond the free minutes, × the per-minute rate. Nothing while the driver is still at the stop.
 */
export function waitLines(contract: Contract, stops: readonly WaitStop[]): ChargeLine[] {
  const { wait_per_minute: perMinute, wait_free_minutes: free } = contract.accessorials;
  const lines: ChargeLine[] = [];
  for (const stop of stops) {
    if (stop.left_ms === null) continue;
    const minutes = Math.max(0, Math.floor((stop.left_ms - stop.arrived_ms) / 60_000));
    const billed = minutes - free;
    if (billed <= 0 || perMinute <= 0) continue;
    lines.push({
      code: 'WAIT',
      name: LINE_NAMES.WAIT,
      amount: billed * perMinute,
      notes: `${minutes} min at ${stop.at_step}, ${free} free`,
      basis: {
        rule: 'wait: whole minutes from arrived to left, beyond the free minutes, × per-minute rate',
        at_step: stop.at_step,
        minutes_waited: minutes,
        free_minutes: free,
        minutes_billed: billed,
        per_minute: perMinute,
        contract: contractRef(contract),
      },
      evidence: { arrived_at: formatInstant(stop.arrived_ms), left_at: formatInstant(stop.left_ms), ...stop.evidence },
    });
  }
  return lines;
}

/** The condition reports' fuel readings (percent 0–100, §10) and the vehicle's tank when known. */
export interface FuelFacts {
  pickup_level: number | null;
  delivery_level: number | null;
  tank_gallons?: number | null;
  evidence?: Evidence;
}

/**
 * FUEL (rule `actual`): the gallons to bring the tank from its delivery level up to the target,
 * × the price per gallon, rounded half up once. No line when the rule is `none`, the delivery level
 * is unknown, or the tank is already at or above the target. The pickup level is shown, not priced.
 */
export function fuelLine(contract: Contract, facts: FuelFacts | null): ChargeLine | null {
  const rule = contract.accessorials.fuel;
  if (rule.kind !== 'actual' || !facts || facts.delivery_level === null) return null;
  const tank = facts.tank_gallons ?? rule.default_tank_gallons;
  // target (0–1) − level (percent) / 100, exactly: as hundredths, target × 100 − level.
  const targetPercent = mulDecimal(decimalOf(rule.target_level), decimalOf(100));
  const shortHundredths = subDecimal(targetPercent, decimalOf(facts.delivery_level));
  if (shortHundredths.units <= 0n) return null;
  const gallons = mulDecimal(mulDecimal(shortHundredths, decimalOf(tank)), { units: 1n, scale: 2 });
  const amount = roundHalfUp(mulDecimal(gallons, decimalOf(rule.price_per_gallon)));
  if (amount <= 0) return null;
  return {
    code: 'FUEL',
    name: LINE_NAMES.FUEL,
    amount,
    notes: `${decimalToNumber(gallons)} gal to bring ${facts.delivery_level}% up to ${decimalToNumber(targetPercent)}%`,
    basis: {
      rule: 'fuel: (target level − delivery level) × tank gallons × price per gallon, rounded half up once',
      pickup_level: facts.pickup_level,
      delivery_level: facts.delivery_level,
      target_level: rule.target_level,
      tank_gallons: tank,
      tank_from: facts.tank_gallons == null ? 'contract default' : 'vehicle',
      gallons: decimalToNumber(gallons),
      price_per_gallon: rule.price_per_gallon,
      contract: contractRef(contract),
    },
    evidence: { pickup_fuel_level: facts.pickup_level, delivery_fuel_level: facts.delivery_level, ...facts.evidence },
  };
}
