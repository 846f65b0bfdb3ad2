// The charge object of the API (spec §12.2, doc shape): the doc's keys in the doc's order, then ours
// (code, basis, evidence) on each line. Money goes out as dollars with two decimals; an absent
// charge is `{}` (doc). Pure: from a charge value to JSON.
import { BASIS_MONEY_KEYS, type Basis, type ChargeLine, type JsonValue } from './charge-types.ts';
import { renderCents, sumCents } from '../../../lib/money.ts';

/** A stored charge as the document needs it (amounts in cents). */
export interface ChargeRecord {
  id: number;
  invoice_id: number | null;
  /** e.g. 'quoted', 'final', 'settled'. */
  status: string;
  disputed: boolean;
  dispute_reason: string | null;
  discount_reason?: string | null;
  /** Cents paid against this charge. */
  paid_amount: number;
  lines: readonly ChargeLine[];
}

/** Money in a basis is cents inside and dollars here, at any depth (e.g. basis.band.rate). */
function renderBasisValue(key: string, value: unknown): unknown {
  if (typeof value === 'number' && BASIS_MONEY_KEYS.has(key) && Number.isSafeInteger(value)) return renderCents(value);
  if (Array.isArray(value)) return value.map((v) => renderBasisValue('', v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderBasisValue(k, v)]));
  }
  return value;
}

export const renderBasis = (basis: Basis): Record<string, JsonValue> => renderBasisValue('', basis) as Record<string, JsonValue>;

export function renderLine(line: ChargeLine): Record<string, unknown> {
  const out: Record<string, unknown> = { name: line.name, amount: renderCents(line.amount), notes: line.notes };
  if (line.mileage_band) {
    const b = line.mileage_band;
    out.mileage_band = { rate: renderCents(b.rate), type: b.type, distance_start: b.distance_start, distance_end: b.distance_end, contract: { ...b.contract } };
  }
  if (line.documents) {
    out.documents = line.documents.map((d) => ({ name: d.name, url: d.url, created_at: d.created_at, 'mime-type': d.mime_type }));
  }
  out.code = line.code;
  out.basis = renderBasis(line.basis);
  out.evidence = line.evidence;
  return out;
}

/** The three amounts the doc shows, in cents: due is before the discount, balance after it and payments. */
export function chargeAmounts(lines: readonly ChargeLine[], paid: number): { due: number; discount: number; balance: number } {
  const due = sumCents(lines.filter((l) => l.code !== 'DISCOUNT').map((l) => l.amount));
  const discount = -sumCents(lines.filter((l) => l.code === 'DISCOUNT').map((l) => l.amount));
  return { due, discount, balance: due - paid - discount };
}

/** The charge object, or `{}` when the move has no charge (doc). */
export function renderCharge(charge: ChargeRecord | null): Record<string, unknown> {
  if (!charge) return {};
  const { due, discount, balance } = chargeAmounts(charge.lines, charge.paid_amount);
  const discountLine = charge.lines.find((l) => l.code === 'DISCOUNT');
  return {
    id: charge.id,
    invoice_id: charge.invoice_id,
    type: 'move',
    status: charge.status,
    disputed: charge.disputed,
    dispute_reason: charge.dispute_reason,
    discount_amount: renderCents(discount),
    discount_reason: charge.discount_reason ?? discountLine?.notes ?? null,
    due_amount: renderCents(due),
    paid_amount: renderCents(charge.paid_amount),
    balance_remaining: renderCents(balance),
    details: charge.lines.map(renderLine),
  };
}
