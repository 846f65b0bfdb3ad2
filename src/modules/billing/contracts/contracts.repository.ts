// The SQL of contracts (spec §12.1). Bands and accessorials are JSON: a contract is read and
// priced whole, never queried by band. Dates are the rooftop's local 'YYYY-MM-DD', both included,
// so text comparison is date comparison.
import type { Insertable } from 'kysely';
import type { Executor } from '../../../db/executor.ts';
import type { ContractTable } from '../../../db/tables/billing.ts';
import type { AccessorialRates, Contract, MileageBand } from './contract.ts';

/** A contract with the instant it was created (the API shows it; pricing never needs it). */
export interface StoredContract extends Contract {
  createdAt: number;
}

type Row = Omit<ContractTable, 'id'> & { id: number };

function contractOf(row: Row): StoredContract {
  return {
    id: Number(row.id),
    rooftopId: Number(row.rooftop_id),
    beginDate: row.begin_date,
    endDate: row.end_date,
    workflowSetId: row.workflow_set_id === null ? null : Number(row.workflow_set_id),
    bands: JSON.parse(row.mileage_bands) as MileageBand[],
    accessorials: JSON.parse(row.accessorials) as AccessorialRates,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function insertContract(db: Executor, row: Insertable<ContractTable>): Promise<StoredContract> {
  return contractOf(await db.insertInto('contracts').values(row).returningAll().executeTakeFirstOrThrow());
}

export async function findContract(db: Executor, id: number): Promise<StoredContract | undefined> {
  const row = await db.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst();
  return row && contractOf(row);
}

/** The contracts of `rooftopIds` (null: every rooftop), by rooftop, then begin date, then id. */
export async function findContractsOf(db: Executor, rooftopIds: number[] | null): Promise<StoredContract[]> {
  if (rooftopIds !== null && !rooftopIds.length) return [];
  let query = db.selectFrom('contracts').selectAll();
  if (rooftopIds !== null) query = query.where('rooftop_id', 'in', rooftopIds);
  const rows = await query.orderBy('rooftop_id').orderBy('begin_date').orderBy('id').execute();
  return rows.map(contractOf);
}

/** The contracts of one rooftop not ended by `localDate` (end_date on or after it): in force or to come. */
export async function findContractsNotEnded(db: Executor, rooftopId: number, localDate: string): Promise<StoredContract[]> {
  const rows = await db
    .selectFrom('contracts')
    .selectAll()
    .where('rooftop_id', '=', rooftopId)
    .where('end_date', '>=', localDate)
    .orderBy('begin_date')
    .orderBy('id')
    .execute();
  return rows.map(contractOf);
}

/** The rooftop's contracts for the same workflow set (null with null) whose dates meet [begin, end]. */
export async function findOverlapping(
  db: Executor,
  rooftopId: number,
  workflowSetId: number | null,
  dates: { begin: string; end: string },
): Promise<StoredContract[]> {
  const rows = await db
    .selectFrom('contracts')
    .selectAll()
    .where('rooftop_id', '=', rooftopId)
    .where('workflow_set_id', workflowSetId === null ? 'is' : '=', workflowSetId)
    .where('begin_date', '<=', dates.end)
    .where('end_date', '>=', dates.begin)
    .orderBy('begin_date')
    .execute();
  return rows.map(contractOf);
}

/**
 * The contract that prices a booking of the rooftop made on `localDate` (its local date) for
 * `workflowSetId`: one whose dates hold the date, one for that very set before one for any set
 * (workflow_set_id null). At most one of each exists per date (contracts.service.ts refuses an overlap).
 */
export async function findContractInForce(db: Executor, rooftopId: number, localDate: string, workflowSetId: number | null): Promise<Contract | undefined> {
  const rows = await db
    .selectFrom('contracts')
    .selectAll()
    .where('rooftop_id', '=', rooftopId)
    .where('begin_date', '<=', localDate)
    .where('end_date', '>=', localDate)
    .where((eb) => (workflowSetId === null ? eb('workflow_set_id', 'is', null) : eb.or([eb('workflow_set_id', 'is', null), eb('workflow_set_id', '=', workflowSetId)])))
    .orderBy('id')
    .execute();
  const contracts = rows.map(contractOf);
  return contracts.find((c) => c.workflowSetId !== null) ?? contracts[0];
}
