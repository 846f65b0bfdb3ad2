// What each place of a trip is to the customer, and how the page may name it: the customer's own
// address is "you", the service lot goes by the rooftop's name (its street only when not hidden).
import type { LocationRow, MoveRow, RooftopRow, ScenarioRow } from '../../db/schema.ts';

/** customer: the customer's own place; lot: the dealer's service lot; other: anywhere else. */
export type PlaceKind = 'customer' | 'lot' | 'other';

export interface Place {
  kind: PlaceKind;
  /** How a sentence names it: "you", the rooftop's name, or the street. */
  phrase: string;
}

const sameStreet = (a: string, b: string) => a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * What each location of the scenario is to the customer. Concierge bookings say it outright (spec
 * §5.1, §5.2: the service lot and the customer's address); other bookings have no customer, and a
 * location is the service lot when it is the rooftop's own address.
 */
export function placeKinds(
  scenario: Pick<ScenarioRow, 'kind' | 'customer_action'>,
  moves: Pick<MoveRow, 'cardinality' | 'pickup_location_id' | 'delivery_location_id'>[],
  locations: Map<number, Pick<LocationRow, 'id' | 'address_one' | 'zip'>>,
  rooftop: Pick<RooftopRow, 'address_one' | 'zip'>,
): Map<number, PlaceKind> {
  const kinds = new Map<number, PlaceKind>();
  const leg0 = moves.find((m) => m.cardinality === 0);
  if (leg0 && scenario.kind === 'concierge-loaner') {
    // The driver always starts at the service lot; leg 0 takes a vehicle from it to the customer.
    kinds.set(leg0.pickup_location_id, 'lot');
    kinds.set(leg0.delivery_location_id, 'customer');
  } else if (leg0 && scenario.kind === 'concierge') {
    const [customer, lot] =
      scenario.customer_action === 'pickup'
        ? [leg0.pickup_location_id, leg0.delivery_location_id]
        : [leg0.delivery_location_id, leg0.pickup_location_id];
    kinds.set(customer, 'customer');
    kinds.set(lot, 'lot');
  }
  for (const m of moves) {
    for (const id of [m.pickup_location_id, m.delivery_location_id]) {
      if (kinds.has(id)) continue;
      const l = locations.get(id);
      kinds.set(id, l && l.zip === rooftop.zip && sameStreet(l.address_one, rooftop.address_one) ? 'lot' : 'other');
    }
  }
  return kinds;
}

/** The zone the customer reads times in: their own place's, else the rooftop's. */
export function customerZone(
  kinds: Map<number, PlaceKind>,
  locations: Map<number, Pick<LocationRow, 'timezone'>>,
  rooftop: Pick<RooftopRow, 'timezone'>,
): string {
  for (const [id, kind] of kinds) {
    const zone = kind === 'customer' ? locations.get(id)?.timezone : null;
    if (zone) return zone;
  }
  return rooftop.timezone;
}

export interface CustomerPlaces {
  /** A location as the timeline's sentences name it. */
  place(id: number): Place;
  /** The next stop as the ETA names it: the customer's own address is theirs; the lot's may be hidden. */
  destination(id: number): string;
}

export function customerPlaces(
  kinds: Map<number, PlaceKind>,
  locations: Map<number, LocationRow>,
  rooftop: Pick<RooftopRow, 'name'>,
  hideLot: boolean,
): CustomerPlaces {
  return {
    place(id) {
      const kind = kinds.get(id) ?? 'other';
      if (kind === 'customer') return { kind, phrase: 'you' };
      if (kind === 'lot') return { kind, phrase: rooftop.name };
      return { kind, phrase: locations.get(id)?.address_one ?? 'the destination' };
    },
    destination(id) {
      const kind = kinds.get(id) ?? 'other';
      const l = locations.get(id);
      if (kind === 'lot' && (hideLot || !l)) return rooftop.name;
      if (!l) return 'the destination';
      const street = [l.address_one, l.address_two].filter(Boolean).join(', ');
      return kind === 'lot' ? `${rooftop.name}, ${street}, ${l.city}` : `${street}, ${l.city}`;
    },
  };
}
