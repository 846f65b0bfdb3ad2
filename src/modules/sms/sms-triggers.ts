// When the customer is texted (spec §8): pure rules over a scenario's legs, no clock, no database.
//
// Only the concierge endpoints text (kind `concierge` and `concierge-loaner`); one-way and
// round-trip bookings have no customer phone and text nobody. The four triggers:
//
// - confirmed  — `move.created` of the cardinality-0 move: one text per booking (a pair's two
//   move.created events give one message), with the appointment in the customer's local time.
// - on_the_way — the first step, in driving order, that heads to the customer's address: for a leg
//   whose pickup is the customer's address its `move.pickup.started`, for a leg whose delivery is
//   that address its `move.delivery.started`. Carries the tracking link of that leg.
// - arrived    — the matching `move.pickup.arrived` / `move.delivery.arrived` at the customer's address.
// - delivered  — `move.delivery.successful` of the customer_move leg, the customer's own vehicle:
//   on a return it is the leg that delivers to the customer ("has been delivered"), on a pickup the
//   leg that delivers to the service lot ("has arrived at <rooftop>").
//
// The customer's address is the customer location of the booking:
//   concierge-loaner pickup: customer_move.pickup_location   return: loaner_move.pickup_location
//   concierge pickup:        customer_move.pickup_location   return: customer_move.delivery_location
//
// What this gives, leg by leg (L0 = cardinality 0, L1 = cardinality 1):
//   concierge-loaner pickup  L0 loaner lot→customer: on_the_way = L0 delivery started,
//                            arrived = L0 delivery arrived; delivered = L1 (customer car →
//                            lot) delivery successful
//   concierge-loaner return  L0 customer car lot→customer: on_the_way = L0 delivery started,
//                            arrived = L0 delivery arrived, delivered = L0 delivery successful
//   concierge pickup         L0 customer→lot: on_the_way = pickup started, arrived = pickup
//                            arrived, delivered = delivery successful
//   concierge return         L0 lot→customer: on_the_way = delivery started, arrived = delivery
//                            arrived, delivered = delivery successful
// Leg 1 of a pair also starts at the customer's address, but it is not the *first* step heading
// there, so it texts nothing: each trigger happens at exactly one (leg, event) of a booking.
import type { EventType } from '../events/event-types.ts';

export const SMS_TRIGGERS = ['confirmed', 'on_the_way', 'arrived', 'delivered'] as const;
export type SmsTrigger = (typeof SMS_TRIGGERS)[number];

/** The scenario kinds whose customer is texted. */
export const TEXTING_KINDS = ['concierge', 'concierge-loaner'] as const;
export type TextingKind = (typeof TEXTING_KINDS)[number];

export const isTextingKind = (kind: string): kind is TextingKind => (TEXTING_KINDS as readonly string[]).includes(kind);

/** The event types that can trigger a text; anything else is skipped without a query. */
export const TRIGGERING_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'move.created',
  'move.pickup.started',
  'move.pickup.arrived',
  'move.delivery.started',
  'move.delivery.arrived',
  'move.delivery.successful',
]);

export interface Leg {
  cardinality: number;
  /** The move object's key: loaner_move, customer_move, … */
  role: string;
  pickupLocationId: number;
  deliveryLocationId: number;
}

export interface TriggerPoint {
  trigger: SmsTrigger;
  /** The leg whose event fires it. */
  cardinality: number;
  event: EventType;
}

const byRole = (legs: readonly Leg[], role: string) => legs.find((l) => l.role === role);

/** The location id of the customer's address, or null when the booking has no customer. */
export function customerLocationId(kind: string, action: string | null, legs: readonly Leg[]): number | null {
  if (kind === 'concierge-loaner') {
    const leg = byRole(legs, action === 'pickup' ? 'customer_move' : 'loaner_move');
    return leg?.pickupLocationId ?? null;
  }
  if (kind === 'concierge') {
    const leg = byRole(legs, 'customer_move');
    if (!leg) return null;
    return action === 'pickup' ? leg.pickupLocationId : leg.deliveryLocationId;
  }
  return null;
}

/** Every (leg, event) of the booking that texts the customer, with its trigger; [] for other kinds. */
export function triggerPlan(kind: string, action: string | null, legs: readonly Leg[]): TriggerPoint[] {
  if (!isTextingKind(kind) || (action !== 'pickup' && action !== 'return')) return [];
  const customer = customerLocationId(kind, action, legs);
  if (customer === null) return [];
  const ordered = [...legs].sort((a, b) => a.cardinality - b.cardinality);
  const plan: TriggerPoint[] = [];
  if (ordered[0]) plan.push({ trigger: 'confirmed', cardinality: ordered[0].cardinality, event: 'move.created' });

  // The driver's stops in order; the first one at the customer's address is where they head.
  const stops = ordered.flatMap((leg) => [
    { leg, at: leg.pickupLocationId, started: 'move.pickup.started', arrived: 'move.pickup.arrived' } as const,
    { leg, at: leg.deliveryLocationId, started: 'move.delivery.started', arrived: 'move.delivery.arrived' } as const,
  ]);
  const first = stops.find((s) => s.at === customer);
  if (first) {
    plan.push({ trigger: 'on_the_way', cardinality: first.leg.cardinality, event: first.started });
    plan.push({ trigger: 'arrived', cardinality: first.leg.cardinality, event: first.arrived });
  }

  const customersCar = byRole(ordered, 'customer_move');
  if (customersCar) plan.push({ trigger: 'delivered', cardinality: customersCar.cardinality, event: 'move.delivery.successful' });
  return plan;
}

/** The trigger an event of leg `cardinality` fires under `plan`, if any. */
export function triggerOf(plan: readonly TriggerPoint[], cardinality: number, event: string): SmsTrigger | null {
  return plan.find((p) => p.cardinality === cardinality && p.event === event)?.trigger ?? null;
}
