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
