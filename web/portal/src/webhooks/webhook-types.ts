// The webhook documents as the typed client knows them, and the event types a subscription may
// choose, grouped for the form. The groups are keyed by every event type the API documents, so a type
// the API adds does not compile here until it is placed: the form never silently lacks one.
import type { operations } from '@handoff/client';
import { browserZone, formatZoned } from '../zoned-time.ts';

type Json<T extends keyof operations, S extends number> = operations[T]['responses'] extends Record<S, { content: { 'application/json': infer J } }> ? J : never;

export type Webhook = Json<'listWebhooks', 200>['webhooks'][number];
export type EventType = Webhook['event_types'][number];
export type NamedEventType = Exclude<EventType, '*'>;
export type DeliveryPage = Json<'listWebhookDeliveries', 200>;
export type Delivery = DeliveryPage['deliveries'][number];
export type TestResult = Json<'testWebhook', 200>;

export const ALL_EVENTS = '*' as const satisfies EventType;

type Group = 'Moves' | 'Inspections' | 'Scheduling' | 'Billing';

const GROUP_OF: Record<NamedEventType, Group> = {
  'move.created': 'Moves',
  'move.updated': 'Moves',
  'move.dispatched': 'Moves',
  'move.pickup.started': 'Moves',
  'move.pickup.arrived': 'Moves',
  'move.pickup.successful': 'Moves',
  'move.delivery.started': 'Moves',
  'move.delivery.arrived': 'Moves',
  'move.delivery.successful': 'Moves',
  'move.cancel.pending': 'Moves',
  'move.cancel.succeeded': 'Moves',
  'move.cancel.partial': 'Moves',
  'move.cancel.failed': 'Moves',
  'move.rescheduled': 'Moves',
  'photo.status.changed': 'Inspections',
  'move.damage.detected': 'Inspections',
  'move.bol.ready': 'Inspections',
  'appointment.created': 'Scheduling',
  'appointment.updated': 'Scheduling',
  'appointment.ready': 'Scheduling',
  'appointment.canceled': 'Scheduling',
  'charge.updated': 'Billing',
  'charge.disputed': 'Billing',
  'invoice.created': 'Billing',
  'invoice.closed': 'Billing',
};

export const EVENT_GROUPS: { name: Group; types: NamedEventType[] }[] = (['Moves', 'Inspections', 'Scheduling', 'Billing'] as const).map((name) => ({
  name,
  types: (Object.keys(GROUP_OF) as NamedEventType[]).filter((t) => GROUP_OF[t] === name),
}));

export const eventsLabel = (types: readonly EventType[]): string => (types.includes(ALL_EVENTS) ? 'Every event' : types.join(', '));

/**
 * A fresh signing secret: 32 random bytes, hex. The API takes the secret from its client and never
 * answers it back, so the page makes one and shows it once.
 */
export function newSigningSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** A delivery's or failure's time on the reader's own clock (a subscription may span rooftops), zone named. */
export const formatInstant = (iso: string): string => formatZoned(iso, browserZone(), 'dateTimeSeconds');
