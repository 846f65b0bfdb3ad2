// Prior damages (spec §10.4 "condition history per vehicle"): the findings of the vehicle's last
// signed delivery report, shown at the pickup of its next move, where the driver confirms or disputes
// each before the pickup may complete. Pure: the lifecycle, the driver's slot view and the data
// writes all judge the reviews here, so they can never disagree about what is still unreviewed.
//
// The reviews are pickup data under one key that is no step (ours): a list of
// `{ "panel", "type", "review": "confirmed" | "disputed", "note"? }`. A review names its damage by
// panel and type rather than by position, so it stays attached to the same damage whatever order
// the list is shown in; two findings of one type on one panel are one thing to the eye and share it.
import { DAMAGE_TYPES, PANELS } from '../condition/vehicle-panels.ts';
import type { DamageFinding } from '../condition/damage-diff.ts';
import { VALUE_LIMITS, type ValueProblem } from './step-values.ts';
import { unstorableCharacter } from '../../../lib/validation.ts';

/** The pickup data key the driver's reviews are written to (PATCH /v1/driver/moves/:id/workflows/pickup/data). */
export const PRIOR_DAMAGES_REVIEW_KEY = 'prior-damages-review';
export const REVIEWS = ['confirmed', 'disputed'] as const;
export type Review = (typeof REVIEWS)[number];

/** A finding of the vehicle's last signed delivery report, with where it comes from. */
export interface PriorDamage {
  panel: string;
  type: string;
  severity: number;
  note: string | null;
  from_move_id: number;
  /** When that delivery report was signed (epoch ms). */
  signed_at: number;
}

export interface PriorDamageReview {
  panel: string;
  type: string;
  review: Review;
  note: string | null;
}

/** The damage findings of a signed delivery slot (none when there is no such report). */
export function priorDamagesOf(delivery: { move_id: number; signed_at: number | null; data: string } | undefined): PriorDamage[] {
  if (!delivery || delivery.signed_at === null) return [];
  const damages = (JSON.parse(delivery.data) as Record<string, unknown>).damages;
  if (!Array.isArray(damages)) return [];
  return (damages as DamageFinding[]).map((f) => ({
    panel: f.panel,
    type: f.type,
    severity: f.severity,
    note: f.note ?? null,
    from_move_id: delivery.move_id,
    signed_at: delivery.signed_at!,
  }));
}

/** The reviews stored in a pickup slot's data. */
export function reviewsIn(data: Record<string, unknown>): PriorDamageReview[] {
  const value = data[PRIOR_DAMAGES_REVIEW_KEY];
  return Array.isArray(value) ? (value as PriorDamageReview[]) : [];
}

export function reviewOf(damage: PriorDamage, reviews: PriorDamageReview[]): Review | null {
  return reviews.find((r) => r.panel === damage.panel && r.type === damage.type)?.review ?? null;
}

/** The prior damages nobody has confirmed or disputed yet (none when the slot has none to review). */
export function unreviewedPriorDamages(state: { data: Record<string, unknown>; priorDamages?: PriorDamage[] }): PriorDamage[] {
  const reviews = reviewsIn(state.data);
  return (state.priorDamages ?? []).filter((d) => reviewOf(d, reviews) === null);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `value` may be stored as the reviews of these prior damages; none means it may. null clears. */
export function reviewProblems(value: unknown, prior: PriorDamage[]): ValueProblem[] {
  const key = PRIOR_DAMAGES_REVIEW_KEY;
  if (value === null) return [];
  const shape = `a list of {panel, type, review: ${REVIEWS.map((r) => `"${r}"`).join(' | ')}, note?}`;
  if (!Array.isArray(value)) return [{ field: key, message: `${key} must be ${shape}` }];
  if (value.length > VALUE_LIMITS.findings) return [{ field: key, message: `${key} may list at most ${VALUE_LIMITS.findings} reviews` }];
  const seen = new Set<string>();
  return value.flatMap((item, i) => {
    const path = `${key}.${i}`;
    if (!isObject(item)) return [{ field: path, message: `${path} must be an object {panel, type, review, note?}` }];
    const problems = itemProblems(path, item);
    if (problems.length) return problems;
    const id = `${item.type} on ${item.panel}`;
    if (!prior.some((d) => d.panel === item.panel && d.type === item.type)) {
      const known = prior.length ? `: the prior damages are ${[...new Set(prior.map((d) => `${d.type} on ${d.panel}`))].join(', ')}` : ': this vehicle has none';
      return [{ field: path, message: `${path} names no prior damage (${id})${known}` }];
    }
    if (seen.has(id)) return [{ field: path, message: `${path} reviews the ${id} a second time` }];
    seen.add(id);
    return [];
  });
}

function itemProblems(path: string, item: Record<string, unknown>): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const at = (key: string, message: string) => problems.push({ field: `${path}.${key}`, message: `${path}.${key} ${message}` });
  if (typeof item.panel !== 'string' || !(PANELS as readonly string[]).includes(item.panel)) at('panel', `must be one of ${PANELS.join(', ')}`);
  if (typeof item.type !== 'string' || !(DAMAGE_TYPES as readonly string[]).includes(item.type)) at('type', `must be one of ${DAMAGE_TYPES.join(', ')}`);
  if (typeof item.review !== 'string' || !(REVIEWS as readonly string[]).includes(item.review)) at('review', `must be one of ${REVIEWS.join(', ')}`);
  const note = item.note;
  if (note !== undefined && note !== null) {
    if (typeof note !== 'string') at('note', 'must be a string');
    else if (unstorableCharacter(note)) at('note', `must not contain ${unstorableCharacter(note)}`);
    else if (note.length > VALUE_LIMITS.note) at('note', `must be at most ${VALUE_LIMITS.note} characters`);
  }
  return problems;
}

/** The reviews as stored: keys in order, note null when absent. Call after reviewProblems found none. */
export function normalizeReviews(value: unknown[]): PriorDamageReview[] {
  return (value as Record<string, unknown>[]).map((r) => ({
    panel: r.panel as string,
    type: r.type as string,
    review: r.review as Review,
    note: (r.note as string | undefined) ?? null,
  }));
}
