// The values the charge rules (spec §12.2) produce: lines in integer cents, each carrying the basis
// it was computed from and the evidence (the move's facts) it used. Plain data: the document
// renderer (charge-document.ts) turns it into the API's shape, storage keeps it as JSON.
import type { Contract, MileageBand } from '../contracts/contract.ts';

export const CHARGE_CODES = ['TRANSPORT', 'WAIT', 'FUEL', 'CANCEL_PARTIAL', 'DRY_RUN', 'RUSH', 'DISCOUNT', 'ACCESSORIAL'] as const;
export type ChargeCode = (typeof CHARGE_CODES)[number];

/** The doc's line names ("Transport", "Fuel", …) for the lines we compute. */
export const LINE_NAMES: Record<ChargeCode, string> = {
  TRANSPORT: 'Transport',
  WAIT: 'Wait time',
  FUEL: 'Fuel',
  CANCEL_PARTIAL: 'Cancelation fee',
  DRY_RUN: 'Dry run',
  RUSH: 'Rush',
  DISCOUNT: 'Discount',
  ACCESSORIAL: 'Accessorial',
};

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Which contract, at which version, priced a line: a later edit of the contract is a new version. */
export interface ContractRef {
  id: number;
  /** The contract's updatedAt (epoch ms) when it priced the line. */
  version: number;
}

/**
 * What a line was computed from. Money in a basis is cents inside, under the keys in
 * BASIS_MONEY_KEYS, and dollars in the API like every other amount.
 */
export type Basis = { rule: string; contract?: ContractRef } & { [key: string]: JsonValue | ContractRef | undefined };
export const BASIS_MONEY_KEYS: ReadonlySet<string> = new Set(['rate', 'rate_used', 'per_minute', 'price_per_gallon', 'fee', 'amount', 'total_before']);

/** The move's facts a line used: timestamps (ISO), readings, report and photo ids. */
export type Evidence = { [key: string]: JsonValue };

/** The doc's mileage_band of a transport line: the band (rate in cents) and the contract it is from. */
export interface LineBand {
  rate: number;
  type: MileageBand['type'];
  distance_start: number;
  distance_end: number;
  contract: { begin_date: string; end_date: string; workflowset_id: number | null };
}

export interface LineDocument {
  name: string;
  url: string;
  created_at: string;
  mime_type: string;
}

export interface ChargeLine {
  code: ChargeCode;
  name: string;
  /** Cents; negative only for a discount. */
  amount: number;
  notes: string | null;
  basis: Basis;
  evidence: Evidence;
  mileage_band?: LineBand;
  documents?: LineDocument[];
}

/** A move's charge as the rules compute it: total is always the integer sum of the lines. */
export interface Charge {
  lines: ChargeLine[];
  total: number;
}

/** A rule's answer: a value, or a problem for the caller to report as field_invalid on `field`. */
export type RuleResult<T> = { ok: true; value: T } | { ok: false; field: string; reason: string };

export const contractRef = (c: Contract): ContractRef => ({ id: c.id, version: c.updatedAt });
