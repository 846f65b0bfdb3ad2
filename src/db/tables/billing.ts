// Money (spec §12): contracts and third-party payers. Amounts are integer cents.
import type { Generated } from 'kysely';

export interface ContractTable {
  id: Generated<number>;
  rooftop_id: number;
  begin_date: string;
  end_date: string;
  workflow_set_id: number | null;
  /** JSON MileageBand[] (modules/billing/contracts/contract.ts). */
  mileage_bands: string;
  /** JSON AccessorialRates. */
  accessorials: string;
  created_at: number;
  updated_at: number;
}

export interface PayerTable {
  id: Generated<number>;
  rooftop_id: number;
  name: string;
  created_at: number;
}

export interface ChargeTable {
  id: Generated<number>;
  move_id: number;
  scenario_id: number;
  rooftop_id: number;
  payer_id: number | null;
  contract_id: number;
  contract_version: number;
  /** 'quoted' | 'final' | 'settled'. */
  status: string;
  /** JSON ChargeLine[] (modules/billing/charges/charge-types.ts): the quote pinned at booking. */
  quote_lines: string;
  /** JSON ChargeLine[]: the charge as it stands. */
  lines: string;
  total: number;
  /** JSON ChargeAdjustments: ops' lines, dry runs and discount. */
  adjustments: string;
  disputed: Generated<number>;
  dispute_reason: string | null;
  paid_amount: Generated<number>;
  invoice_id: number | null;
  completed_at: number | null;
  settled_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface QuoteTable {
  id: string;
  client_id: string;
  rooftop_id: number;
  body_sha256: string;
  /** JSON BookingQuote (modules/billing/charges/booking-price.ts): each move's lines and contract, by cardinality. */
  quote: string;
  expires_at: number;
  created_at: number;
}

export interface InvoiceTable {
  id: Generated<number>;
  rooftop_id: number;
  payer_id: number | null;
  payer_key: string;
  start_date: string;
  start_ms: number;
  end_ms: number;
  timezone: string;
  /** 'acquiring' | 'processing' | 'closed'. */
  status: string;
  written_off: Generated<number>;
  write_off_reason: string | null;
  /** The last sequence number given to one of the invoice's events. */
  event_sequence: Generated<number>;
  closed_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface InvoicePaymentTable {
  id: Generated<number>;
  invoice_id: number;
  amount: number;
  date: string;
  method_type: string;
  last4: string | null;
  /** JSON [{ charge_id, amount }]. */
  allocations: string;
  status: string;
  recorded_by: string;
  created_at: number;
}
