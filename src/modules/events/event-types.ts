// The event types of spec §8, as stored and as sent.
export const EVENT_TYPES = [
  'move.created',
  'move.updated',
  'move.dispatched',
  'move.pickup.started',
  'move.pickup.arrived',
  'move.pickup.successful',
  'move.delivery.started',
  'move.delivery.arrived',
  'move.delivery.successful',
  'move.cancel.pending',
  'move.cancel.succeeded',
  'move.cancel.partial',
  'move.cancel.failed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
