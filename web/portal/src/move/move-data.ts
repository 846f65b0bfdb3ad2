// What the move page reads from GET /v1/moves/:id and its timeline, and how it says it. The document
// has one shape per move type (a pair under two keys, a single move under `move` or `customer_move`);
// the page only needs its legs in driving order and the scenario's times, so it reads them here once.
// Nothing is computed that the API decides (status, prices, times): only worded and put in a zone.
import type { operations } from '@handoff/client';

export type MoveDocument = operations['getMove']['responses'][200]['content']['application/json'];
type LegOf<D> = D extends unknown ? Extract<D[keyof D], { move_id: number; cardinality: number }> : never;
export type Leg = LegOf<MoveDocument>;
export type Place = Leg['pickup_location'];
export type Photo = Leg['pickup_photos'][number];
export type Charge = Extract<Extract<MoveDocument, { charge: unknown }>['charge'], { id: number }>;
export type TimelinePage = operations['getMoveTimeline']['responses'][200]['content']['application/json'];
/** A timeline item as the page uses it: every type has these; `data` varies by type. */
export interface TimelineItem {
  id: string;
  at: string;
  type: string;
  actor: { kind: string; id: string | null; name: string | null };
  move_id: number;
  data: Record<string, unknown>;
}

/** The legs of the document, in driving order (cardinality 0 first). */
export function legsOf(doc: MoveDocument): Leg[] {
  const legs = Object.values(doc).filter(
    (v): v is Leg => !!v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Leg).move_id === 'number' && 'pickup_location' in v,
  );
  return legs.sort((a, b) => a.cardinality - b.cardinality);
}

/** The scenario's appointment and customer, which only the concierge documents carry. */
export function customerOf(doc: MoveDocument): { appointment: string | null; name: string | null } {
  const d = doc as { appointment_time_utc?: string | null; customer_name?: string | null };
  return { appointment: d.appointment_time_utc ?? null, name: d.customer_name ?? null };
}

/** The charge of a leg: inside the move object for a pair, at the top level for a single move; `{}` is none. */
export function chargeOf(doc: MoveDocument, leg: Leg): Charge | null {
  const own = (leg as { charge?: unknown }).charge ?? (doc as { charge?: unknown }).charge;
  return own && typeof own === 'object' && 'id' in own ? (own as Charge) : null;
}

const LEG_NAMES: Record<string, string> = {
  loaner_move: 'Loaner to the customer',
  customer_move: "Customer's vehicle",
  move: 'Move',
  move_one: 'Outbound',
  move_two: 'Return',
};

/** "Customer's vehicle", "Return": which leg this is, from its key in the document. */
export function legName(doc: MoveDocument, leg: Leg): string {
  const key = Object.entries(doc).find(([, v]) => v === leg)?.[0] ?? 'move';
  return LEG_NAMES[key] ?? 'Move';
}

const STATUS_WORDS: Record<string, string> = {
  booked: 'Booked, waiting for a driver',
  dispatched: 'A driver is assigned',
  'pickup started': 'The driver is on the way to the pickup',
  'pickup arrived': 'The driver is at the pickup',
  'pickup successful': 'The vehicle is picked up',
  'delivery started': 'On the way to the delivery',
  'delivery arrived': 'The driver is at the delivery',
  'delivery successful': 'Delivered',
};

const CANCEL_WORDS: Record<string, string> = {
  pending: 'Cancelation requested, waiting for a decision',
  canceled: 'Canceled',
  partial: 'Canceled after the driver set out (a trip fee applies)',
  failed: 'Cancelation refused: the vehicle was already picked up',
  rescheduled: 'Rescheduled',
};

/** The status in words, and the API's own string (what an integration sees). */
export function statusOf(leg: Pick<Leg, 'status' | 'cancel_status'>): { words: string; api: string } {
  if (leg.cancel_status && leg.cancel_status !== 'failed') {
    return { words: CANCEL_WORDS[leg.cancel_status] ?? leg.cancel_status, api: `cancel_status: ${leg.cancel_status}` };
  }
  const status = leg.status ?? 'booked';
  return { words: STATUS_WORDS[status] ?? status, api: leg.status === null ? 'status: null' : `status: ${leg.status}` };
}

/** A move can be edited only before pickup successful and while not canceled (spec §6): the API says so too. */
export const isEditable = (leg: Leg) =>
  !leg.cancel_status && !['pickup successful', 'delivery started', 'delivery arrived', 'delivery successful'].includes(leg.status ?? '');

/** A cancelation can be asked for while none is under way and the move is not finished. */
export const isCancelable = (leg: Leg) => (leg.cancel_status === null || leg.cancel_status === 'failed') && leg.status !== 'delivery successful';

export function vehicleName(v: Leg['vehicle']): string {
  const name = [v.year, v.make, v.model].filter(Boolean).join(' ');
  return [name || 'Vehicle', v.color ? `(${v.color})` : ''].filter(Boolean).join(' ');
}

/** "$45.01" */


const TIMELINE_WORDS: Record<string, string> = {
  'move.created': 'Booked',
  'move.updated': 'Details changed',
  'move.dispatched': 'Driver assigned',
  'move.pickup.started': 'Driver set out for the pickup',
  'move.pickup.arrived': 'Driver arrived at the pickup',
  'move.pickup.successful': 'Vehicle picked up',
  'move.delivery.started': 'On the way to the delivery',
  'move.delivery.arrived': 'Driver arrived at the delivery',
  'move.delivery.successful': 'Vehicle delivered',
  'move.cancel.pending': 'Cancelation requested',
  'move.cancel.succeeded': 'Canceled',
  'move.cancel.partial': 'Canceled with a trip fee',
  'move.cancel.failed': 'Cancelation refused',
  'move.rescheduled': 'Rescheduled',
  'move.damage.detected': 'New damage found at delivery',
  'move.bol.ready': 'Bill of lading ready',
  'photo.status.changed': 'Photo processed',
  'photo.received': 'Photo received',
  'driver.position': 'Driver position reported',
  'driver.location': 'Driver position',
  'condition_report.signed': 'Condition report signed',
  'charge.quoted': 'Price quoted',
  'charge.updated': 'Charge updated',
  'charge.disputed': 'Charge disputed',
  'sms.message': 'Text to the customer',
  'sms.opted_out': 'Customer opted out of texts',
  'webhook.delivery': 'Webhook delivery',
};

export const timelineWords = (type: string) => TIMELINE_WORDS[type] ?? type;

export function actorWords(actor: TimelineItem['actor']): string {
  switch (actor.kind) {
    case 'driver':
      return actor.name ? `Driver ${actor.name}` : 'Driver';
    case 'user':
      return 'Portal user';
    case 'client':
      return `API client ${actor.id ?? ''}`.trim();
    case 'customer':
      return 'Customer';
    case 'ops':
      return 'Dispatch';
    case 'system':
      return 'Handoff';
    default:
      return 'Dealer or dispatch';
  }
}

/** The driver's last reported position in these items (newest last), or null. */
export function lastPosition(items: readonly TimelineItem[]): { lat: number; lon: number; at: string } | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]!;
    const { lat, lon } = it.data as { lat?: unknown; lon?: unknown };
    if (it.type.startsWith('driver.') && typeof lat === 'number' && typeof lon === 'number') return { lat, lon, at: it.at };
  }
  return null;
}
