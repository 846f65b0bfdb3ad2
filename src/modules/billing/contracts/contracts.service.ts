// Contracts (spec §12.1): the ops desk and the admin CLI create them, list and read them. A
// rooftop has at most one contract per workflow set on a date (null — any set — counting as a set
// of its own), so the contract that prices a booking is never a guess: findContractInForce takes
// the one for the booking's set, else the one for any set. Contracts are not edited: a charge
// names the contract (and its updated_at) it was priced with, and a new price is a new contract.
import type { Executor, WriteOptions } from '../../../db/executor.ts';
import { lockKey } from '../../../db/locks.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, notFound } from '../../../lib/errors.ts';
import type { AuthContext } from '../../auth/auth-context.ts';
import type { RooftopCheck } from '../../rooftops/rooftop-choice.ts';
import { rooftopExists } from '../../rooftops/rooftops.repository.ts';
import { findSet } from '../../workflows/records/workflow-sets.repository.ts';
import { type ContractDocument, contractDocument } from './contract-document.ts';
import type { ContractChecks, NewContractFields } from './contract-fields.ts';
import { findContract, findContractsOf, findOverlapping, insertContract } from './contracts.repository.ts';

/**
 * Whose contracts a caller may see and write: the admin CLI and the all-rooftops desk any
 * rooftop's (checked against the rooftops table, so a rooftop added a moment ago counts); an ops
 * client scoped to rooftops only theirs.
 */
export type ContractScope = { anyRooftop: true } | { anyRooftop: false; rooftopIds: number[] };
export const ADMIN_SCOPE: ContractScope = { anyRooftop: true };
export const contractScopeOf = (auth: AuthContext): ContractScope =>
  auth.allRooftops ? ADMIN_SCOPE : { anyRooftop: false, rooftopIds: auth.rooftopIds };

export class ContractService {
  /** `db`: the database itself, never a transaction. */
  constructor(private readonly d: { db: Executor; clock: Clock; maxDriveMiles: number }) {}

  /** What the reader checks for this scope: the rooftop, the workflow set, the bands' reach. */
  checks(scope: ContractScope): ContractChecks {
    return { rooftop: this.rooftopCheck(scope), workflowSet: (rooftopId, setId) => this.setProblem(rooftopId, setId), maxDriveMiles: this.d.maxDriveMiles };
  }

  rooftopCheck(scope: ContractScope): RooftopCheck {
    return async (id) => {
      if (!scope.anyRooftop) return scope.rooftopIds.includes(id) ? null : `rooftop must be one of your rooftops: ${scope.rooftopIds.join(', ')}`;
      return (await rooftopExists(this.d.db, [id])).length ? null : `rooftop ${id} does not exist`;
    };
  }

  /**
   * Writes the contract; answers its document, serialized. Refused (field_invalid at begin_date,
   * nothing written) when its dates meet another contract of the rooftop for the same set.
   */
  async create(fields: NewContractFields, options: WriteOptions = {}): Promise<string> {
    const now = this.d.clock.now();
    return this.d.db.transaction().execute(async (trx) => {
      // One writer of a rooftop's contracts at a time: two overlapping contracts sent at once would
      // each find the other not yet committed.
      await lockKey(trx, `contracts:${fields.rooftopId}`);
      const dates = { begin: fields.beginDate, end: fields.endDate };
      const clash = (await findOverlapping(trx, fields.rooftopId, fields.workflowSetId, dates))[0];
      if (clash) {
        const set = fields.workflowSetId === null ? 'any workflow set (workflowset_id null)' : `workflow set ${fields.workflowSetId}`;
        const message =
          `begin_date: ${dates.begin} to ${dates.end} overlaps contract ${clash.id} (${clash.beginDate} to ${clash.endDate}) of rooftop ` +
          `${fields.rooftopId} for ${set}: a rooftop has one contract per workflow set on a date`;
        throw ApiError.fromProblems([{ code: 'field_invalid', field: 'begin_date', message }]);
      }
      const contract = await insertContract(trx, {
        rooftop_id: fields.rooftopId,
        begin_date: fields.beginDate,
        end_date: fields.endDate,
        workflow_set_id: fields.workflowSetId,
        mileage_bands: JSON.stringify(fields.bands),
        accessorials: JSON.stringify(fields.accessorials),
        created_at: now,
        updated_at: now,
      });
      const json = JSON.stringify(contractDocument(contract));
      await options.inTransaction?.(trx, json);
      return json;
    });
  }

  /** The contracts of `rooftopId`, or of every rooftop in scope when null. */
  async list(scope: ContractScope, rooftopId: number | null): Promise<ContractDocument[]> {
    const rooftopIds = rooftopId !== null ? [rooftopId] : scope.anyRooftop ? null : scope.rooftopIds;
    return (await findContractsOf(this.d.db, rooftopIds)).map(contractDocument);
  }

  /** One contract; another rooftop's is reported as missing (spec §3). */
  async get(scope: ContractScope, id: number): Promise<ContractDocument> {
    const contract = await findContract(this.d.db, id);
    if (!contract || (!scope.anyRooftop && !scope.rooftopIds.includes(contract.rooftopId))) throw notFound('contract');
    return contractDocument(contract);
  }

  /** A set a contract of the rooftop may price: the built-in one or the rooftop's own. */
  private async setProblem(rooftopId: number, setId: number): Promise<string | null> {
    const set = await findSet(this.d.db, setId);
    if (set && (set.rooftop_id === null || Number(set.rooftop_id) === rooftopId)) return null;
    return `workflowset_id ${setId} is not one of rooftop ${rooftopId}'s workflow sets (the built-in set and its own: GET /v1/workflow-sets)`;
  }
}
