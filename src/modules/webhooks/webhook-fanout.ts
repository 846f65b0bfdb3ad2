// Every event goes to the matching subscriptions of its rooftop as durable `webhook.deliver`
// jobs, queued in the transaction that wrote the event: the event and its deliveries commit
// together or not at all, and a restart loses neither. One job per subscription and event (the
// dedupe key), so an event is never queued twice for the same receiver.
import type { Transaction } from '../../db/executor.ts';
import { enqueue } from '../../jobs/job-queue.ts';
import type { EventSubscriber, LoggedEvent } from '../events/event-log.ts';
import { type DeliverJob, WEBHOOK_DELIVER_JOB, WEBHOOK_MAX_ATTEMPTS } from './webhook-delivery.ts';
import { subscribesTo } from './webhook-request.ts';
import { activeSubscriptions } from './webhooks.repository.ts';

export const deliveryDedupeKey = (webhookId: number, eventId: string) => `webhook:${webhookId}:${eventId}`;

/**
 * The worker caps deliveries per this key: the target's host and port (URL.host, lowercased, no
 * default port). With the port, two receivers on one machine are two hosts; a tenant spreading
 * one dead server over many ports is held back by its rooftop's share instead.
 */
export function deliveryConcurrencyKey(targetUrl: string): string | null {
  try {
    return new URL(targetUrl).host;
  } catch {
    return null; // never stored: target_url is checked on the way in
  }
}

export class WebhookFanout implements EventSubscriber {
  async onEvents(trx: Transaction, events: LoggedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const rooftops = [...new Set(events.map((e) => Number(e.rooftop_id)))];
    const subscriptions = (await activeSubscriptions(trx, rooftops)).map((s) => ({
      id: Number(s.id),
      rooftopId: Number(s.rooftop_id),
      types: JSON.parse(s.event_types) as string[],
      concurrencyKey: deliveryConcurrencyKey(s.target_url),
    }));
    if (subscriptions.length === 0) return;
    for (const event of events) {
      for (const s of subscriptions) {
        if (s.rooftopId !== Number(event.rooftop_id) || !subscribesTo(s.types, event.type)) continue;
        // An appointment's (an invoice's) events have no move: they are ordered per appointment (invoice) instead.
        const payload: DeliverJob = {
          webhookId: s.id,
          eventId: event.id,
          ...(event.move_id !== null && { moveId: Number(event.move_id) }),
          ...(event.appointment_id !== null && { appointmentId: Number(event.appointment_id) }),
          ...(event.invoice_id !== null && { invoiceId: Number(event.invoice_id) }),
        };
        await enqueue(trx, {
          kind: WEBHOOK_DELIVER_JOB,
          payload,
          runAt: event.created_at,
          now: event.created_at,
          dedupeKey: deliveryDedupeKey(s.id, event.id),
          maxAttempts: WEBHOOK_MAX_ATTEMPTS,
          rooftopId: s.rooftopId,
          concurrencyKey: s.concurrencyKey,
        });
      }
    }
  }
}
