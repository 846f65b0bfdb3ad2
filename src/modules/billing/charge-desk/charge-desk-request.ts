// Reading the charge desk's requests (spec §12.2) into typed commands, every problem at once with
// its field (spec §4): POST /v1/ops/moves/:id/charges, the dispute and its resolution, and the
// sandbox's add-charge fields (accessorialCode, amount). Amounts are dollars with at most two
// decimals, read into cents by the contracts' reader.
import { FieldReader, Problems } from '../../../lib/validation.ts';
import { readAmount } from '../contracts/amount-request.ts';
import { COMPUTED_CODES, DESK_CODES, DESK_LIMITS, type DeskCode, type DeskCommand, type Resolution } from './charge-desk-rules.ts';

const CODE_LIST = DESK_CODES.map((c) => `"${c}"`).join(', ');

/** The code at `key`: one of DESK_CODES; a computed one is refused saying so. Undefined on a problem. */
function readCode(r: FieldReader, key: string, required: boolean): DeskCode | null | undefined {
  const code = r.string(key, { required });
  if (code === null || code === undefined) return code;
  if ((DESK_CODES as readonly string[]).includes(code)) return code as DeskCode;
  if ((COMPUTED_CODES as readonly string[]).includes(code)) {
    r.invalid(key, `${r.at(key)} ${code} is computed from the move's facts and its contract, not added by hand; send one of ${CODE_LIST}`);
  } else {
    r.invalid(key, `${r.at(key)} must be one of ${CODE_LIST}`);
  }
  return undefined;
}

/** The amount for the code (cents): above 0 but for DISCOUNT (0 removes it) and DRY_RUN (the fee is the contract's). */
function readCodeAmount(r: FieldReader, key: string, code: DeskCode | null | undefined, required: boolean): number | null | undefined {
  const amount = readAmount(r, key, required);
  if (amount === 0 && code === 'ACCESSORIAL') r.invalid(key, `${r.at(key)} must be more than 0: an ACCESSORIAL line of 0.00 charges nothing`);
  return amount;
}

/** POST /v1/ops/moves/:id/charges: `{ code, name?, amount, notes? }`. */
export function readDeskCommand(body: Record<string, unknown>): DeskCommand {
  const problems = new Problems();
  const r = FieldReader.root(problems, body);
  const code = readCode(r, 'code', true);
  const name = r.string('name', { required: false, max: DESK_LIMITS.name });
  const amount = readCodeAmount(r, 'amount', code, code !== 'DRY_RUN');
  const notes = r.string('notes', { required: false, max: DESK_LIMITS.notes });
  if (code === 'DISCOUNT' && amount && r.isAbsent('notes')) r.invalid('notes', 'notes is required for a DISCOUNT: it is the reason shown as discount_reason', 'field_missing');
  problems.throwIfAny();
  return { code: code!, name, amount: amount ?? null, notes };
}

/**
 * The sandbox's add-charge fields, read whenever sent and required for add-charge (field_missing
 * at accessorialCode and amount). A sandbox discount's reason says where it came from.
 */
export function readSandboxCharge(r: FieldReader, required: boolean): DeskCommand | null {
  const code = readCode(r, 'accessorialCode', required);
  const amount = readCodeAmount(r, 'amount', code, required);
  if (!required || !code || amount === undefined) return null;
  const notes = code === 'ACCESSORIAL' ? null : 'added by the sandbox add-charge sequence';
  return { code, name: null, amount, notes };
}

/** POST /v1/moves/:id/charge/dispute: `{ reason }`. */
export function readDispute(body: Record<string, unknown>): string {
  const problems = new Problems();
  const reason = FieldReader.root(problems, body).string('reason', { required: true, max: DESK_LIMITS.reason });
  problems.throwIfAny();
  return reason!;
}

/** POST /v1/ops/moves/:id/charge/resolve-dispute: `{ notes?, discount_amount? }`. */
export function readResolution(body: Record<string, unknown>): Resolution {
  const problems = new Problems();
  const r = FieldReader.root(problems, body);
  const notes = r.string('notes', { required: false, max: DESK_LIMITS.notes });
  const discountAmount = readAmount(r, 'discount_amount', false);
  problems.throwIfAny();
  return { notes, discountAmount: discountAmount ?? null };
}
