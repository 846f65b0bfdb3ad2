// The event types of spec §8, §10, §11 and §12, as stored and as sent.
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
  // Inspections (spec §10): a photo stored and thumbnailed (data: the photo object), new or worse
  // damage at delivery (data: the move document and the diff), the evidence pack complete.
  'photo.status.changed',
  'move.damage.detected',
  'move.bol.ready',
  // Scheduling (spec §11): a move attempted and booked again for another time (data.move and
  // data.newMove: both scenarios' documents); an appointment's changes (data: the appointment).
  'move.rescheduled',
  'appointment.created',
  'appointment.updated',
  'appointment.ready',
  'appointment.canceled',
  // Money (spec §12): a move's charge changed (priced, final, settled, a line or discount added;
  // data: the move document, its charge inside), a charge disputed (data: the move document), an
  // invoice opened for a payer's week and an invoice closed (data: the invoice object).
  'charge.updated',
  'charge.disputed',
  'invoice.created',
  'invoice.closed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
