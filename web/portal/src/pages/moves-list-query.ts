// The moves list's filters: read from the page's address (so a filtered list can be bookmarked, shared
// and gone back to), written back to it, and turned into GET /v1/moves's query. Dates are the
// user's calendar days: `from` at the start of its day, `to` up to the end of its day (the API's
// `to` is exclusive, so it gets the next day's start).
import type { operations } from '@handoff/client';

export type MoveListQuery = NonNullable<operations['listMoves']['parameters']['query']>;
export type MoveList = operations['listMoves']['responses'][200]['content']['application/json'];
export type MoveItem = MoveList['moves'][number];
export type StatusFilter = NonNullable<MoveListQuery['status']>;

export const STATUS_FILTERS: readonly StatusFilter[] = [
  'booked',
  'dispatched',
  'pickup started',
  'pickup arrived',
  'pickup successful',
  'delivery started',
  'delivery arrived',
  'delivery successful',
];

export interface Filters {
  status: StatusFilter | '';
  /** YYYY-MM-DD, or '' */
  from: string;
  to: string;
  q: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function filtersFrom(query: Record<string, string | undefined>): Filters {
  const status = STATUS_FILTERS.find((s) => s === query.status) ?? '';
  const date = (v: string | undefined) => (v && DATE.test(v) ? v : '');
  return { status, from: date(query.from), to: date(query.to), q: (query.q ?? '').trim() };
}

/** The page's address for these filters (only the ones set). */
export function filtersUrl(f: Filters): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'from', 'to', 'q'] as const) if (f[key]) params.set(key, f[key]);
  const search = params.toString();
  return search ? `/portal/moves?${search}` : '/portal/moves';
}

/** Local midnight of a YYYY-MM-DD day, `plusDays` later, as an ISO instant. */
function dayStart(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** GET /v1/moves's query for these filters and page (`q` searches customer name, RO/reference, stock and VIN). */
export function apiQuery(f: Filters, cursor: string | null, limit: number): MoveListQuery {
  return {
    limit,
    ...(f.status ? { status: f.status } : {}),
    ...(f.from ? { from: dayStart(f.from) } : {}),
    ...(f.to ? { to: dayStart(f.to, 1) } : {}),
    ...(f.q ? { q: f.q } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** "Pickup started", "Booked": a status as a sentence would say it. */
export function statusLabel(move: Pick<MoveItem, 'status' | 'cancel_status'>): string {
  if (move.cancel_status === 'pending') return 'Cancelation pending';
  if (move.cancel_status === 'canceled') return 'Canceled';
  if (move.cancel_status === 'rescheduled') return 'Rescheduled';
  const text = move.status ?? 'booked';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function vehicleLabel(v: MoveItem['vehicle']): string {
  const name = [v.year, v.make, v.model].filter(Boolean).join(' ');
  return [name || 'Vehicle', v.color ? `(${v.color})` : ''].filter(Boolean).join(' ');
}

/** The move's reference and RO number, each once (a booking often sends the same one as both). */
export function referenceLabel(m: Pick<MoveItem, 'reference_id' | 'reference_num'>): string {
  return [...new Set([m.reference_id, m.reference_num].filter(Boolean))].join(' · ') || '—';
}

export const placeLabel = (l: MoveItem['pickup_location']): string => `${l.address_one}, ${l.city}`;

/**
 * The zone a move's times are shown in: its rooftop's (from GET /v1/rooftops), else — while that
 * list loads, or for a rooftop not in it — its pickup's, which for a dealer's move is the same lot.
 */
export const moveZone = (m: Pick<MoveItem, 'rooftop' | 'pickup_location'>, zoneOf: (id: number) => string | null): string | null =>
  zoneOf(m.rooftop) ?? m.pickup_location.timezone;
