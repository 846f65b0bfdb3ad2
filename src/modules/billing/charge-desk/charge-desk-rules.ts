// What ops (and the sandbox) do to a charge (spec §12.2), as pure rules: an ACCESSORIAL line, a
// dry-run mark priced by the contract, a discount (replacing the previous one), a dispute and its
// resolution. A command changes the charge's adjustments; the lines follow from them exactly as
// finalCharge builds them (the move's earned lines, then dry runs, ops' lines, the discount), so the
// repricing of every transition (moves/scenario-transition.ts) finds the same lines again.
import { dryRunLines } from '../charges/cancel-rules.ts';
import { addedLine, chargeOf, discountLine } from '../charges/charge-lines.ts';
import type { ChargeAdjustments } from '../charges/charge-record.ts';
import type { Charge, ChargeCode, ChargeLine, RuleResult } from '../charges/charge-types.ts';
import type { Contract } from '../contracts/contract.ts';
import { renderCents } from '../../../lib/money.ts';

/** The codes ops may send: every other line is computed from the move's facts. */
export const DESK_CODES = ['ACCESSORIAL', 'DRY_RUN', 'DISCOUNT'] as const satisfies readonly ChargeCode[];
export type DeskCode = (typeof DESK_CODES)[number];
export const COMPUTED_CODES = ['TRANSPORT', 'RUSH', 'WAIT', 'FUEL', 'CANCEL_PARTIAL'] as const satisfies readonly ChargeCode[];

/** The request's limits (characters). */
export const DESK_LIMITS = { name: 100, notes: 1000, reason: 1000 } as const;

/** One change of POST /v1/ops/moves/:id/charges (or the sandbox's add-charge); amounts in cents. */
export interface DeskCommand {
  code: DeskCode;
  /** ACCESSORIAL only: the line's name (default "Accessorial"). */
  name: string | null;
  /** Required but for DRY_RUN, whose fee the contract sets (sent: it must be that fee). 0 on DISCOUNT removes the discount. */
  amount: number | null;
  /** A line's notes; the discount's reason (required for a discount above 0); a dry run's note. */
  notes: string | null;
}

export interface Actor {
  /** Who: the client id, or 'sandbox'. */
  by: string;
  now: number;
}

/** A dispute and how it ended, kept in the adjustments (the charge shows only the last reason). */
export interface DisputeEntry {
  reason: string;
  by: string;
  at_ms: number;
  resolved_by?: string;
  resolved_at_ms?: number;
  notes?: string | null;
  discount_amount?: number | null;
}

/** The adjustments as the desk keeps them: the rules' three, and the disputes' history. */
export type DeskAdjustments = ChargeAdjustments & { disputes?: DisputeEntry[] };

/** A state in which the command cannot apply (409 move_not_modifiable), or null. */
export function stateRefusal(command: Pick<DeskCommand, 'code'>, cancelStatus: string | null): string | null {
  if (cancelStatus === 'canceled') return 'it was canceled before anyone set out: its charge is 0 and takes no line or discount';
  if (cancelStatus === 'partial' && command.code === 'DRY_RUN') return 'it ended in a partial cancelation: the trip fee replaces any dry run';
  return null;
}

/** The adjustments after the command, or the problem with one of its fields (field_invalid). */
export function applyCommand(adjustments: DeskAdjustments, command: DeskCommand, contract: Contract, actor: Actor): RuleResult<DeskAdjustments> {
  const { by, now } = actor;
  switch (command.code) {
    case 'ACCESSORIAL': {
      const line = { code: command.code, name: command.name, amount: command.amount!, notes: command.notes, by, at_ms: now };
      return { ok: true, value: { ...adjustments, added: [...adjustments.added, line] } };
    }
    case 'DRY_RUN': {
      const fee = contract.accessorials.dry_run_fee;
      if (fee <= 0) return { ok: false, field: 'code', reason: `DRY_RUN is priced by the contract's dry_run_fee, and contract ${contract.id} has none: add the amount as an ACCESSORIAL line` };
      if (command.amount !== null && command.amount !== fee) {
        return { ok: false, field: 'amount', reason: `must be the dry_run_fee of contract ${contract.id}, ${renderCents(fee).toFixed(2)}, or be left out` };
      }
      return { ok: true, value: { ...adjustments, dry_runs: [...adjustments.dry_runs, { at_ms: now, by, note: command.notes }] } };
    }
    case 'DISCOUNT': {
      const amount = command.amount!;
      const discount = amount > 0 ? { amount, reason: command.notes!, by, at_ms: now } : null;
      return { ok: true, value: { ...adjustments, discount } };
    }
  }
}

/** A dispute opened (a second one while open replaces the reason: the dealer may restate it). */
export function disputed(adjustments: DeskAdjustments, reason: string, actor: Actor): DeskAdjustments {
  const open = adjustments.disputes?.at(-1);
  const earlier = open && open.resolved_at_ms === undefined ? adjustments.disputes!.slice(0, -1) : (adjustments.disputes ?? []);
  return { ...adjustments, disputes: [...earlier, { reason, by: actor.by, at_ms: actor.now }] };
}

export interface Resolution {
  notes: string | null;
  /** Cents; null: the discount stays as it is. */
  discountAmount: number | null;
}

/** The open dispute marked resolved (`reason`: the charge's dispute_reason, for a dispute without history). */
export function resolved(adjustments: DeskAdjustments, reason: string | null, resolution: Resolution, actor: Actor): DeskAdjustments {
  const disputes = [...(adjustments.disputes ?? [])];
  const open = disputes.at(-1);
  const entry = open && open.resolved_at_ms === undefined ? disputes.pop()! : { reason: reason ?? '', by: 'unknown', at_ms: actor.now };
  const { notes, discountAmount } = resolution;
  disputes.push({ ...entry, resolved_by: actor.by, resolved_at_ms: actor.now, notes, discount_amount: discountAmount });
  if (discountAmount === null) return { ...adjustments, disputes };
  // The discount given to settle it: its reason the notes, or the dispute it settles.
  const why = notes ?? `dispute resolved: ${entry.reason}`;
  return { ...adjustments, disputes, discount: discountAmount > 0 ? { amount: discountAmount, reason: why, by: actor.by, at_ms: actor.now } : null };
}
