// A stored charge row as the rules and the document read it: the JSON columns parsed once, here.
import type { ChargeRow } from '../../../db/schema.ts';
import type { ChargeRecord } from './charge-document.ts';
import type { AddedLine, Discount } from './charge-lines.ts';
import type { DryRunMark } from './cancel-rules.ts';
import type { ChargeLine } from './charge-types.ts';

/** What ops did to a charge, kept apart from the computed lines so a re-computation keeps it. */
export interface ChargeAdjustments {
  added: AddedLine[];
  dry_runs: DryRunMark[];
  discount: Discount | null;
}

export const NO_ADJUSTMENTS: ChargeAdjustments = { added: [], dry_runs: [], discount: null };

export const parseLines = (json: string): ChargeLine[] => JSON.parse(json) as ChargeLine[];

export function adjustmentsOf(row: Pick<ChargeRow, 'adjustments'>): ChargeAdjustments {
  return { ...NO_ADJUSTMENTS, ...(JSON.parse(row.adjustments) as Partial<ChargeAdjustments>) };
}

export function chargeRecordOf(row: ChargeRow): ChargeRecord {
  const adjustments = adjustmentsOf(row);
  return {
    id: row.id,
    invoice_id: row.invoice_id,
    status: row.status,
    disputed: row.disputed === 1,
    dispute_reason: row.dispute_reason,
    discount_reason: adjustments.discount?.reason ?? null,
    paid_amount: Number(row.paid_amount),
    lines: parseLines(row.lines),
  };
}

/** A scenario's charges by move id, as its document shows them. */
export const chargesByMove = (rows: ChargeRow[]): Map<number, ChargeRecord> => new Map(rows.map((r) => [r.move_id, chargeRecordOf(r)]));
