// The form's values (by form key) → the booking body of its endpoint, and the API's error paths
// (spec §4 `field`) → the form key of the input they belong to. The only translations are where the
// form speaks the advisor's words: "customer's address" and "service lot" are one leg's pickup or
// the other's, by customer_action (spec §5.1, §5.2); the time is the service lot's local time.
import type { Problem } from '../api.ts';
import { type BookKind, formKeys } from './kinds.ts';
import { zonedToUtc } from '../zoned-time.ts';

export type Values = Record<string, string>;

/** Where the customer's address and the service lot go in the body, for this booking and action. */
function placePaths(kind: BookKind, values: Values): Record<string, string> {
  const pickup = values.customer_action !== 'return';
  if (kind.type === 'concierge-loaner') {
    return pickup
      ? { customer_address: 'customer_move.pickup_location', service_lot: 'loaner_move.pickup_location' }
      : { customer_address: 'loaner_move.pickup_location', service_lot: 'customer_move.pickup_location' };
  }
  if (kind.type === 'concierge') {
    return pickup
      ? { customer_address: 'customer_move.pickup_location', service_lot: 'customer_move.delivery_location' }
      : { customer_address: 'customer_move.delivery_location', service_lot: 'customer_move.pickup_location' };
  }
  return {};
}

const timeField = (kind: BookKind) => (kind.appointment ? 'appointment_time_utc' : 'ready_by_time_utc');

/** A form key's path in the body. */
export function bodyPath(kind: BookKind, values: Values, key: string): string {
  if (key === 'time') return timeField(kind);
  const [head, ...rest] = key.split('.');
  const place = placePaths(kind, values)[head!];
  return place ? [place, ...rest].join('.') : key;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = target;
  for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
  at[parts.at(-1)!] = value;
}

/**
 * The booking body: every filled field at its path (an empty one is left out, so the API says it
 * is missing), the manual-transmission boxes as booleans, the local time as a UTC instant (left
 * as typed when it is not a time, for the API to refuse at its field).
 */
export function bookingBody(kind: BookKind, values: Values, timeZone: string, extra: { holdId?: string | null; rooftop?: number | null } = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (kind.appointment) body.customer_action = values.customer_action || 'pickup';
  for (const key of formKeys(kind)) {
    const raw = (values[key] ?? '').trim();
    const path = bodyPath(kind, values, key);
    if (key.endsWith('.vehicle.manual')) setPath(body, path, raw === 'true');
    else if (key === 'time') {
      if (raw) setPath(body, path, zonedToUtc(raw, timeZone) ?? raw);
    } else if (raw && key !== 'customer_action') setPath(body, path, raw);
  }
  if (extra.holdId) body.hold_id = extra.holdId;
  if (extra.rooftop) body.rooftop = extra.rooftop;
  return body;
}

/** The form key a problem's field belongs to: the input itself, or a place's street when the whole place is wrong. */
export function formKeyOf(kind: BookKind, values: Values, field: string | null | undefined): string | null {
  if (!field) return null;
  const keys = formKeys(kind);
  const byPath = new Map(keys.map((k) => [bodyPath(kind, values, k), k]));
  if (field === 'reference_num' || field.endsWith('.reference_num')) field = field.replace(/reference_num$/, 'reference_id');
  return byPath.get(field) ?? byPath.get(`${field}.address_one`) ?? null;
}

export interface ShownProblems {
  /** By form key: what to show at the input. */
  at: Map<string, string[]>;
  /** Every problem, in the API's order, with the key of its input when it has one. */
  listed: { message: string; key: string | null }[];
}

export function showProblems(kind: BookKind, values: Values, problem: Problem | null): ShownProblems {
  const at = new Map<string, string[]>();
  const listed: ShownProblems['listed'] = [];
  const errors = problem?.errors?.length ? problem.errors : problem ? [{ code: problem.code, field: null, message: problem.message }] : [];
  for (const e of errors) {
    const key = formKeyOf(kind, values, e.field);
    const message = sentence(e.message);
    if (key) at.set(key, [...(at.get(key) ?? []), message]);
    listed.push({ message, key });
  }
  return { at, listed };
}

const sentence = (text: string) => {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
};
