// What each consumer_action of an availability query (spec §11.3) books, as far as time goes: which
// end of the query is the consumer's (the other is the service lot unless given), the legs in
// driving order, and whether the driver must already be at the consumer at the slot's start (the
// ready-by is then the start less leg 0's drive, as the booking endpoints reckon it, §5.1–§5.2).

export const CONSUMER_ACTIONS = [
  'concierge-pu',
  'concierge-pu-no-rideshare',
  'concierge-ret',
  'concierge-loaner-pu',
  'concierge-loaner-ret',
  'one-way',
  'round-trip',
] as const;
export type ConsumerAction = (typeof CONSUMER_ACTIONS)[number];

/** An end of the query: its pickup_… or its delivery_… fields. */
export type End = 'pickup' | 'delivery';

export interface ActionShape {
  /** The end that must be given; the other defaults to the rooftop's service lot. */
  consumerEnd: End;
  /** Each leg as [from, to], in driving order. */
  legs: readonly (readonly [End, End])[];
  /** ready_by = start − leg 0's drive: the driver must be at the consumer's address at the start. */
  minusDrive: boolean;
}

const PICKUP_TO_DELIVERY = ['pickup', 'delivery'] as const;
const DELIVERY_TO_PICKUP = ['delivery', 'pickup'] as const;

export const ACTION_SHAPES: Readonly<Record<ConsumerAction, ActionShape>> = {
  // The driver collects the car at the consumer's at the start: ready when the driver arrives.
  'concierge-pu': { consumerEnd: 'pickup', legs: [PICKUP_TO_DELIVERY], minusDrive: false },
  // The same trip for us; "no rideshare" concerns how the consumer travels, not the driver's time.
  'concierge-pu-no-rideshare': { consumerEnd: 'pickup', legs: [PICKUP_TO_DELIVERY], minusDrive: false },
  // The car leaves the lot a drive before the start, to be at the consumer's at the start.
  'concierge-ret': { consumerEnd: 'delivery', legs: [PICKUP_TO_DELIVERY], minusDrive: true },
  // The loaner from the lot (the delivery end) to the consumer, the consumer's car back.
  'concierge-loaner-pu': { consumerEnd: 'pickup', legs: [DELIVERY_TO_PICKUP, PICKUP_TO_DELIVERY], minusDrive: true },
  // The consumer's car from the lot (the pickup end) to the consumer, the loaner back.
  'concierge-loaner-ret': { consumerEnd: 'delivery', legs: [PICKUP_TO_DELIVERY, DELIVERY_TO_PICKUP], minusDrive: true },
  // No consumer: the start is the ready-by at the pickup (the lot unless given); the far end is required.
  'one-way': { consumerEnd: 'delivery', legs: [PICKUP_TO_DELIVERY], minusDrive: false },
  'round-trip': { consumerEnd: 'delivery', legs: [PICKUP_TO_DELIVERY, DELIVERY_TO_PICKUP], minusDrive: false },
};

export const otherEnd = (end: End): End => (end === 'pickup' ? 'delivery' : 'pickup');
