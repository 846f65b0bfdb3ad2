// The admin CLI's contract commands (src/cli/contract-commands.ts parses their flags): the flags
// and files make the body of POST /v1/ops/contracts, which goes through the API's own reader and
// service, so its problems read like the API's (a band's problem is still mileage_bands.2.rate).
import type { Executor } from '../../../db/executor.ts';
import { systemClock } from '../../../lib/clock.ts';
import { ApiError } from '../../../lib/errors.ts';
import { readJsonFile } from '../../../lib/json-file.ts';
import { readNewContract } from './contract-request.ts';
import { ADMIN_SCOPE, ContractService } from './contracts.service.ts';

export interface ContractAddFlags {
  /** Numbers when the flags were ids, else the text as given (the reader reports it). */
  rooftop: unknown;
  from: string | undefined;
  to: string | undefined;
  bands: string;
  accessorials: string | undefined;
  workflowset: unknown;
}

const service = (db: Executor, maxDriveMiles: number) => new ContractService({ db, clock: systemClock, maxDriveMiles });

/** `contract add`: --bands holds the mileage_bands array (or an object with mileage_bands), --accessorials the accessorials object. */
export async function addContractFromFiles(db: Executor, flags: ContractAddFlags, maxDriveMiles: number): Promise<object> {
  const bandsFile = readJsonFlag(flags.bands, 'bands');
  const bands = Array.isArray(bandsFile) ? bandsFile : (bandsFile as Record<string, unknown>).mileage_bands;
  const body = {
    rooftop: flags.rooftop,
    begin_date: flags.from,
    end_date: flags.to,
    mileage_bands: bands,
    ...(flags.workflowset !== undefined && { workflowset_id: flags.workflowset }),
    ...(flags.accessorials !== undefined && { accessorials: readJsonFlag(flags.accessorials, 'accessorials') }),
  };
  const contracts = service(db, maxDriveMiles);
  return JSON.parse(await contracts.create(await readNewContract(body, contracts.checks(ADMIN_SCOPE)))) as object;
}

/** `contract list`: the rooftop's contracts (null: every rooftop's). */
export async function listContracts(db: Executor, rooftopId: number | null, maxDriveMiles: number): Promise<object> {
  const contracts = service(db, maxDriveMiles);
  const problem = rooftopId === null ? null : await contracts.rooftopCheck(ADMIN_SCOPE)(rooftopId);
  if (problem !== null) throw ApiError.fromProblems([{ code: 'not_found', field: 'rooftop', message: problem }]);
  return { contracts: await contracts.list(ADMIN_SCOPE, rooftopId) };
}

/** JSON from a file; a file that cannot be read or parsed, or holds no object or array, is a problem of its flag. */
function readJsonFlag(path: string, flag: string): unknown {
  const parsed = readJsonFile(path, flag);
  if (typeof parsed !== 'object' || parsed === null) {
    throw ApiError.fromProblems([{ code: 'field_invalid', field: flag, message: `${path} must hold a JSON ${flag === 'bands' ? 'array of bands' : 'object'}` }]);
  }
  return parsed;
}
