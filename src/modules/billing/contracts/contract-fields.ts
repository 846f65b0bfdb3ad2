// The typed command of a new contract (spec §12.1): what the request reader (contract-request.ts)
// makes of a body or the CLI's files, and the service writes. Amounts in integer cents.
import type { RooftopCheck } from '../../rooftops/rooftop-choice.ts';
import type { AccessorialRates, MileageBand } from './contract.ts';

export interface NewContractFields {
  rooftopId: number;
  /** The rooftop's local dates 'YYYY-MM-DD', both included. */
  beginDate: string;
  endDate: string;
  /** null: the contract prices every workflow set of the rooftop that has none of its own. */
  workflowSetId: number | null;
  bands: MileageBand[];
  accessorials: AccessorialRates;
}

/** Whether a workflow set may be named for a rooftop: null when it may, else why not. */
export type WorkflowSetCheck = (rooftopId: number, setId: number) => Promise<string | null>;

/** What the reader asks while it reads a new contract (the service answers, for the caller's scope). */
export interface ContractChecks {
  rooftop: RooftopCheck;
  workflowSet: WorkflowSetCheck;
  /** The maximum drive (config MAX_DRIVE_MILES): each class's bands must cover 0 to it. */
  maxDriveMiles: number;
}
