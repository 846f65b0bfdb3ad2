// Payers (spec §12.4) and each rooftop's payer setting: the only SQL of the payers module.
import type { Insertable } from 'kysely';
import type { Executor } from '../../../db/executor.ts';
import type { PayerRow } from '../../../db/schema.ts';
import type { PayerTable } from '../../../db/tables/billing.ts';

export type { PayerRow } from '../../../db/schema.ts';

/** A rooftop's payer setting: payer_required 0/1, default_payer_id null (bill the rooftop itself). */
export interface PayerSettingRow {
  id: number;
  payer_required: number;
  default_payer_id: number | null;
}

export function insertPayer(db: Executor, payer: Insertable<PayerTable>): Promise<PayerRow> {
  return db.insertInto('payers').values(payer).returningAll().executeTakeFirstOrThrow();
}

/** The rooftop's payers, oldest first. */
export function findPayersOfRooftop(db: Executor, rooftopId: number): Promise<PayerRow[]> {
  return db.selectFrom('payers').selectAll().where('rooftop_id', '=', rooftopId).orderBy('id').execute();
}

/** The payer when it is this rooftop's; another rooftop's is not found, like an unknown one. */
export function findPayerOfRooftop(db: Executor, rooftopId: number, id: number): Promise<PayerRow | undefined> {
  return db.selectFrom('payers').selectAll().where('id', '=', id).where('rooftop_id', '=', rooftopId).executeTakeFirst();
}

export function findPayerSetting(db: Executor, rooftopId: number): Promise<PayerSettingRow | undefined> {
  return db.selectFrom('rooftops').select(['id', 'payer_required', 'default_payer_id']).where('id', '=', rooftopId).executeTakeFirst();
}

export async function updatePayerSetting(db: Executor, rooftopId: number, change: { payer_required?: number; default_payer_id?: number | null }): Promise<void> {
  await db.updateTable('rooftops').set(change).where('id', '=', rooftopId).execute();
}
